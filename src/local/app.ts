/**
 * An app as `pareto sample` and `pareto match` see it: each function's triggers (named events with their bound
 * patterns, its endpoint, timer or batches), from the same analysis and expansion as `pareto expand`, and a resolver
 * giving every reference a placeholder value (src/local/resolve.ts). Pure.
 */
import { DEFAULTS } from "../generated/defaults.js";
import type { EndpointSpec } from "../generated/dsl.js";
import { analyse } from "../expander/analyse.js";
import { authorizersOf } from "../expander/constructs/api.js";
import { busOf } from "../expander/bus.js";
import { parseTimer, type Timer } from "../expander/constructs/timers.js";
import { tableKeys } from "../expander/constructs/storage.js";
import type { AppContext } from "../expander/context.js";
import { expandAnalysis } from "../expander/index.js";
import { isRecord } from "../expander/intrinsics.js";
import { bindPattern } from "../expander/sources/bind.js";
import { type SourceRef, sourceOf } from "../expander/sources/index.js";
import type { Template } from "../expander/types.js";
import { createResolver, DEFAULT_ENVIRONMENT, type Resolver } from "./resolve.js";
import type { KeyAttribute } from "./shapes.js";

export type Trigger =
  | { kind: "event"; name: string; source: SourceRef; sourceToken: string; pattern: Record<string, unknown> }
  /** A route: named `endpoint` when the function has one, its route key (`GET /items`) in a list. */
  | { kind: "endpoint"; name: string; endpoint: EndpointSpec }
  /** A Lambda authorizer of the HTTP API (`authorizer:<name>`): called for `route`, one of the routes that name it. */
  | { kind: "authorizer"; name: string; identity: readonly string[]; route?: EndpointSpec }
  /** The function's URL (`url`), called by anyone (`none`) or by signed requests (`iam`). */
  | { kind: "url"; name: "url"; auth: "iam" | "none" }
  | { kind: "timer"; name: "timer"; timer: Timer }
  | { kind: "consume"; name: "consume"; source: SourceRef; filter?: unknown };

export interface LocalFunction {
  name: string;
  triggers: Trigger[];
}

export interface LocalApp {
  ctx: AppContext;
  functions: LocalFunction[];
  resolver: Resolver;
  /** Every resource of the expansion (root and nested stacks), by logical ID. */
  resources: ReadonlyMap<string, { Type?: string; Properties?: Record<string, unknown> }>;
  /** A table's key attributes by the argument of its source (`""`: the app table); none for a table the app lacks. */
  tableKeys(name: string): KeyAttribute[];
}

export type Loaded = { ok: true; app: LocalApp; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

export interface LoadOptions {
  /** `Id`, `Id.Attribute` or a pseudo parameter -> the value to use instead of its placeholder. */
  overrides?: ReadonlyMap<string, string>;
}

function triggersOf(ctx: AppContext, fn: AppContext["functions"][number]): Trigger[] {
  const triggers: Trigger[] = fn.events.map((event) => ({
    kind: "event" as const,
    name: event.spec.name,
    source: event.source,
    sourceToken: event.spec.source,
    pattern: bindPattern(event.spec.pattern as Record<string, unknown>, sourceOf(event.source).binding(event.source.argument)),
  }));
  for (const endpoint of fn.routes)
    triggers.push({
      kind: "endpoint",
      name: Array.isArray(fn.spec.endpoint) ? `${endpoint.method} ${endpoint.path}` : "endpoint",
      endpoint,
    });
  for (const [name, authorizer] of authorizersOf(ctx)) {
    if (authorizer.function !== fn.name) continue;
    const route = ctx.functions.flatMap((other) => other.routes).find((endpoint) => endpoint.auth === name);
    triggers.push({
      kind: "authorizer",
      name: `authorizer:${name}`,
      identity: authorizer.identity ?? DEFAULTS.authorizer.identity,
      ...(route ? { route } : {}),
    });
  }
  if (fn.spec.url) triggers.push({ kind: "url", name: "url", auth: fn.spec.url.auth ?? DEFAULTS.function.url.auth });
  const { timer } = parseTimer(fn);
  if (timer) triggers.push({ kind: "timer", name: "timer", timer });
  if (fn.consumes && fn.spec.consume)
    triggers.push({
      kind: "consume",
      name: "consume",
      source: fn.consumes,
      ...(fn.spec.consume.filter !== undefined ? { filter: fn.spec.consume.filter } : {}),
    });
  return triggers;
}

/** The app of a parsed template, or its errors (the same as `pareto validate` reports). */
export function loadApp(input: unknown, options: LoadOptions = {}): Loaded {
  const analysis = analyse(input);
  const expanded = expandAnalysis(analysis);
  if (!expanded.ok) return { ok: false, errors: expanded.errors, warnings: expanded.warnings };
  if (!analysis.ok || !analysis.app) return { ok: false, errors: ["the template has no Pareto::App resource"], warnings: [] };
  const { ctx } = analysis.app;
  const resources = new Map<string, { Type?: string; Properties?: Record<string, unknown> }>();
  const parameters = new Map<string, string | undefined>();
  for (const template of [expanded.template, ...expanded.stacks.map(({ template }) => template)] as Template[]) {
    for (const [id, resource] of Object.entries(template.Resources ?? {}))
      if (isRecord(resource) && !resources.has(id)) resources.set(id, resource as { Type?: string });
  }
  for (const [id, parameter] of Object.entries(expanded.template.Parameters ?? {}))
    parameters.set(id, isRecord(parameter) && typeof parameter.Default === "string" ? parameter.Default : undefined);
  const types = new Map([...resources].flatMap(([id, resource]) => (typeof resource.Type === "string" ? [[id, resource.Type]] : [])));
  const resolver = createResolver({ ...DEFAULT_ENVIRONMENT, types, parameters, overrides: options.overrides ?? new Map() });
  return {
    ok: true,
    warnings: expanded.warnings,
    app: {
      ctx,
      functions: ctx.functions.map((fn) => ({ name: fn.name, triggers: triggersOf(ctx, fn) })),
      resolver,
      resources,
      tableKeys: (name) => {
        const table = ctx.tables.get(name);
        return table ? tableKeys(table.spec) : [];
      },
    },
  };
}

/**
 * Every named event of the app: the rules `pareto match` checks an event against, patterns resolved, each
 * with the bus it is on (the app bus, with `bus`, for the app's own events).
 */
export function appRules(app: LocalApp): Array<{ function: string; event: string; pattern: unknown; bus: "app" | "default" }> {
  return app.functions.flatMap((fn) =>
    fn.triggers.flatMap((trigger) =>
      trigger.kind === "event"
        ? [
            {
              function: fn.name,
              event: trigger.name,
              pattern: app.resolver.resolve(trigger.pattern),
              bus: busOf(app.ctx, sourceOf(trigger.source)),
            },
          ]
        : [],
    ),
  );
}
