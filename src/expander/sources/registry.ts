/**
 * Event sources (spec §3): one row per source. Each says what it requires of the app, what it
 * writes into the user's pattern (the fields it owns), and which `detail` grammar applies.
 * Adding a source means adding one row here.
 */
import type { AppContext } from "../context.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP, queueIds } from "../names.js";
import type { PatternSource } from "../validate/source-details.js";

export interface EventSource {
  /** The grammar of `detail` for events from this source. */
  detail: PatternSource;
  /** Why the app cannot provide this source, or undefined when it can. */
  missing(ctx: AppContext, argument: string): string | undefined;
  /** The pattern fields the expander writes; a user pattern may not set them. */
  binding(argument: string): Record<string, unknown>;
}

const declaredQueues = (ctx: AppContext) => (ctx.queues.length ? ctx.queues.join(", ") : "none");

export const SOURCES: Record<string, EventSource> = {
  bucket: {
    detail: "bucket",
    missing: (ctx) => (ctx.has.bucket ? undefined : "the app has no bucket (add `bucket: {}`)"),
    binding: () => ({ source: ["aws.s3"], detail: { bucket: { name: [ref(APP.bucket)] } } }),
  },
  table: {
    detail: "table",
    missing: (ctx) =>
      !ctx.has.table
        ? "the app has no table (add `table: {stream: {}}`)"
        : ctx.has.stream
          ? undefined
          : "the app table has no stream (add `stream: {}` to `table`)",
    binding: () => ({ source: [getAtt(APP.table, "Arn")] }),
  },
  queue: {
    detail: "queue",
    missing: (ctx, queue) =>
      ctx.queues.includes(queue) ? undefined : `queue '${queue}' is not declared (declared: ${declaredQueues(ctx)})`,
    binding: (queue) => ({ source: [getAtt(queueIds(queue).queue, "Arn")] }),
  },
  userpool: {
    detail: "userpool",
    missing: (ctx) => (ctx.has.userpool ? undefined : "the app has no user pool (add `userpool: {}`)"),
    binding: () => ({ source: [getAtt(APP.userPool, "Arn")] }),
  },
  builder: {
    detail: "builder",
    missing: (ctx) => (ctx.has.builder ? undefined : "the app has no builder (add `builder: {}`)"),
    binding: () => ({ source: ["aws.codebuild"], detail: { "project-name": [ref(APP.builderProject)] } }),
  },
  global: {
    detail: "global",
    missing: () => undefined,
    binding: () => ({}),
  },
};

/** `queue:tasks` -> the queue row with argument `tasks`; other sources have no argument. */
export function parseSource(source: string): { source: EventSource; argument: string } {
  const [kind, argument = ""] = source.split(":");
  return { source: SOURCES[kind], argument };
}
