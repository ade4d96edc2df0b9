/**
 * Rules and the functions they invoke: every `AWS::Events::Rule` whose target is a generated function gets
 * an explicit name under that function's prefix, and each such function gets one permission covering its
 * rules by that prefix. One permission per rule would grow the function's resource policy past Lambda's
 * 20 KB at about 48 rules, and cost a resource each (docs/aws-rules.md).
 *
 * Rules in a nested stack are named after the root stack's UUID too, so the failure queue's policy and
 * the function's permission cover them by the same prefix; their keys include the nested stack, so the
 * names differ from those the same rules had in the root before the app was split (docs/scaling.md).
 *
 * A rule on the app bus has an ARN of another form (`rule/<bus name>/<rule name>`), so a function whose
 * rules are on both buses gets one permission for each (`<F>RulesPermission`, `<F>AppBusRulesPermission`).
 */
import { ruleKey, ruleName, rulesArnPattern } from "../aws/events.js";
import { invokePermission } from "../aws/lambda.js";
import type { Node, ResourceGraph } from "../graph.js";
import { fromRoot, getAttTarget, stackUuid } from "../intrinsics.js";
import { functionIds } from "../names.js";
import type { Pass } from "./pass.js";

/** The logical ID of the function a rule's first target invokes. */
function targetOf(rule: Node): string | undefined {
  const [target] = (rule.resource.Properties.Targets ?? []) as Array<{ Arn?: unknown }>;
  return getAttTarget(target?.Arn, "Arn");
}

/** The rules that invoke each generated function. */
export function rulesByFunction(graph: ResourceGraph): Map<Node, Node[]> {
  const byFunction = new Map<Node, Node[]>();
  for (const rule of graph.ofType("AWS::Events::Rule")) {
    const target = targetOf(rule);
    const fn = target === undefined ? undefined : graph.get(target);
    if (fn?.functionNamespace === undefined) continue;
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), rule]);
  }
  return byFunction;
}

/**
 * The buses some rules are on, each once, as their `EventBusName` names it (undefined: the default bus),
 * the default bus first.
 */
export function busesOf(rules: readonly Node[]): unknown[] {
  const buses = new Map(
    rules.map(({ resource }) => [JSON.stringify(resource.Properties.EventBusName ?? null), resource.Properties.EventBusName]),
  );
  const values = [...buses.values()];
  return [...values.filter((bus) => bus === undefined), ...values.filter((bus) => bus !== undefined)];
}

/** The root stack's UUID, as a nested stack takes it. */
const rootStackUuid = fromRoot("RootStackUuid", stackUuid);

export const rules: Pass = {
  name: "rules",
  run(_ctx, graph) {
    const byFunction = rulesByFunction(graph);
    const errors: string[] = [];
    const permissions: Array<{ node: Node; after: string }> = [];
    const owners = new Map<string, Node>();
    for (const [fn, fnRules] of byFunction) {
      const namespace = fn.functionNamespace as string;
      const key = ruleKey(namespace);
      const clash = owners.get(key);
      // 40 bits: a clash is practically impossible, but two functions sharing a prefix would share rules.
      if (clash) errors.push(`${fn.origin}: its rule name prefix '${key}' equals that of ${clash.id}; rename one of the two functions`);
      owners.set(key, fn);
      const uuid = fn.stack === undefined ? stackUuid : rootStackUuid;
      for (const rule of fnRules) {
        const keyText = rule.stack === undefined ? rule.id : `${rule.id}@${rule.stack}`;
        rule.resource.Properties = { Name: ruleName(key, keyText, uuid), Description: rule.id, ...rule.resource.Properties };
      }
      const ids = functionIds(namespace);
      for (const busName of busesOf(fnRules)) {
        const node: Node = {
          id: busName === undefined ? ids.rulesPermission : ids.appBusRulesPermission,
          resource: invokePermission(fn.id, "events.amazonaws.com", rulesArnPattern(key, uuid, busName)),
          origin: fn.origin,
          ...(fn.unit === undefined ? {} : { unit: fn.unit }),
          ...(fn.stack === undefined ? {} : { stack: fn.stack }),
        };
        permissions.push({ node, after: fnRules[fnRules.length - 1].id });
      }
    }
    graph.addAfter(permissions);
    return errors;
  },
};
