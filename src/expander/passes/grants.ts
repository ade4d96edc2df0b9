/**
 * Grants before use: AWS checks some permissions when a resource is created, not when it is used, so
 * such a resource must be created after what grants them, or stack creation fails at random (the two
 * are created in parallel otherwise). docs/aws-rules.md lists the rules:
 * - Lambda checks that a function's role may write to an asynchronous-invocation destination when the
 *   `EventInvokeConfig` is written, and may read the queue or stream (and write the on-failure
 *   destination) when an `EventSourceMapping` is created;
 * - CloudWatch Logs invokes the destination function once when a subscription filter is created, so
 *   the function's permission for `logs.amazonaws.com` must exist first.
 * For each such resource this pass finds what grants what it needs, and reports an error when nothing
 * does. A function's permissions are inline in its role: the config or mapping refers to the function
 * (`FunctionName`), which refers to the role (`Role`), so CloudFormation creates the role, with its
 * policy, first, and nothing is added (a `DependsOn` on the role would only repeat that). A grant in a
 * separate policy (role-policies.ts: permissions that name a resource created after the role), and the
 * logs permission, are resources of their own: the resource gets a `DependsOn` on them.
 */
import { ROLE_POLICY_NAME, type Statement } from "../aws/iam.js";
import type { ResourceType } from "../aws/resource-types.js";
import { SQS_POLL } from "../sources/queue.js";
import { STREAM_POLL } from "../sources/table.js";
import type { Node, ResourceGraph } from "../graph.js";
import type { Pass } from "./pass.js";

type Intrinsic = Record<string, unknown>;
interface Need {
  action: string;
  resource: unknown;
}

const targetOf = (value: unknown): string | undefined => {
  if (value === null || typeof value !== "object") return undefined;
  const intrinsic = value as Intrinsic;
  if (typeof intrinsic.Ref === "string") return intrinsic.Ref;
  const getAtt = intrinsic["Fn::GetAtt"];
  return Array.isArray(getAtt) && typeof getAtt[0] === "string" ? getAtt[0] : undefined;
};

const props = (node: Node) => node.resource.Properties as Record<string, any>;

/** What writing to a destination of this type takes. */
const WRITE_ACTION: Partial<Record<ResourceType, string>> = {
  "AWS::SQS::Queue": "sqs:SendMessage",
  "AWS::SNS::Topic": "sns:Publish",
  "AWS::Lambda::Function": "lambda:InvokeFunction",
};

/** What reading an event source of this type takes. */
const READ_ACTIONS: Partial<Record<ResourceType, string[]>> = {
  "AWS::SQS::Queue": SQS_POLL,
  "AWS::DynamoDB::Table": STREAM_POLL,
};

/** The type of the generated resource a `Ref`/`Fn::GetAtt` names. */
function typeOf(graph: ResourceGraph, value: unknown): ResourceType | undefined {
  const target = targetOf(value);
  return target === undefined ? undefined : graph.get(target)?.resource.Type;
}

function destinationNeeds(graph: ResourceGraph, destination: unknown): Need[] {
  const type = typeOf(graph, destination);
  const action = type && WRITE_ACTION[type];
  return action ? [{ action, resource: destination }] : [];
}

function onFailureNeeds(graph: ResourceGraph, node: Node): Need[] {
  const config = props(node).DestinationConfig;
  return [config?.OnFailure?.Destination, config?.OnSuccess?.Destination].flatMap((destination) =>
    destination === undefined ? [] : destinationNeeds(graph, destination),
  );
}

function sourceNeeds(graph: ResourceGraph, node: Node): Need[] {
  const source = props(node).EventSourceArn;
  const type = typeOf(graph, source);
  return ((type && READ_ACTIONS[type]) ?? []).map((action) => ({ action, resource: source }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const asList = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

function grants(statement: Statement, need: Need): boolean {
  if (statement.Effect !== "Allow" || statement.Condition) return false;
  const service = need.action.split(":")[0];
  const actions = asList(statement.Action);
  if (!actions.some((action) => action === need.action || action === `${service}:*`)) return false;
  return asList(statement.Resource).some((resource) => same(resource, need.resource));
}

/**
 * Who grants what, indexed once per run (a pass over an app of hundreds of functions must not scan
 * the graph for each resource): each role's inline policy, separate policies by the role they are
 * attached to, and the CloudWatch Logs invoke permission of each function.
 */
interface Grantors {
  inlineByRole: Map<string, Statement[]>;
  policiesByRole: Map<string, Node[]>;
  logsPermissionByFunction: Map<string, Node>;
}

function grantors(graph: ResourceGraph): Grantors {
  const inlineByRole = new Map<string, Statement[]>();
  const policiesByRole = new Map<string, Node[]>();
  const logsPermissionByFunction = new Map<string, Node>();
  for (const node of graph.nodes) {
    if (node.resource.Type === "AWS::IAM::Role") {
      const inline = ((props(node).Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: { Statement: Statement[] } }>).find(
        (policy) => policy.PolicyName === ROLE_POLICY_NAME,
      );
      // Every role of that ID: a second one is a clash, which assembly reports better than a missing grant.
      if (inline) inlineByRole.set(node.id, [...(inlineByRole.get(node.id) ?? []), ...inline.PolicyDocument.Statement]);
    }
    if (node.resource.Type === "AWS::IAM::Policy")
      for (const role of props(node).Roles as unknown[]) {
        const roleId = targetOf(role);
        if (roleId !== undefined) policiesByRole.set(roleId, [...(policiesByRole.get(roleId) ?? []), node]);
      }
    if (node.resource.Type === "AWS::Lambda::Permission" && props(node).Principal === "logs.amazonaws.com") {
      const functionId = targetOf(props(node).FunctionName);
      if (functionId !== undefined && !logsPermissionByFunction.has(functionId)) logsPermissionByFunction.set(functionId, node);
    }
  }
  return { inlineByRole, policiesByRole, logsPermissionByFunction };
}

/**
 * Where the role grants `need`: "inline" (in the role itself), the ID of a separate policy attached to
 * it, or undefined.
 */
function grantOf(grantors: Grantors, roleId: string, need: Need): "inline" | string | undefined {
  if (grantors.inlineByRole.get(roleId)?.some((statement) => grants(statement, need))) return "inline";
  return grantors.policiesByRole
    .get(roleId)
    ?.find((policy) => (props(policy).PolicyDocument.Statement as Statement[]).some((statement) => grants(statement, need)))?.id;
}

function dependOn(node: Node, id: string) {
  const dependsOn = node.resource.DependsOn ?? [];
  if (!dependsOn.includes(id)) node.resource.DependsOn = [...dependsOn, id];
}

/**
 * A function's execution role must grant `needs` before `node` is created. `node` names the function and
 * the function its role, both by reference: a grant inline in the role exists before `node` without more.
 */
function roleGrants(graph: ResourceGraph, grantors: Grantors, node: Node, needs: Need[]): string[] {
  if (!needs.length) return [];
  const functionId = targetOf(props(node).FunctionName);
  const fn = functionId === undefined ? undefined : graph.get(functionId);
  const roleId = fn && targetOf(props(fn).Role);
  const where = needs.map((need) => (roleId === undefined ? undefined : grantOf(grantors, roleId, need)));
  if (where.includes(undefined)) {
    const wanted = needs.map((need) => need.action).join(", ");
    return [
      `${node.origin}: '${node.id}' needs ${wanted} granted to the role of '${functionId}' before it is created, and no policy of that role grants it`,
    ];
  }
  for (const grantor of where) if (grantor !== undefined && grantor !== "inline") dependOn(node, grantor);
  return [];
}

/** CloudWatch Logs must be allowed to invoke the destination function before the filter exists. */
function logsPermission(grantors: Grantors, node: Node): string[] {
  const functionId = targetOf(props(node).DestinationArn);
  const permission = functionId === undefined ? undefined : grantors.logsPermissionByFunction.get(functionId);
  if (!permission)
    return [`${node.origin}: '${node.id}' sends logs to '${functionId}', which has no permission for CloudWatch Logs to invoke it`];
  dependOn(node, permission.id);
  return [];
}

export const grantsBeforeUse: Pass = {
  name: "grants before use",
  run(_ctx, graph) {
    const index = grantors(graph);
    return graph.nodes.flatMap((node) => {
      switch (node.resource.Type) {
        case "AWS::Lambda::EventInvokeConfig":
          return roleGrants(graph, index, node, onFailureNeeds(graph, node));
        case "AWS::Lambda::EventSourceMapping":
          return roleGrants(graph, index, node, [...sourceNeeds(graph, node), ...onFailureNeeds(graph, node)]);
        case "AWS::Logs::SubscriptionFilter":
          return logsPermission(index, node);
        default:
          return [];
      }
    });
  },
};
