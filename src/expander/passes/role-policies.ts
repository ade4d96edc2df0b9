/**
 * Role policies without a circular dependency. Every role Pareto generates carries its permissions inline
 * (`Policies`, docs/aws-rules.md), so CloudFormation creates the role after every resource they name, and
 * before anything that refers to the role. A statement naming a resource that itself comes after the role
 * (the function, the user pool that refers to its hook, or one of the user's resources that refers to the
 * function) would close a cycle, and CloudFormation refuses the template. Such statements go to a separate
 * `AWS::IAM::Policy` attached to the role: `<F>Policy`, named `<namespace>-policy` as earlier versions
 * named the function's whole policy, so that an upgraded stack updates that resource in place.
 *
 * It runs before the pass `partition` (the separate policy stays with its role) and the pass `grants
 * before use` (which finds each grant where it ends up).
 */
import { ROLE_POLICY_NAME, separatePolicy, type Statement } from "../aws/iam.js";
import type { AppContext } from "../context.js";
import type { Node, ResourceGraph } from "../graph.js";
import { functionIds } from "../names.js";
import { collectReferences } from "../template/references.js";
import type { Pass } from "./pass.js";

const targetsOf = (value: unknown) => collectReferences(value).map((reference) => reference.target);

/**
 * Everything each resource waits for at creation (what its properties refer to, and `DependsOn`),
 * generated or the user's; read on demand, since only what role policies name is ever asked about.
 */
function dependencies(ctx: AppContext, graph: ResourceGraph): (id: string) => readonly string[] {
  return (id) => {
    const node = graph.get(id);
    return node ? [...targetsOf(node.resource.Properties), ...(node.resource.DependsOn ?? [])] : (ctx.around.references.get(id) ?? []);
  };
}

/** Every resource `id` waits for, directly or not (memoised: a pass over hundreds of functions asks often). */
function waitsFor(dependenciesOf: (id: string) => readonly string[]): (id: string) => ReadonlySet<string> {
  const memo = new Map<string, Set<string>>();
  return (start) => {
    let found = memo.get(start);
    if (found) return found;
    found = new Set<string>();
    const pending = [...dependenciesOf(start)];
    while (pending.length) {
      const id = pending.pop() as string;
      if (found.has(id)) continue;
      found.add(id);
      const known = memo.get(id);
      if (known) for (const inner of known) found.add(inner);
      else pending.push(...dependenciesOf(id));
    }
    memo.set(start, found);
    return found;
  };
}

interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: { Statement: Statement[] };
}

const inlinePolicyOf = (role: Node): InlinePolicy | undefined =>
  ((role.resource.Properties as { Policies?: InlinePolicy[] }).Policies ?? []).find((policy) => policy.PolicyName === ROLE_POLICY_NAME);

/** Moves each statement that would make a cycle to its role's separate policy; errors for a role that has none. */
function detachCyclicStatements(ctx: AppContext, graph: ResourceGraph): string[] {
  const namespaceOfRole = new Map<string, string>();
  for (const node of graph.nodes)
    if (node.functionNamespace !== undefined) namespaceOfRole.set(functionIds(node.functionNamespace).role, node.functionNamespace);
  const closure = waitsFor(dependencies(ctx, graph));
  const added: Array<{ node: Node; after: string }> = [];
  const errors: string[] = [];
  for (const role of graph.nodes) {
    if (role.resource.Type !== "AWS::IAM::Role") continue;
    const policy = inlinePolicyOf(role);
    if (!policy) continue;
    const comesAfterRole = (target: string) => target === role.id || closure(target).has(role.id);
    const cyclic = policy.PolicyDocument.Statement.filter((statement) => targetsOf(statement).some(comesAfterRole));
    if (!cyclic.length) continue;
    const namespace = namespaceOfRole.get(role.id);
    if (namespace === undefined) {
      errors.push(`${role.origin}: the policy of '${role.id}' names a resource created after the role, a circular dependency`);
      continue;
    }
    policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter((statement) => !cyclic.includes(statement));
    if (!policy.PolicyDocument.Statement.length) delete (role.resource.Properties as { Policies?: unknown }).Policies;
    const resource = separatePolicy(role.id, `${namespace}-policy`, cyclic);
    // With the role wherever it goes (its origin, and its place if the app is laid out in several stacks).
    added.push({ node: { ...role, id: functionIds(namespace).policy, resource }, after: role.id });
  }
  if (added.length) graph.addAfter(added);
  return errors;
}

export const rolePolicies: Pass = { name: "role policies", run: detachCyclicStatements };
