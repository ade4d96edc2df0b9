/**
 * Named queues (docs/dsl.md, "Storage"): each with a dead-letter queue and redrive. A queue is either
 * consumed directly by one function (`consume`) or bridged to EventBridge (src/expander/sources/queue.ts).
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { FOURTEEN_DAYS, queue } from "../aws/sqs.js";
import type { AppContext, FunctionContext } from "../context.js";
import { ruleKey } from "../aws/events.js";
import { join, ref, stackUuid } from "../intrinsics.js";
import { queueIds } from "../names.js";
import { BRIDGE_TIMEOUT, queue as queueSource } from "../sources/queue.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { consumedQueue, queueBatchProblems } from "./pollers.js";

/**
 * A FIFO queue's name must end in `.fifo` and fit SQS's 80 characters. CloudFormation appends the suffix to
 * the names it generates but may then exceed 80 (docs/aws-rules.md), so Pareto names FIFO queues itself:
 * `<stack UUID>-<queue><role>.fifo`, unique per account and region with the stack's UUID; a queue name
 * too long for the 34 characters left keeps its first 23 and a hash of the whole.
 */
const FIFO_NAME_ROOM = 80 - 36 - 1 - "-dlq".length - ".fifo".length;
function fifoQueueName(queue: string, role: "" | "-dlq") {
  const part = queue.length <= FIFO_NAME_ROOM ? queue : `${queue.slice(0, FIFO_NAME_ROOM - 11)}-${ruleKey(queue)}`;
  return join([stackUuid, `-${part}${role}.fifo`]);
}

/** AWS's advice for queues feeding Lambda: visibility at least six times the function's timeout. */
const VISIBILITY_FACTOR = 6;

/** The function consuming each queue directly (the first, when a check reports several). */
function queueConsumers(ctx: AppContext): Map<string, FunctionContext> {
  const consumers = new Map<string, FunctionContext>();
  for (const fn of ctx.functions) {
    const name = consumedQueue(fn);
    if (name !== undefined && !consumers.has(name)) consumers.set(name, fn);
  }
  return consumers;
}

/** Events that name `queue:<q>` as their source. */
function bridgedEvents(ctx: AppContext, name: string) {
  return ctx.functions.flatMap((fn) => fn.events.filter((event) => event.source.kind === "queue" && event.source.argument === name));
}

/** The paths of the events that name `queue:<q>` as their source. */
const bridgedBy = (ctx: AppContext, name: string) => bridgedEvents(ctx, name).map((event) => childPath(event.path, "source"));

/** EventBridge takes a `DetailType` of 1 to 128 characters (docs/aws-rules.md). */
const DETAIL_TYPE_LENGTH = { min: 1, max: 128 };

/**
 * A bridged FIFO queue's events: a `detail-type` value the bridge never sets (the body's `type`, within
 * EventBridge's length, else "message") would leave the rule matching nothing. Only literal values are read.
 */
function unreachableDetailTypes(ctx: AppContext, name: string): string[] {
  return bridgedEvents(ctx, name).flatMap((event) => {
    const values = (event.spec.pattern as Record<string, unknown>)["detail-type"];
    if (!Array.isArray(values)) return [];
    const path = childPath(childPath(event.path, "pattern"), "detail-type");
    return values.flatMap((value, i) =>
      (typeof value === "string" && (value.length < DETAIL_TYPE_LENGTH.min || value.length > DETAIL_TYPE_LENGTH.max)) ||
      typeof value === "number" ||
      typeof value === "boolean"
        ? [
            `${childPath(path, i)}: the queue bridge never sets this detail-type: it is the message body's \`type\` (a string of ${DETAIL_TYPE_LENGTH.min} to ${DETAIL_TYPE_LENGTH.max} characters, EventBridge's limit) or 'message'`,
          ]
        : [],
    );
  });
}

function readerTimeout(ctx: AppContext, name: string): number {
  return queueConsumers(ctx).get(name)?.timeout ?? BRIDGE_TIMEOUT;
}

export const queues: Construct = {
  name: "queues",
  check(ctx) {
    const errors: string[] = [];
    const consumedBy = new Map<string, string>();
    for (const fn of ctx.functions) {
      const name = consumedQueue(fn);
      if (name === undefined || !ctx.queues.has(name)) continue;
      const path = childPath(childPath(fn.path, "consume"), "source");
      const previous = consumedBy.get(name);
      if (previous) errors.push(`${path}: queue '${name}' is already consumed by function '${previous}'; a queue has one consumer`);
      else consumedBy.set(name, fn.name);
      for (const eventPath of bridgedBy(ctx, name))
        errors.push(
          `${eventPath}: queue '${name}' is consumed directly by function '${fn.name}', so it is not bridged to events; use one or the other`,
        );
    }
    for (const [name, spec] of ctx.queues) {
      const path = childPath(childPath(ctx.path, "queues"), name);
      const timeout = readerTimeout(ctx, name);
      if (spec.visibilityTimeout !== undefined && spec.visibilityTimeout < timeout)
        errors.push(
          `${childPath(path, "visibilityTimeout")}: ${spec.visibilityTimeout} s is shorter than the timeout of the function reading it (${timeout} s)`,
        );
      errors.push(...queueBatchProblems(spec.batchSize ?? DEFAULTS.queue.batchSize, spec.batchWindow, path, spec.fifo ?? false));
      if (spec.fifo) errors.push(...unreachableDetailTypes(ctx, name));
      if (spec.deduplication !== undefined && !spec.fifo)
        errors.push(`${childPath(path, "deduplication")}: only a FIFO queue deduplicates; add \`fifo: true\` or remove it`);
    }
    return errors;
  },
  build(ctx, graph) {
    const consumers = queueConsumers(ctx);
    for (const [name, spec] of ctx.queues) {
      const ids = queueIds(name);
      const out = graph.writer(childPath(childPath(ctx.path, "queues"), name));
      // A FIFO queue's dead-letter queue must be FIFO too (docs/aws-rules.md); it takes the same deduplication.
      const fifo = (role: "" | "-dlq") =>
        spec.fifo ? { fifo: { name: fifoQueueName(name, role), contentDeduplication: spec.deduplication === "content" } } : {};
      out.resource(ids.deadLetterQueue, queue({ retention: FOURTEEN_DAYS, ...fifo("-dlq") }));
      out.resource(
        ids.queue,
        queue({
          visibilityTimeout: spec.visibilityTimeout ?? VISIBILITY_FACTOR * readerTimeout(ctx, name),
          deadLetter: { queueId: ids.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount ?? DEFAULTS.queue.maxReceiveCount },
          ...fifo(""),
        }),
      );
      out.output(ids.queue, ref(ids.queue), `URL of the '${name}' queue`);
      if (!consumers.has(name)) queueSource.bridge?.(ctx, out, name);
    }
  },
};
