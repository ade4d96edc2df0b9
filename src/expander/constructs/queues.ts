/**
 * Named queues (spec §2, §3): each with a dead-letter queue and redrive. A queue is either consumed
 * directly by one function (`consume`) or bridged to EventBridge by a small generated function.
 */
import { runtimeCode } from "../../generated/runtime-code.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { FOURTEEN_DAYS, queue } from "../aws/sqs.js";
import type { AppContext, FunctionContext } from "../context.js";
import { arn, getAtt, ref } from "../intrinsics.js";
import { queueIds } from "../names.js";
import { fragmentWriter } from "../types.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { addFunctionResources, inlineSettings } from "./function-resources.js";
import { queueName, SQS_POLL, sqsBatchProblem } from "./pollers.js";

const BRIDGE_TIMEOUT = 30;
/** AWS's advice for queues feeding Lambda: visibility at least six times the function's timeout. */
const VISIBILITY_FACTOR = 6;
const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEFAULT_BATCH_SIZE = 10;

/** The function consuming each queue directly (the first, when a check reports several). */
export function queueConsumers(ctx: AppContext): Map<string, FunctionContext> {
  const consumers = new Map<string, FunctionContext>();
  for (const fn of ctx.functions) {
    const name = fn.spec.consume ? queueName(fn.spec.consume.source) : undefined;
    if (name !== undefined && !consumers.has(name)) consumers.set(name, fn);
  }
  return consumers;
}

/** Events that name `queue:<q>` as their source, with their paths. */
function bridgedBy(ctx: AppContext, name: string): string[] {
  return ctx.functions.flatMap((fn) =>
    (fn.spec.events ?? []).flatMap((event, i) =>
      event.source === `queue:${name}` ? [childPath(childPath(childPath(fn.path, "events"), i), "source")] : [],
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
      const name = fn.spec.consume ? queueName(fn.spec.consume.source) : undefined;
      if (name === undefined || !ctx.queues.includes(name)) continue;
      const path = childPath(childPath(fn.path, "consume"), "source");
      const previous = consumedBy.get(name);
      if (previous) errors.push(`${path}: queue '${name}' is already consumed by function '${previous}'; a queue has one consumer`);
      else consumedBy.set(name, fn.name);
      for (const eventPath of bridgedBy(ctx, name))
        errors.push(`${eventPath}: queue '${name}' is consumed directly by function '${fn.name}', so it is not bridged to events; use one or the other`);
    }
    for (const [name, spec] of Object.entries(ctx.dsl.queues ?? {})) {
      const path = childPath(childPath(ctx.path, "queues"), name);
      const timeout = readerTimeout(ctx, name);
      if (spec.visibilityTimeout !== undefined && spec.visibilityTimeout < timeout)
        errors.push(
          `${childPath(path, "visibilityTimeout")}: ${spec.visibilityTimeout} s is shorter than the timeout of the function reading it (${timeout} s)`,
        );
      errors.push(...sqsBatchProblem(spec.batchSize ?? DEFAULT_BATCH_SIZE, spec.batchWindow, childPath(path, "batchSize")));
    }
    return errors;
  },
  build(ctx, fragment) {
    const consumers = queueConsumers(ctx);
    for (const [name, spec] of Object.entries(ctx.dsl.queues ?? {})) {
      const ids = queueIds(name);
      const out = fragmentWriter(fragment, childPath(childPath(ctx.path, "queues"), name));
      out.resource(ids.deadLetterQueue, queue({ retention: FOURTEEN_DAYS, tags: ctx.tags }));
      out.resource(
        ids.queue,
        queue({
          visibilityTimeout: spec.visibilityTimeout ?? VISIBILITY_FACTOR * readerTimeout(ctx, name),
          deadLetter: { queueId: ids.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
          tags: ctx.tags,
        }),
      );
      out.output(ids.queue, ref(ids.queue), `URL of the '${name}' queue`);
      if (consumers.has(name)) continue;
      const bridge = addFunctionResources(
        ctx,
        out,
        ids.bridgeNamespace,
        inlineSettings(runtimeCode.queueBridge, { QUEUE_ARN: getAtt(ids.queue, "Arn") }, BRIDGE_TIMEOUT),
        [
          { Effect: "Allow", Action: SQS_POLL, Resource: getAtt(ids.queue, "Arn") },
          { Effect: "Allow", Action: "events:PutEvents", Resource: arn.defaultBus },
        ],
      );
      out.resource(
        bridge.eventSourceMapping,
        eventSourceMapping({
          functionId: bridge.function,
          sourceArn: getAtt(ids.queue, "Arn"),
          batchSize: spec.batchSize ?? DEFAULT_BATCH_SIZE,
          batchWindow: spec.batchWindow || undefined,
          dependsOn: [bridge.policy],
        }),
      );
    }
  },
};
