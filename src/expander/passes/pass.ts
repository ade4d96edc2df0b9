import type { Report } from "../constructs/construct.js";
import type { AppContext } from "../context.js";
import type { ResourceGraph } from "../graph.js";

/**
 * A rule that cuts across constructs, applied once to the whole graph after every construct has
 * built (docs/architecture.md). It may add nodes, rewrite them, report warnings (`report`, absent when
 * a test runs a pass alone), or return errors (`<DSL path>: ...`).
 */
export interface Pass {
  name: string;
  run(ctx: AppContext, graph: ResourceGraph, report?: Report): string[];
}
