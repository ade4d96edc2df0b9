import type { AppContext } from "../context.js";
import type { ResourceGraph } from "../graph.js";

/**
 * A rule that cuts across constructs, applied once to the whole graph after every construct has
 * built (docs/architecture.md). It may add nodes, rewrite them, or report errors (`<DSL path>: ...`).
 */
export interface Pass {
  name: string;
  run(ctx: AppContext, graph: ResourceGraph): string[];
}
