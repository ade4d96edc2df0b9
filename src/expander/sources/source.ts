/**
 * What one event source is (docs/architecture.md, "Adding a source"): everything Pareto knows about
 * it lives in its module, `sources/<kind>.ts`, as one `Source`; the registry (`index.ts`) derives the
 * `SourceKind` union, the schema's token patterns and every per-source table from those modules.
 */
import type { AppContext, FunctionContext } from "../context.js";
import type { GraphWriter } from "../graph.js";

/** Known `detail` fields, nested where the source nests them; `null` = any structure below. */
export type DetailShape = { readonly [field: string]: DetailShape | null };

/** How the diagram draws a source (src/graph/mermaid.ts). */
export interface DiagramNode {
  shape: "store" | "queue" | "service" | "external";
  text: string;
}

export interface Source {
  /**
   * `argument: true` for sources written `<kind>:<name>` (the name of one of the app's resources);
   * `"optional"` for those also written bare, `<kind>` alone naming the app's own one (`table`, `bucket`).
   */
  token: { argument: boolean | "optional" };
  /** Why the app cannot provide this source, or undefined when it can. */
  missing(ctx: AppContext, argument: string): string | undefined;
  /** The pattern fields the expander writes; a user pattern may not set them. */
  binding(argument: string): Record<string, unknown>;
  /** The grammar of `detail` in its events (null: the user's own JSON, anything goes). */
  detail: DetailShape | null;
  /** Literal values a `detail` field can take, where the source documents a closed set. */
  detailValues?: ReadonlyMap<string, readonly string[]>;
  /**
   * IAM: which actions reach the app's resources of this source (a service such as `s3`, or one
   * `service:Action`), the arguments of those that exist, and the ARNs a policy names for each.
   */
  reach?: {
    actions: string;
    instances(ctx: AppContext): string[];
    arns(argument: string): unknown[];
  };
  /** Environment variables every function gets for the app's resources of this source. */
  environment?(ctx: AppContext): Array<[string, unknown]>;
  /**
   * Why an event cannot name it, for a source that is not on any bus (it delivers to functions itself,
   * through `consume`); undefined for the sources EventBridge rules match.
   */
  notAnEvent?(argument: string): string;
  /**
   * `consume` subscribes the function to it: the source invokes the function asynchronously, one message
   * at a time. `check` reports what such a subscription cannot have; `build` writes it.
   */
  subscribe?: {
    check(ctx: AppContext, fn: FunctionContext, path: string): string[];
    build(ctx: AppContext, out: GraphWriter, fn: FunctionContext): void;
  };
  /** `consume` can read it in batches: the ARN the mapping reads and the actions that takes. */
  poll?: { arn(argument: string): unknown; actions: string[] };
  /** Its node in `pareto graph`. */
  node(argument: string): DiagramNode;
  /**
   * Which bus its events arrive on: `app` for the events the app itself puts (bridges, hooks, its
   * functions), on the app bus `AppEventBus` when the app has `bus` and on the default bus otherwise;
   * absent for events AWS services put, always on the default bus (src/expander/bus.ts).
   */
  bus?: "app";
  /** The function that turns its changes into events on the bus, if it has one. */
  bridge?(ctx: AppContext, out: GraphWriter, argument: string): void;
}

/** The error for a name none of the app's resources of a kind has, with the names it has. */
export const notDeclared = (kind: string, name: string, declared: Iterable<string>) =>
  `${kind} '${name}' is not declared (declared: ${[...declared].join(", ") || "none"})`;
