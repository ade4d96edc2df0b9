/**
 * The event-source registry: one module per source (docs/architecture.md, "Adding a source"). The
 * `SourceKind` union, the schema's token patterns and every per-source table derive from this object;
 * its order is the order of the environment variables and of permission scopes in the output.
 */
import { app } from "./app.js";
import { bucket } from "./bucket.js";
import { builder } from "./builder.js";
import { global } from "./global.js";
import { queue } from "./queue.js";
import type { Source } from "./source.js";
import { table } from "./table.js";
import { topic } from "./topic.js";
import { userpool } from "./userpool.js";

export const SOURCES = { bucket, table, queue, topic, userpool, builder, global, app } as const satisfies Record<string, Source>;

export type SourceKind = keyof typeof SOURCES;
export const SOURCE_KINDS = Object.keys(SOURCES) as SourceKind[];

/** A source as written in the DSL, parsed once: `queue:tasks` -> `{kind: "queue", argument: "tasks"}`. */
export interface SourceRef {
  kind: SourceKind;
  /** The resource's name for sources written `<kind>:<name>`; empty otherwise. */
  argument: string;
}

const isKind = (text: string): text is SourceKind => (SOURCE_KINDS as string[]).includes(text);

/** Parses a token the schema has already accepted (so the kind is known). */
export function parseSourceRef(token: string): SourceRef {
  const colon = token.indexOf(":");
  const kind = colon < 0 ? token : token.slice(0, colon);
  if (!isKind(kind)) throw new Error(`unknown source '${token}' passed the schema`);
  return { kind, argument: colon < 0 ? "" : token.slice(colon + 1) };
}

export const sourceOf = (ref: SourceRef): Source => SOURCES[ref.kind];

/** The schema's `pattern` for a source token, over the given kinds (a test keeps the schema equal to it). */
function tokenPattern(kinds: readonly SourceKind[]): string {
  const argument = ":[a-z][a-z0-9-]*";
  const alternatives = kinds.map((kind) => {
    const written = SOURCES[kind].token.argument;
    return written === "optional" ? `${kind}(${argument})?` : written ? `${kind}${argument}` : kind;
  });
  return `^(${alternatives.join("|")})$`;
}

/**
 * Sources an event may name (every one: an event naming a source that is on no bus gets that source's own
 * error, `notAnEvent`, rather than the schema's), and sources `consume` may read (polled or subscribed).
 */
export const EVENT_SOURCE_PATTERN = tokenPattern(SOURCE_KINDS);
export const CONSUME_SOURCE_PATTERN = tokenPattern(
  SOURCE_KINDS.filter((kind) => SOURCES[kind].poll !== undefined || SOURCES[kind].subscribe !== undefined),
);
/** Resources a permission's `on` may name: those of sources whose module says which actions reach them. */
export const REACHED_SOURCE_PATTERN = tokenPattern(SOURCE_KINDS.filter((kind) => SOURCES[kind].reach !== undefined));
