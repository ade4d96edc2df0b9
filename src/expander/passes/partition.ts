/**
 * Partition (docs/scaling.md): an app that fits one stack stays one stack. One that does not keeps its
 * shared and stateful resources in the root and moves each user function, with everything that belongs
 * to it (the nodes of its `unit`), into one of NESTED_STACKS nested stacks chosen by a hash of the
 * function's name alone. Adding, removing or renaming a function therefore changes only the nested
 * stack that holds it, and never moves another one. This pass only places nodes and adds the stack
 * resources; `template/split.ts` writes the templates once the graph is assembled.
 */
import type { AppContext } from "../context.js";
import { fnv } from "../hash.js";
import type { Node, ResourceGraph } from "../graph.js";
import { nestedStackId } from "../names.js";
import { LIMITS } from "../template/assemble.js";
import type { Pass } from "./pass.js";
import { rulesByFunction } from "./rules.js";

/** Fixed for good: changing it would move most functions of every split app. */
export const NESTED_STACKS = 16;

/** The nested stack of a user function: a hash of its name, nothing else. */
export const stackOfFunction = (name: string) => nestedStackId(fnv(name)[0] % NESTED_STACKS);

/**
 * Whether the app plainly passes 500 resources in one stack: what the graph holds, the permission the
 * pass `rules` adds per function its rules invoke, and the user's own resources. An app found too big
 * only once assembled (its bytes, the failure queue's policy) is expanded again with `layout: nested`
 * (src/expander/index.ts), so that an app that fits one stack always stays one.
 */
function plainlyTooBig(ctx: AppContext, graph: ResourceGraph): boolean {
  const resources = graph.nodes.length + rulesByFunction(graph).size + ctx.around.resourceTypes.size - 1; // the app itself leaves
  return resources > LIMITS.resources;
}

export const partition: Pass = {
  name: "partition",
  run(ctx, graph) {
    if (ctx.layout === "auto" && !plainlyTooBig(ctx, graph)) return [];
    const stacks = new Set<string>();
    for (const node of graph.nodes) {
      if (node.unit === undefined) continue;
      node.stack = stackOfFunction(node.unit);
      stacks.add(node.stack);
    }
    for (const id of [...stacks].sort()) {
      const stack: Node = {
        id,
        resource: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: `${id}.json` } },
        origin: ctx.path,
      };
      graph.add(stack);
    }
    return [];
  },
};
