import type { AppContext } from "../context.js";
import type { ResourceGraph } from "../graph.js";

/** Warnings found while building (never errors: those are found by `check`, before building). */
export interface Report {
  warn(message: string): void;
}

/**
 * One DSL construct: `check` finds every cross-reference problem (each `<DSL path>: <message>`);
 * `build` turns a checked DSL into CloudFormation. Both are pure.
 */
export interface Construct {
  name: string;
  check?(ctx: AppContext): string[];
  build(ctx: AppContext, graph: ResourceGraph, report: Report): void;
}
