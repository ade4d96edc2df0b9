/**
 * The front half every command shares (expand, package, graph): find the app, validate it against the
 * schema, normalise intrinsics and build the context. Cross-reference checks belong to expansion.
 */
import type { ParetoApp } from "../generated/dsl.js";
import { type AppContext, createContext } from "./context.js";
import { normaliseIntrinsics } from "./intrinsics.js";
import { locateApp } from "./read.js";
import type { Template } from "./types.js";
import { NESTED_STACKS } from "./passes/partition.js";
import { LIMITS } from "./template/assemble.js";
import { boundsError } from "./validate/bounds.js";
import { schemaErrors } from "./validate/schema.js";

export type Analysis =
  | { ok: false; errors: string[] }
  /** `app` is absent when the template has no Pareto::App (it passes through as it is). */
  | { ok: true; template: Template; app?: { id: string; ctx: AppContext } };

const MACRO_NAME = "Pareto";

/** The CLI reads whole templates: drop our own entry from `Transform`, keep any others. */
function withoutOwnTransform(template: Record<string, unknown>): Record<string, unknown> {
  if (!("Transform" in template)) return template;
  const { Transform: transform, ...rest } = template;
  const remaining = (Array.isArray(transform) ? transform : [transform]).filter((t) => t !== MACRO_NAME);
  if (remaining.length === 0) return rest;
  return { ...template, Transform: Array.isArray(transform) ? remaining : remaining[0] };
}

/**
 * A lower bound of what an app expands to, known from its DSL alone: every function has at least its
 * function, role and log group, and every event its rule. An app far over the limit is refused before
 * work that grows with it.
 */
function leastResources(dsl: ParetoApp): number {
  return Object.values(dsl.functions ?? {}).reduce((sum, fn) => sum + 3 + (fn.events?.length ?? 0), 0);
}

export interface AnalyseOptions {
  /** Refuse an app that cannot fit CloudFormation's 500 resources before any work that grows with it. */
  checkLimits?: boolean;
}

export function analyse(input: unknown, options: AnalyseOptions = {}): Analysis {
  const tooBig = boundsError(input);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const located = locateApp(input);
  if (located.kind === "errors") return { ok: false, errors: located.errors };
  const template = withoutOwnTransform(input as Record<string, unknown>) as Template;
  if (located.kind === "none") return { ok: true, template };
  const invalid = schemaErrors(located.properties, located.path);
  if (invalid.length) return { ok: false, errors: invalid };
  const least = leastResources(located.properties as ParetoApp);
  const most = LIMITS.resources * (NESTED_STACKS + 1);
  if ((options.checkLimits ?? true) && least > most)
    return {
      ok: false,
      errors: [
        `Resources.${located.id}: this app expands to at least ${least} resources; one app holds at most ${most} ` +
          `(CloudFormation's ${LIMITS.resources} in its stack and in each of its ${NESTED_STACKS} nested stacks: docs/scaling.md)`,
      ],
    };
  const ctx = createContext(normaliseIntrinsics(located.properties) as ParetoApp, located.path, template);
  return { ok: true, template, app: { id: located.id, ctx } };
}
