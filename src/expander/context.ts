/**
 * The one context every construct reads: the validated DSL with app defaults applied and the
 * facts constructs share (which app resources exist, each function's resolved settings).
 * Constructs never read each other's output; what they share is derived here, once.
 */
import type { Code, FunctionSpec, ParetoApp } from "../generated/dsl.js";
import type { Tag } from "./aws/iam.js";
import { ref } from "./intrinsics.js";
import { functionIds, layerParameter } from "./names.js";
import { childPath } from "./validate/path.js";

export const DEFAULTS = {
  runtime: "nodejs24.x",
  memory: 512,
  timeout: 30,
  architecture: "x86_64",
  logRetention: 14,
  retries: 0,
  code: { bucket: ref("ArtifactsBucket"), key: ref("ArtifactsKey") } as Code,
} as const;

/** sync: invoked by the HTTP API; async: invoked by events or rules; poller: fed batches by a mapping. */
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
}

export interface AppContext {
  dsl: ParetoApp;
  /** DSL path of the App's Properties, e.g. `Resources.App.Properties`. */
  path: string;
  tags: Tag[];
  logRetention: number;
  has: {
    bucket: boolean;
    table: boolean;
    stream: boolean;
    userpool: boolean;
    api: boolean;
    website: boolean;
    builder: boolean;
    alerts: boolean;
  };
  queues: string[];
  functions: FunctionContext[];
  /** Stateful resources keep their data unless `retain: false` on the resource or the app. */
  retain(local: boolean | undefined): boolean;
}

const isSubMinute = (spec: FunctionSpec) => typeof spec.timer?.rate === "string" && /second/.test(spec.timer.rate);

export function invocationKind(spec: FunctionSpec): InvocationKind {
  if (spec.endpoint) return "sync";
  if (spec.consume || isSubMinute(spec)) return "poller";
  return "async";
}

/** A layer written as a plain name (not an ARN, not an intrinsic) is resolved through a parameter. */
export const isLayerName = (layer: unknown): layer is string => typeof layer === "string" && !layer.startsWith("arn:");

function functionContext(dsl: ParetoApp, path: string, name: string, spec: FunctionSpec): FunctionContext {
  const layers = spec.layers ?? dsl.layers ?? [];
  return {
    name,
    path: childPath(childPath(path, "functions"), name),
    spec,
    ids: functionIds(name),
    runtime: spec.runtime ?? dsl.runtime ?? DEFAULTS.runtime,
    memory: spec.memory ?? dsl.memory ?? DEFAULTS.memory,
    timeout: spec.timeout ?? dsl.timeout ?? DEFAULTS.timeout,
    architecture: spec.architecture ?? dsl.architecture ?? DEFAULTS.architecture,
    tracing: spec.tracing ?? dsl.tracing ?? false,
    layers: layers.map((layer) => (isLayerName(layer) ? ref(layerParameter(layer)) : layer)),
    layerNames: layers.filter(isLayerName),
    kind: invocationKind(spec),
  };
}

function tagList(tags: ParetoApp["tags"]): Tag[] {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

export function createContext(dsl: ParetoApp, path: string): AppContext {
  const functions = Object.entries(dsl.functions ?? {}).map(([name, spec]) => functionContext(dsl, path, name, spec));
  return {
    dsl,
    path,
    tags: tagList(dsl.tags),
    logRetention: dsl.logRetention ?? DEFAULTS.logRetention,
    has: {
      bucket: dsl.bucket !== undefined,
      table: dsl.table !== undefined,
      stream: dsl.table?.stream !== undefined,
      userpool: dsl.userpool !== undefined,
      api: functions.some((fn) => fn.spec.endpoint !== undefined),
      website: dsl.website !== undefined,
      builder: dsl.builder !== undefined,
      alerts: dsl.alerts !== undefined,
    },
    queues: Object.keys(dsl.queues ?? {}),
    functions,
    retain: (local) => local ?? dsl.retain ?? true,
  };
}

