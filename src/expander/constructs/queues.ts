/**
 * Named queues (docs/dsl.md, "Storage"): each with a dead-letter queue and redrive. A queue is either
 * consumed directly by one function (`consume`) or bridged to EventBridge (src/expander/sources/queue.ts).
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { FOURTEEN_DAYS, queue } from "../aws/sqs.js";
import type { AppContext, FunctionContext } from "../context.js";
import { ref } from "../intrinsics.js";
import { queueIds } from "../names.js";
import { BRIDGE_TIMEOUT, queue as queueSource } from "../sources/queue.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { consumedQueue, sqsBatchProblem } from "./pollers.js";

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

/** Events that name `queue:<q>` as their source, with their paths. */
function bridgedBy(ctx: AppContext, name: string): string[] {
  return ctx.functions.flatMap((fn) =>
    fn.events.flatMap((event) =>
      event.source.kind === "queue" && event.source.argument === name ? [childPath(event.path, "source")] : [],
    ),
  );
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
      errors.push(...sqsBatchProblem(spec.batchSize ?? DEFAULTS.queue.batchSize, spec.batchWindow, childPath(path, "batchSize")));
    }
    return errors;
  },
  build(ctx, graph) {
    const consumers = queueConsumers(ctx);
    for (const [name, spec] of ctx.queues) {
      const ids = queueIds(name);
      const out = graph.writer(childPath(childPath(ctx.path, "queues"), name));
      out.resource(ids.deadLetterQueue, queue({ retention: FOURTEEN_DAYS }));
      out.resource(
        ids.queue,
        queue({
          visibilityTimeout: spec.visibilityTimeout ?? VISIBILITY_FACTOR * readerTimeout(ctx, name),
          deadLetter: { queueId: ids.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount ?? DEFAULTS.queue.maxReceiveCount },
        }),
      );
      out.output(ids.queue, ref(ids.queue), `URL of the '${name}' queue`);
      if (!consumers.has(name)) queueSource.bridge?.(ctx, out, name);
    }
  },
};
