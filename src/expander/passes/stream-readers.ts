/**
 * At most two readers per DynamoDB stream: more than two processes reading one shard are throttled
 * (DynamoDB developer guide, "DynamoDB Streams"), so the table bridge and `consume: {source: table}`
 * functions together may be two. Counted over every event source mapping, whichever construct made it.
 */
import type { Node } from "../graph.js";
import { getAttTarget } from "../intrinsics.js";
import type { Pass } from "./pass.js";

export const MAX_STREAM_READERS = 2;

export const streamReaders: Pass = {
  name: "stream readers",
  run(_ctx, graph) {
    const readers = new Map<string, Node[]>();
    for (const mapping of graph.ofType("AWS::Lambda::EventSourceMapping")) {
      const table = getAttTarget(mapping.resource.Properties.EventSourceArn, "StreamArn");
      if (table !== undefined) readers.set(table, [...(readers.get(table) ?? []), mapping]);
    }
    return [...readers].flatMap(([table, mappings]) =>
      mappings.length <= MAX_STREAM_READERS
        ? []
        : [
            `${mappings[MAX_STREAM_READERS].origin}: ${table}'s stream would have ${mappings.length} readers (${mappings.map((m) => m.origin).join(", ")}); DynamoDB throttles more than ${MAX_STREAM_READERS} per shard: consume it from fewer functions, or subscribe to the bridged events instead`,
          ],
    );
  },
};
