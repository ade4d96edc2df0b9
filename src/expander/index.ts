/**
 * expand(template) -> the template with its Pareto::App replaced by plain CloudFormation.
 * Pure: data in, data out. analyse (read -> schema -> context) -> cross-reference checks -> build
 * (constructs fill the resource graph) -> passes (rules that cut across constructs) -> assemble.
 */
import { type Analysis, analyse } from "./analyse.js";
import { CONSTRUCTS } from "./constructs/index.js";
import { ResourceGraph } from "./graph.js";
import { PASSES } from "./passes/index.js";
import { assemble } from "./template/assemble.js";
import type { Template } from "./types.js";

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

export function expand(input: unknown, options: ExpandOptions = {}): ExpandResult {
  return expandAnalysis(analyse(input, { checkLimits: options.checkLimits ?? true }), options);
}

/** The back half: cross-reference checks, constructs, passes, assembly. */
export function expandAnalysis(analysis: Analysis, options: ExpandOptions = {}): ExpandResult {
  if (!analysis.ok) return { ok: false, errors: analysis.errors, warnings: [] };
  const { template, app } = analysis;
  if (!app) return { ok: true, template, warnings: [], inferredParameters: [] };
  const { ctx } = app;
  const problems = CONSTRUCTS.flatMap((construct) => construct.check?.(ctx) ?? []);
  if (problems.length) return { ok: false, errors: problems, warnings: [] };

  const graph = new ResourceGraph();
  const warnings: string[] = [];
  const report = { warn: (message: string) => warnings.push(message) };
  for (const construct of CONSTRUCTS) construct.build(ctx, graph, report);
  const passErrors = PASSES.flatMap((pass) => pass.run(ctx, graph, report));
  if (passErrors.length) return { ok: false, errors: passErrors, warnings };

  const assembled = assemble(template, app.id, graph, {
    functionNames: ctx.functions.map((fn) => fn.name),
    checkLimits: options.checkLimits ?? true,
  });
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
