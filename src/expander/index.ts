/**
 * expand(template) -> the template with its Pareto::App replaced by plain CloudFormation.
 * Pure: data in, data out. analyse (read -> schema -> context) -> cross-reference checks -> build
 * (constructs fill the resource graph) -> passes (rules that cut across constructs) -> assemble.
 */
import { type Analysis, analyse } from "./analyse.js";
import { CONSTRUCTS } from "./constructs/index.js";
import type { AppContext } from "./context.js";
import { ResourceGraph } from "./graph.js";
import { PASSES } from "./passes/index.js";
import { NESTED_STACKS } from "./passes/partition.js";
import { assemble, limitExcesses } from "./template/assemble.js";
import { type NestedStack, type Placement, split } from "./template/split.js";
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
  | {
      ok: true;
      /** The template; for an app split into nested stacks, the root. */
      template: Template;
      /** The nested stacks' templates (none for an app that fits one stack): docs/scaling.md. */
      stacks: NestedStack[];
      warnings: string[];
      inferredParameters: string[];
    }
  | { ok: false; errors: string[]; warnings: string[] };

export function expand(input: unknown, options: ExpandOptions = {}): ExpandResult {
  return expandAnalysis(analyse(input, { checkLimits: options.checkLimits ?? true }), options);
}

/** The back half: cross-reference checks, constructs, passes, assembly. */
export function expandAnalysis(analysis: Analysis, options: ExpandOptions = {}): ExpandResult {
  if (!analysis.ok) return { ok: false, errors: analysis.errors, warnings: [] };
  const { template, app } = analysis;
  if (!app) return { ok: true, template, stacks: [], warnings: [], inferredParameters: [] };
  const { ctx } = app;
  const problems = CONSTRUCTS.flatMap((construct) => construct.check?.(ctx) ?? []);
  if (problems.length) return { ok: false, errors: problems, warnings: [] };

  // The pass `partition` splits an app whose resources plainly pass 500; one that passes a limit only
  // once assembled (its bytes, say) is expanded again, split (docs/scaling.md).
  const once = expandWith(ctx, template, app.id, options);
  if (!once.tooBig.length) return once.result;
  const nested = expandWith({ ...ctx, layout: "nested" }, template, app.id, options).result;
  if (!nested.ok || nested.stacks.length) return nested;
  // Nothing to move (no functions): the one stack is too big.
  return { ok: false, errors: once.tooBig.map((excess) => oneStackLimitError(app.id, excess)), warnings: once.result.warnings };
}

type Excess = ReturnType<typeof limitExcesses>[number];

const oneStackLimitError = (appId: string, { what, count, limit }: Excess) =>
  what === "bytes"
    ? `Resources.${appId}: the expanded template is ${count} bytes; CloudFormation's limit is ${limit} bytes (1 MB)`
    : `Resources.${appId}: this app expands to ${count} ${what}; CloudFormation's limit is ${limit}`;

/**
 * One expansion with `ctx`'s layout. `tooBig`: for a valid app left in one stack, the limits splitting
 * would lift (resources, bytes), for the caller to split it; the others (parameters, outputs, which
 * stay in the root however the app is laid out) are errors here.
 */
function expandWith(
  ctx: AppContext,
  template: Template,
  appId: string,
  options: ExpandOptions,
): { result: ExpandResult; tooBig: Excess[] } {
  const result = (value: ExpandResult, tooBig: Excess[] = []) => ({ result: value, tooBig });
  const graph = new ResourceGraph();
  const warnings: string[] = [];
  const report = { warn: (message: string) => warnings.push(message) };
  for (const construct of CONSTRUCTS) construct.build(ctx, graph, report);
  const passErrors = PASSES.flatMap((pass) => pass.run(ctx, graph, report));
  if (passErrors.length) return result({ ok: false, errors: passErrors, warnings });

  const placement = placementOf(graph);
  const checkLimits = options.checkLimits ?? true;
  const assembled = assemble(template, appId, graph, { functionNames: ctx.functions.map((fn) => fn.name) });
  const errors = [...assembled.errors];
  const excesses = checkLimits && !placement.stacks.length ? limitExcesses(assembled.template) : [];
  const liftedBySplitting = (excess: Excess) => excess.what === "resources" || excess.what === "bytes";
  errors.push(...excesses.filter((excess) => !liftedBySplitting(excess)).map((excess) => oneStackLimitError(appId, excess)));
  if (options.strict)
    errors.push(
      ...assembled.inferredParameters.map(
        (name) => `Parameters.${name}: inferred (referred to but not declared); declare it, or expand without --strict`,
      ),
    );
  if (errors.length) return result({ ok: false, errors, warnings });
  if (!placement.stacks.length)
    return result(
      { ok: true, template: assembled.template, stacks: [], warnings, inferredParameters: assembled.inferredParameters },
      excesses.filter(liftedBySplitting),
    );

  const { root, stacks } = split(assembled.template, placement);
  if (checkLimits) errors.push(...splitLimitErrors(appId, root, stacks));
  if (errors.length) return result({ ok: false, errors, warnings });
  return result({ ok: true, template: root, stacks, warnings, inferredParameters: assembled.inferredParameters });
}

/** Where the pass `partition` put each resource. */
function placementOf(graph: ResourceGraph): Placement {
  const stackOf = new Map<string, string>();
  const perStack = new Set<string>();
  for (const node of graph.nodes) {
    if (node.stack !== undefined) stackOf.set(node.id, node.stack);
    if (node.perStack) perStack.add(node.id);
  }
  const stacks = stackOf.size ? graph.ofType("AWS::CloudFormation::Stack").map((node) => node.id) : [];
  return { stackOf, stacks, perStack };
}

function splitLimitErrors(appId: string, root: Template, stacks: NestedStack[]): string[] {
  const where = `Resources.${appId}`;
  const errors = limitExcesses(root).map(({ what, count, limit }) =>
    what === "bytes"
      ? `${where}: the root template is ${count} bytes without the functions; CloudFormation's limit is ${limit} bytes (1 MB)`
      : `${where}: the root stack holds ${count} ${what} without the functions; CloudFormation's limit is ${limit}`,
  );
  for (const { id, template } of stacks)
    for (const { what, count, limit } of limitExcesses(template))
      errors.push(
        `${where}: nested stack ${id} would hold ${count} ${what === "bytes" ? "bytes" : what}; CloudFormation's limit is ${limit}. ` +
          `Functions are placed in ${NESTED_STACKS} nested stacks by a hash of their names (docs/scaling.md): split the app in two`,
      );
  return errors;
}

/** Deterministic serialisation: same input, same bytes. */
export const serialise = (template: Template) => `${JSON.stringify(template, null, 2)}\n`;
