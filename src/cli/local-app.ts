/**
 * The app of a template file as the local commands (`validate`, `graph`, `sample`, `match`, `invoke`,
 * `logs`) see it: local `code` paths stand for what `pareto package` would upload (as `pareto expand
 * --package-dry-run`), so a template that is not packaged yet loads too.
 */
import { type Loaded, type LoadOptions, loadApp } from "../local/app.js";
import { type DryRun, dryRunPackage } from "../package/dry-run.js";
import { templateDir } from "./template-file.js";

/** The template with its local code paths replaced by what `pareto package` would upload (nothing is built). */
export const asPackaged = (template: unknown, path: string): DryRun => dryRunPackage(template, templateDir(path));

export function loadLocalApp(template: unknown, path: string, options: LoadOptions = {}): Loaded {
  const packaged = asPackaged(template, path);
  if (!packaged.ok) return { ok: false, errors: packaged.errors, warnings: [] };
  return loadApp(packaged.template, options);
}
