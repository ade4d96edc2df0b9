/**
 * Every physical name Pareto sets fits its limit once CloudFormation has resolved it (intrinsics at
 * their longest), and is derived from the stack where its uniqueness reaches beyond the stack
 * (src/expander/aws/physical-names.ts). AWS checks both only when it creates the resource.
 */
import { NAMED_PROPERTIES, type NamedProperty, type NameScope } from "../aws/physical-names.js";
import { LengthEstimator, surroundingsOf } from "../template/estimate.js";
import { collectReferences } from "../template/references.js";
import type { Pass } from "./pass.js";

/** What a name of each scope must refer to, as it appears in the name's JSON. */
const DERIVED_FROM: ReadonlyMap<NameScope, readonly string[]> = new Map([
  ["parent", []],
  ["region", ["AWS::StackName", "AWS::StackId"]],
  ["global", ["AWS::StackId"]],
]);

const NAMED = new Map<string, NamedProperty[]>();
for (const named of NAMED_PROPERTIES) NAMED.set(named.type, [...(NAMED.get(named.type) ?? []), named]);

const at = (properties: Record<string, unknown>, path: readonly string[]) =>
  path.reduce<unknown>(
    (value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined),
    properties,
  );

export const physicalNames: Pass = {
  name: "physical names",
  run(ctx, graph) {
    const estimator = new LengthEstimator(surroundingsOf(ctx.around, graph));
    const errors: string[] = [];
    for (const node of graph.nodes) {
      for (const { path, max, scope } of NAMED.get(node.resource.Type) ?? []) {
        const name = at(node.resource.Properties, path);
        if (name === undefined) continue;
        const property = () => `${node.id}.${path.join(".")}`;
        const longest = estimator.longest(name);
        if (longest > max) errors.push(`${node.origin}: ${property()} may be ${longest} characters once deployed, over AWS's ${max}`);
        const needed = DERIVED_FROM.get(scope) ?? [];
        if (needed.length && !collectReferences(name).some(({ target }) => needed.includes(target)))
          errors.push(
            `${node.origin}: ${property()} must be derived from ${needed.join(" or ")}: it is unique per ${scope === "region" ? "account and region" : "account across regions"}`,
          );
      }
    }
    return errors;
  },
};
