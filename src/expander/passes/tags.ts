/**
 * Tags: the app's `tags` on every generated resource whose type takes tags, in the form that type
 * takes them. Which types take tags, and how, comes from the resource schemas the pinned cfn-lint
 * ships (src/expander/aws/resource-types.ts), so a new resource type cannot be forgotten.
 */
import { TAGGING } from "../aws/resource-types.js";
import type { Pass } from "./pass.js";

export const tags: Pass = {
  name: "tags",
  run(ctx, graph) {
    if (!ctx.tags.length) return [];
    const list = ctx.tags.map(({ key, value }) => ({ Key: key, Value: value }));
    const map = Object.fromEntries(ctx.tags.map(({ key, value }) => [key, value]));
    for (const { resource } of graph.nodes) {
      const form = TAGGING[resource.Type];
      if (form) resource.Properties[form.property] = form.format === "list" ? list : map;
    }
    return [];
  },
};
