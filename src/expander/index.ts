/**
 * expand(template) -> the template with its Pareto::App replaced by plain CloudFormation.
 * Pure: data in, data out. read -> validate (schema, then cross-references) -> build -> assemble.
 */
import type { ParetoApp } from "../generated/dsl.js";
import { CONSTRUCTS } from "./constructs/index.js";
import { createContext } from "./context.js";
import { normaliseIntrinsics } from "./intrinsics.js";
import { locateApp } from "./read.js";
import { assemble } from "./template/assemble.js";
import { emptyFragment, type Template } from "./types.js";
import { schemaErrors } from "./validate/schema.js";

export interface ExpandOptions {
  /** An inferred parameter is an error (every parameter must be declared). */
  strict?: boolean;
  /**
   * CloudFormation's per-template limits (resources, parameters, outputs, 1 MB). On by default; the
   * benchmark turns them off to measure apps larger than one template may be.
   */
  checkLimits?: boolean;
}

export type ExpandResult =
  | { ok: true; template: Template; warnings: string[]; inferredParameters: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

const MACRO_NAME = "Pareto";

/** The CLI reads whole templates: drop our own entry from `Transform`, keep any others. */
function withoutOwnTransform(template: Record<string, unknown>): Record<string, unknown> {
  if (!("Transform" in template)) return template;
  const { Transform: transform, ...rest } = template;
  const remaining = (Array.isArray(transform) ? transform : [transform]).filter((t) => t !== MACRO_NAME);
  if (remaining.length === 0) return rest;
  return { ...template, Transform: Array.isArray(transform) ? remaining : remaining[0] };
}

export function expand(input: unknown, options: ExpandOptions = {}): ExpandResult {
  const located = locateApp(input);
  if (located.kind === "errors") return { ok: false, errors: located.errors, warnings: [] };
  const template = withoutOwnTransform(input as Record<string, unknown>) as Template;
  if (located.kind === "none") return { ok: true, template, warnings: [], inferredParameters: [] };

  const invalid = schemaErrors(located.properties, located.path);
  if (invalid.length) return { ok: false, errors: invalid, warnings: [] };

  const ctx = createContext(normaliseIntrinsics(located.properties) as ParetoApp, located.path);
  const problems = CONSTRUCTS.flatMap((construct) => construct.check?.(ctx) ?? []);
  if (problems.length) return { ok: false, errors: problems, warnings: [] };

  const fragment = emptyFragment();
  const warnings: string[] = [];
  for (const construct of CONSTRUCTS) construct.build(ctx, fragment, { warn: (message) => warnings.push(message) });

  const assembled = assemble(template, located.id, fragment, options.checkLimits ?? true);
  const errors = [...assembled.errors];
  if (options.strict)
    errors.push(
      ...assembled.inferredParameters.map(
        (name) => `Parameters.${name}: inferred (referred to but not declared); declare it, or expand without --strict`,
      ),
    );
  if (errors.length) return { ok: false, errors, warnings };
  return { ok: true, template: assembled.template, warnings, inferredParameters: assembled.inferredParameters };
}

/** Deterministic serialisation: same input, same bytes. */
export const serialise = (template: Template) => `${JSON.stringify(template, null, 2)}\n`;
