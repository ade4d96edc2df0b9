/**
 * The app of a template file as the local commands (`sample`, `match`, `invoke`, `logs`) see it: local
 * `code` paths stand for what `pareto package` would upload (as `pareto expand --package-dry-run`), so a
 * template that is not packaged yet loads too.
 */
import { type Loaded, type LoadOptions, loadApp } from "../local/app.js";
import { dryRunPackage } from "../package/dry-run.js";
import { templateDir } from "./template-file.js";

export function loadLocalApp(template: unknown, path: string, options: LoadOptions = {}): Loaded {
  const packaged = dryRunPackage(template, templateDir(path));
  if (!packaged.ok) return { ok: false, errors: packaged.errors, warnings: [] };
  return loadApp(packaged.template, options);
}
