/**
 * What one event source is (docs/architecture.md, "Adding a source"): everything Pareto knows about
 * it lives in its module, `sources/<kind>.ts`, as one `Source`; the registry (`index.ts`) derives the
 * `SourceKind` union, the schema's token patterns and every per-source table from those modules.
 */
import type { AppContext } from "../context.js";
import type { GraphWriter } from "../graph.js";

/** Known `detail` fields, nested where the source nests them; `null` = any structure below. */
export type DetailShape = { readonly [field: string]: DetailShape | null };

/** How the diagram draws a source (src/graph/mermaid.ts). */
export interface DiagramNode {
  shape: "store" | "queue" | "service" | "external";
  text: string;
}

export interface Source {
  /** `argument: true` for sources written `<kind>:<name>` (the name of one of the app's resources). */
  token: { argument: boolean };
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
  /** `consume` can read it in batches: the ARN the mapping reads and the actions that takes. */
  poll?: { arn(argument: string): unknown; actions: string[] };
  /** Its node in `pareto graph`. */
  node(argument: string): DiagramNode;
  /** The function that turns its changes into events on the bus, if it has one. */
  bridge?(ctx: AppContext, out: GraphWriter, argument: string): void;
}
