/** The table stream's bridge to EventBridge, when the table has a stream (src/expander/sources/table.ts). */
import { table } from "../sources/table.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

export const tableBridge: Construct = {
  name: "table-bridge",
  build(ctx, graph) {
    if (ctx.dsl.table?.stream) table.bridge?.(ctx, graph.writer(childPath(childPath(ctx.path, "table"), "stream")), "");
  },
};
