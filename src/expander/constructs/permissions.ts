/**
 * IAM least privilege (spec §4.5): a DSL action is scoped to the app's resources of its service
 * when they exist; otherwise it gets `Resource: "*"` and a warning.
 */
import type { Permission } from "../../generated/dsl.js";
import type { Statement } from "../aws/iam.js";
import type { AppContext } from "../context.js";
import { arn, getAtt, sub } from "../intrinsics.js";
import { APP, queueIds } from "../names.js";
import { childPath } from "../validate/path.js";

/** An app resource a permission can reach: `bucket`, `table`, `queue:<q>`, `userpool` or `bus`. */
export type AppResource = string;

/** One row per service (or `service:Action` where an action has its own resource): what it reaches. */
const REACHES: Record<string, (ctx: AppContext) => AppResource[]> = {
  s3: (ctx) => (ctx.has.bucket ? ["bucket"] : []),
  dynamodb: (ctx) => (ctx.has.table ? ["table"] : []),
  sqs: (ctx) => ctx.queues.map((q) => `queue:${q}`),
  "cognito-idp": (ctx) => (ctx.has.userpool ? ["userpool"] : []),
  "events:PutEvents": () => ["bus"],
};

/** The ARNs a policy names for each app resource. */
const ARNS: Record<string, (argument: string) => unknown[]> = {
  bucket: () => [getAtt(APP.bucket, "Arn"), sub(`\${${APP.bucket}.Arn}/*`)],
  table: () => [getAtt(APP.table, "Arn"), sub(`\${${APP.table}.Arn}/index/*`)],
  queue: (q) => [getAtt(queueIds(q).queue, "Arn")],
  userpool: () => [getAtt(APP.userPool, "Arn")],
  bus: () => [arn.defaultBus],
};

const serviceOf = (action: string) => action.split(":")[0];

/** The app resources an action reaches (none: it stays unscoped). */
export const reachedBy = (ctx: AppContext, action: string): AppResource[] =>
  (REACHES[action] ?? REACHES[serviceOf(action)])?.(ctx) ?? [];

function scopeOf(ctx: AppContext, action: string): unknown[] | undefined {
  const reached = reachedBy(ctx, action);
  if (!reached.length) return undefined;
  return reached.flatMap((resource) => {
    const [kind, argument = ""] = resource.split(":");
    return ARNS[kind](argument);
  });
}

export interface ScopedPermissions {
  statements: Statement[];
  warnings: string[];
  errors: string[];
}

/** Groups string actions by the resources they are scoped to; `svc:*` absorbs the other `svc:` actions. */
export function scopePermissions(ctx: AppContext, permissions: Permission[], path: string): ScopedPermissions {
  const result: ScopedPermissions = { statements: [], warnings: [], errors: [] };
  const actions = new Map<string, number>(); // action -> index of first occurrence
  permissions.forEach((permission, i) => {
    const itemPath = childPath(path, i);
    if (typeof permission === "string") {
      if (permission === "*") result.errors.push(`${itemPath}: action '*' is not allowed; name the actions the function needs`);
      else if (!actions.has(permission)) actions.set(permission, i);
      return;
    }
    const listed = Array.isArray(permission.action) ? permission.action : [permission.action];
    if (listed.includes("*")) result.errors.push(`${childPath(itemPath, "action")}: action '*' is not allowed; name the actions the function needs`);
    if (permission.resource === undefined)
      result.warnings.push(`${itemPath}: no resource given, so it applies to all resources (Resource "*")`);
    result.statements.push({
      Effect: "Allow",
      Action: permission.action,
      Resource: permission.resource ?? "*",
      ...(permission.condition ? { Condition: permission.condition as Record<string, unknown> } : {}),
    });
  });

  const wildcardServices = new Set([...actions.keys()].filter((a) => a.endsWith(":*")).map(serviceOf));
  const kept = [...actions.keys()].filter((a) => a.endsWith(":*") || !wildcardServices.has(serviceOf(a))).sort();

  const groups = new Map<string, { actions: string[]; resource: unknown }>();
  for (const action of kept) {
    const scope = scopeOf(ctx, action);
    if (!scope)
      result.warnings.push(
        `${childPath(path, actions.get(action)!)}: '${action}' applies to all resources (Resource "*"): the app has no ${serviceOf(action)} resource to scope it to`,
      );
    const key = JSON.stringify(scope ?? "*");
    const group = groups.get(key) ?? { actions: [], resource: scope ?? "*" };
    group.actions.push(action);
    groups.set(key, group);
  }
  const grouped: Statement[] = [...groups.values()].map((g) => ({ Effect: "Allow", Action: g.actions, Resource: g.resource }));
  result.statements.unshift(...grouped);
  return result;
}
