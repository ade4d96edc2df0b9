/**
 * IAM least privilege (docs/security.md): a DSL action is scoped to all the app's resources of its service
 * when they exist; otherwise it gets `Resource: "*"` and a warning. So does an action IAM only grants on
 * `"*"` (src/expander/aws/unscoped-actions.ts): scoped, it would always be denied. A statement with `on`
 * names one of those resources (`table:orders`) and is narrowed to its ARNs alone.
 */
import type { Permission } from "../../generated/dsl.js";
import type { Statement } from "../aws/iam.js";
import { supportsOnlyAllResources } from "../aws/unscoped-actions.js";
import type { AppContext } from "../context.js";
import { parseSourceRef, SOURCE_KINDS, SOURCES, type SourceKind } from "../sources/index.js";
import { notDeclared } from "../sources/source.js";
import { childPath } from "../validate/path.js";

/** An app resource a permission reaches: the source it belongs to and its name (empty for singletons). */
export interface Reached {
  kind: SourceKind;
  argument: string;
}

const serviceOf = (action: string) => action.split(":")[0];

/**
 * The app resources an action reaches (none: it stays unscoped). An exact `service:Action` row wins over
 * its service's. An action that supports no resource-level permissions reaches none.
 */
export function reachedBy(ctx: AppContext, action: string): Reached[] {
  if (supportsOnlyAllResources(action)) return [];
  const reaching = (text: string) => SOURCE_KINDS.filter((kind) => SOURCES[kind].reach?.actions === text);
  const kinds = reaching(action).length ? reaching(action) : reaching(serviceOf(action));
  return kinds.flatMap((kind) => (SOURCES[kind].reach?.instances(ctx) ?? []).map((argument) => ({ kind, argument })));
}

function scopeOf(ctx: AppContext, action: string): unknown[] | undefined {
  const reached = reachedBy(ctx, action);
  if (!reached.length) return undefined;
  return reached.flatMap(({ kind, argument }) => SOURCES[kind].reach?.arns(argument) ?? []);
}

/** Whether a source's `reach.actions` (a service, or one `service:Action`) covers an action. */
const reaches = (reach: string, action: string) => (reach.includes(":") ? reach === action : serviceOf(action) === reach);

/** The app resource `on` names, as it appears in the diagram and the policy. */
export const onTarget = (on: string): Reached => parseSourceRef(on);

/** The ARNs of the one resource `on` names (`table:orders`), or why the statement cannot be narrowed to it. */
function narrowed(ctx: AppContext, on: string, actions: string[], path: string): { arns: unknown[]; errors: string[] } {
  const target = onTarget(on);
  const reach = SOURCES[target.kind].reach;
  const onPath = childPath(path, "on");
  if (!reach) return { arns: [], errors: [`${onPath}: '${on}' is not a resource a permission can name`] }; // the schema's pattern rules it out
  const errors: string[] = [];
  const instances = reach.instances(ctx);
  const { kind, argument } = target;
  if (!instances.includes(argument))
    errors.push(
      `${onPath}: ${argument ? notDeclared(kind, argument, instances.filter(Boolean)) : `'${on}' names no resource of this app`}`,
    );
  const actionPath = childPath(path, "action");
  const allowed = reach.actions.includes(":") ? `'${reach.actions}'` : `${reach.actions} actions`;
  for (const action of actions) {
    if (!reaches(reach.actions, action)) errors.push(`${actionPath}: '${action}' cannot apply to '${on}', which takes ${allowed} only`);
    else if (supportsOnlyAllResources(action))
      errors.push(
        `${actionPath}: '${action}' supports no resource-level permissions, so it cannot be narrowed to '${on}'; list it without 'on'`,
      );
  }
  return { arns: reach.arns(target.argument), errors };
}

export interface ScopedPermissions {
  statements: Statement[];
  warnings: string[];
  errors: string[];
}

/**
 * Groups string actions by the resources they are scoped to; `svc:*` absorbs the other `svc:` actions,
 * except those it cannot grant: an action that supports only `"*"` when `svc:*` is scoped.
 */
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
    if (listed.includes("*"))
      result.errors.push(`${childPath(itemPath, "action")}: action '*' is not allowed; name the actions the function needs`);
    const condition = permission.condition ? { Condition: permission.condition as Record<string, unknown> } : {};
    if (permission.on !== undefined) {
      if (permission.resource !== undefined)
        result.errors.push(`${itemPath}: 'on' and 'resource' both say what the statement applies to; give one of them`);
      const { arns, errors } = narrowed(ctx, permission.on, listed, itemPath);
      result.errors.push(...errors);
      result.statements.push({ Effect: "Allow", Action: permission.action, Resource: arns, ...condition });
      return;
    }
    if (permission.resource === undefined)
      result.warnings.push(`${itemPath}: no resource given, so it applies to all resources (Resource "*")`);
    result.statements.push({ Effect: "Allow", Action: permission.action, Resource: permission.resource ?? "*", ...condition });
  });

  const wildcardServices = new Set([...actions.keys()].filter((a) => a.endsWith(":*")).map(serviceOf));
  const absorbed = (a: string) =>
    !a.endsWith(":*") && wildcardServices.has(serviceOf(a)) && !(supportsOnlyAllResources(a) && scopeOf(ctx, `${serviceOf(a)}:*`));
  const kept = [...actions.keys()].filter((a) => !absorbed(a)).sort();

  const groups = new Map<string, { actions: string[]; resource: unknown }>();
  for (const action of kept) {
    const scope = scopeOf(ctx, action);
    if (!scope)
      result.warnings.push(
        `${childPath(path, actions.get(action)!)}: '${action}' applies to all resources (Resource "*"): ${
          supportsOnlyAllResources(action)
            ? "it supports no resource-level permissions"
            : `the app has no ${serviceOf(action)} resource to scope it to`
        }`,
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
