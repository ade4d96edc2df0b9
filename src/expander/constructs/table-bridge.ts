/** Each table stream's bridge to EventBridge, for the tables with a stream (src/expander/sources/table.ts). */
import { table } from "../sources/table.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

export const tableBridge: Construct = {
  name: "table-bridge",
  build(ctx, graph) {
    for (const [name, { spec, path }] of ctx.tables) if (spec.stream) table.bridge?.(ctx, graph.writer(childPath(path, "stream")), name);
  },
};
