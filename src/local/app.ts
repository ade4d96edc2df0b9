/**
 * An app as `pareto sample` and `pareto match` see it: each function's triggers (named events with their bound
 * patterns, its endpoint, timer or batches), from the same analysis and expansion as `pareto expand`, and a resolver
 * giving every reference a placeholder value (src/local/resolve.ts). Pure.
 */
import { DEFAULTS } from "../generated/defaults.js";
import type { EndpointSpec, TableKey } from "../generated/dsl.js";
import { analyse } from "../expander/analyse.js";
import { parseTimer, type Timer } from "../expander/constructs/timers.js";
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
  | { kind: "endpoint"; name: "endpoint"; endpoint: EndpointSpec }
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
  /** The table's key attributes, when the app has a table. */
  tableKeys: KeyAttribute[];
}

export type Loaded = { ok: true; app: LocalApp; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

export interface LoadOptions {
  /** `Id`, `Id.Attribute` or a pseudo parameter -> the value to use instead of its placeholder. */
  overrides?: ReadonlyMap<string, string>;
}

function triggersOf(fn: AppContext["functions"][number]): Trigger[] {
  const triggers: Trigger[] = fn.events.map((event) => ({
    kind: "event" as const,
    name: event.spec.name,
    source: event.source,
    sourceToken: event.spec.source,
    pattern: bindPattern(event.spec.pattern as Record<string, unknown>, sourceOf(event.source).binding(event.source.argument)),
  }));
  if (fn.spec.endpoint) triggers.push({ kind: "endpoint", name: "endpoint", endpoint: fn.spec.endpoint });
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

const keyAttribute = (key: TableKey): KeyAttribute =>
  typeof key === "string" ? { name: key, type: "S" } : { name: key.name, type: key.type ?? DEFAULTS.tableKey.type };

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
      functions: ctx.functions.map((fn) => ({ name: fn.name, triggers: triggersOf(fn) })),
      resolver,
      resources,
      tableKeys: ctx.dsl.table ? (ctx.dsl.table.keys ?? (DEFAULTS.table.keys as readonly TableKey[])).map(keyAttribute) : [],
    },
  };
}

/** Every named event of the app: the rules `pareto match` checks an event against, patterns resolved. */
export function appRules(app: LocalApp): Array<{ function: string; event: string; pattern: unknown }> {
  return app.functions.flatMap((fn) =>
    fn.triggers.flatMap((trigger) =>
      trigger.kind === "event" ? [{ function: fn.name, event: trigger.name, pattern: app.resolver.resolve(trigger.pattern) }] : [],
    ),
  );
}
