/** `pareto expand --package-dry-run`: the packaging plan, and the template as if packaged. Builds nothing. */
import { PackageError } from "./errors.js";
import { checkedPlan } from "./index.js";
import { rewriteTemplate } from "./rewrite.js";
import type { Source } from "./source.js";

/** Placeholders where `pareto package` would write the bucket and the content-hash key. */
const DRY_RUN_BUCKET = "pareto-package-dry-run";
const dryRunKey = (source: Source) => `dry-run/${source.id.replace(/[^A-Za-z0-9._]+/g, "-")}.zip`;

export type DryRun = { ok: true; template: unknown; sources: Source[] } | { ok: false; errors: string[] };

/** Every problem `pareto package` would stop on before building, or the plan and the rewritten template. */
export function dryRunPackage(template: unknown, templateDir: string): DryRun {
  try {
    const { plan, sources } = checkedPlan(template, templateDir);
    const locations = new Map(sources.map((source) => [source.id, { bucket: DRY_RUN_BUCKET, key: dryRunKey(source) }]));
    return { ok: true, template: rewriteTemplate(template, plan, locations), sources };
  } catch (error) {
    if (error instanceof PackageError) return { ok: false, errors: error.problems };
    throw error;
  }
}
