/**
 * The one context every construct reads: the validated DSL with app defaults applied and the
 * facts constructs share (which app resources exist, each function's resolved settings).
 * Constructs never read each other's output; what they share is derived here, once.
 */
import { DEFAULTS } from "../generated/defaults.js";
import type {
  BucketSpec,
  EndpointSpec,
  EventSpec,
  FunctionSpec,
  ParetoApp,
  QueueSpec,
  SecretSpec,
  TableSpec,
  TopicSpec,
} from "../generated/dsl.js";
import { isRecord, ref } from "./intrinsics.js";
import { APP_TYPE } from "./read.js";
import type { Template } from "./types.js";
import { functionIds, layerParameter } from "./names.js";
import { parseSourceRef, sourceOf, type SourceRef } from "./sources/index.js";
import { collectReferences } from "./template/references.js";
import { childPath } from "./validate/path.js";

/** sync: invoked by the HTTP API (a route or an authorizer) or a function URL; async: invoked by events, rules or a topic; poller: fed batches by a mapping. */
export type InvocationKind = "sync" | "async" | "poller";

export interface FunctionContext {
  name: string;
  path: string;
  spec: FunctionSpec;
  ids: ReturnType<typeof functionIds>;
  runtime: string;
  memory: number;
  timeout: number;
  architecture: string;
  tracing: boolean;
  /** Layer values as written into `Layers` (names replaced by their ARN parameter refs). */
  layers: unknown[];
  /** Layer names that need a `<H(name)>LayerArn` parameter. */
  layerNames: string[];
  kind: InvocationKind;
  /** The routes of `endpoint` (one route written as an object is a list of one), in the order written. */
  routes: EndpointSpec[];
  /** `events`, each with its DSL path and its source parsed. */
  events: Array<{ spec: EventSpec; path: string; source: SourceRef }>;
  /** What `consume` reads, parsed. */
  consumes?: SourceRef;
}

/** One of the app's tables or buckets: its settings and the DSL path that declares it. */
export interface Store<Spec> {
  spec: Spec;
  path: string;
}

export interface AppContext {
  dsl: ParetoApp;
  /** DSL path of the App's Properties, e.g. `Resources.App.Properties`. */
  path: string;
  /** The app's tags, in the order written (the tags pass writes them on every taggable resource). */
  tags: Array<{ key: string; value: unknown }>;
  logRetention: number;
  has: {
    /** The app bucket (not the named ones; `buckets` and `tables` below hold every one). */
    bucket: boolean;
    /** Any table, the app's or a named one, has a stream. */
    stream: boolean;
    userpool: boolean;
    api: boolean;
    website: boolean;
    builder: boolean;
    alerts: boolean;
  };
  /** The app's queues by name. */
  queues: ReadonlyMap<string, QueueSpec>;
  /** The app's topics by name. */
  topics: ReadonlyMap<string, TopicSpec>;
  /** The secrets the app names (`secrets`), by name. */
  secrets: ReadonlyMap<string, SecretSpec>;
  /**
   * The app's tables and buckets by the argument of their source: `""` for the app table (`table`) and
   * bucket (`bucket`), first; `<name>` for each of `tables` and `buckets`. Every table and bucket is built,
   * scoped and bridged by the same code, whichever it is.
   */
  tables: ReadonlyMap<string, Store<TableSpec>>;
  buckets: ReadonlyMap<string, Store<BucketSpec>>;
  functions: FunctionContext[];
  /** Stateful resources keep their data unless `retain: false` on the resource or the app. */
  retain(local: boolean | undefined): boolean;
  /**
   * `auto`: the pass `partition` splits the app if its resources plainly do not fit one stack;
   * `nested`: always (an app found too big only once assembled, docs/scaling.md).
   */
  layout: "auto" | "nested";
  /** The template around the app: the user's own resources (by type) and declared parameters. */
  around: {
    resourceTypes: ReadonlyMap<string, string>;
    parameters: ReadonlyMap<string, { maxLength?: number; default?: string }>;
    /**
     * What each of the user's own resources (not the app) refers to: `Ref`, `Fn::GetAtt`, `Fn::Sub` and
     * `DependsOn` targets, so that the order CloudFormation creates generated resources in can be followed
     * through the user's (a role's policy must not name a resource created after the role).
     */
    references: ReadonlyMap<string, readonly string[]>;
  };
}

/** The triggers that call a function asynchronously, which a synchronously called function cannot have. */
export const asyncTriggers = (spec: FunctionSpec) => (["events", "timer", "consume"] as const).filter((shape) => spec[shape] !== undefined);

/** A function called synchronously through `what` ("an endpoint", "a URL") with asynchronous triggers too. */
export function syncWithAsyncTriggers(fn: Pick<FunctionContext, "spec">, path: string, what: string): string[] {
  const triggers = asyncTriggers(fn.spec);
  return triggers.length
    ? [`${path}: a function with ${what} is called synchronously; it cannot also have ${triggers.join(", ")} (use two functions)`]
    : [];
}

const isSubMinute = (spec: FunctionSpec) => typeof spec.timer?.rate === "string" && /second/.test(spec.timer.rate);

/** The functions API Gateway calls to authorise requests (`api.authorizers.<a>.function`). */
const authorizerFunctions = (dsl: ParetoApp) => new Set(Object.values(dsl.api?.authorizers ?? {}).map((authorizer) => authorizer.function));

export function invocationKind(spec: FunctionSpec, authorizer = false): InvocationKind {
  if (spec.endpoint || spec.url || authorizer) return "sync";
  // A source that pushes (a topic) invokes the function asynchronously, as events do; the others are polled.
  if (spec.consume) return sourceOf(parseSourceRef(spec.consume.source)).subscribe ? "async" : "poller";
  if (isSubMinute(spec)) return "poller";
  return "async";
}

/** A layer written as a plain name (not an ARN, not an intrinsic) is resolved through a parameter. */
export const isLayerName = (layer: unknown): layer is string => typeof layer === "string" && !layer.startsWith("arn:");

function functionContext(
  dsl: ParetoApp,
  path: string,
  name: string,
  spec: FunctionSpec,
  authorizers: ReadonlySet<string>,
): FunctionContext {
  const layers = spec.layers ?? dsl.layers ?? [];
  const fnPath = childPath(childPath(path, "functions"), name);
  return {
    name,
    path: fnPath,
    spec,
    ids: functionIds(name),
    runtime: spec.runtime ?? dsl.runtime ?? DEFAULTS.runtime,
    memory: spec.memory ?? dsl.memory ?? DEFAULTS.memory,
    timeout: spec.timeout ?? dsl.timeout ?? DEFAULTS.timeout,
    architecture: spec.architecture ?? dsl.architecture ?? DEFAULTS.architecture,
    tracing: spec.tracing ?? dsl.tracing ?? DEFAULTS.tracing,
    layers: layers.map((layer) => (isLayerName(layer) ? ref(layerParameter(layer)) : layer)),
    layerNames: layers.filter(isLayerName),
    kind: invocationKind(spec, authorizers.has(name)),
    routes: spec.endpoint === undefined ? [] : Array.isArray(spec.endpoint) ? spec.endpoint : [spec.endpoint],
    events: (spec.events ?? []).map((event, i) => ({
      spec: event,
      path: childPath(childPath(fnPath, "events"), i),
      source: parseSourceRef(event.source),
    })),
    ...(spec.consume ? { consumes: parseSourceRef(spec.consume.source) } : {}),
  };
}

function tagList(tags: ParetoApp["tags"]): AppContext["tags"] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
}

function aroundOf(template: Template | undefined): AppContext["around"] {
  const resourceTypes = new Map<string, string>();
  const references = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template?.Resources ?? {})) {
    if (!isRecord(resource)) continue;
    if (typeof resource.Type === "string") resourceTypes.set(id, resource.Type);
    if (isApp(resource)) continue;
    const dependsOn = Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
    const targets = collectReferences(resource.Properties).map((reference) => reference.target);
    references.set(id, [...new Set([...targets, ...dependsOn.filter((target): target is string => typeof target === "string")])]);
  }
  const parameters = new Map<string, { maxLength?: number; default?: string }>();
  for (const [id, parameter] of Object.entries(isRecord(template?.Parameters) ? template.Parameters : {})) {
    if (!isRecord(parameter)) continue;
    const maxLength = Number(parameter.MaxLength);
    parameters.set(id, {
      ...(parameter.MaxLength !== undefined && Number.isInteger(maxLength) && maxLength >= 0 ? { maxLength } : {}),
      ...(typeof parameter.Default === "string" ? { default: parameter.Default } : {}),
    });
  }
  return { resourceTypes, parameters, references };
}

const isApp = (resource: unknown) => isRecord(resource) && resource.Type === APP_TYPE;

/** The app's one `<key>` (argument `""`) and its named `<key>s`, by argument. */
function stores<Spec>(path: string, key: string, single: Spec | undefined, named: Record<string, Spec> | undefined) {
  const result = new Map<string, Store<Spec>>();
  if (single !== undefined) result.set("", { spec: single, path: childPath(path, key) });
  for (const [name, spec] of Object.entries(named ?? {})) result.set(name, { spec, path: childPath(childPath(path, `${key}s`), name) });
  return result;
}

export function createContext(dsl: ParetoApp, path: string, template?: Template): AppContext {
  const tables = stores(path, "table", dsl.table, dsl.tables);
  const authorizers = authorizerFunctions(dsl);
  const functions = Object.entries(dsl.functions ?? {}).map(([name, spec]) => functionContext(dsl, path, name, spec, authorizers));
  return {
    dsl,
    path,
    tags: tagList(dsl.tags),
    logRetention: dsl.logRetention ?? DEFAULTS.logRetention,
    has: {
      bucket: dsl.bucket !== undefined,
      stream: [...tables.values()].some((table) => table.spec.stream !== undefined),
      userpool: dsl.userpool !== undefined,
      api: functions.some((fn) => fn.spec.endpoint !== undefined),
      website: dsl.website !== undefined,
      builder: dsl.builder !== undefined,
      alerts: dsl.alerts !== undefined,
    },
    queues: new Map(Object.entries(dsl.queues ?? {})),
    topics: new Map(Object.entries(dsl.topics ?? {})),
    secrets: new Map(Object.entries(dsl.secrets ?? {})),
    tables,
    buckets: stores(path, "bucket", dsl.bucket, dsl.buckets),
    functions,
    retain: (local) => local ?? dsl.retain ?? DEFAULTS.retain,
    layout: "auto",
    around: aroundOf(template),
  };
}
