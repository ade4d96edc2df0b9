/**
 * `consume` (docs/dsl.md, "Consume"): direct SQS or DynamoDB-stream batches for one function, or its
 * subscription to a topic (written by the topic's source module).
 */
import { eventSourceMapping } from "../aws/lambda.js";
import type { AppContext, FunctionContext } from "../context.js";
import { isIntrinsic } from "../intrinsics.js";
import { childPath } from "../validate/path.js";
import { checkPattern } from "../validate/pattern.js";
import type { Construct } from "./construct.js";
import { sourceOf } from "../sources/index.js";
import { polledSource, queueBatchProblems } from "./pollers.js";
import { streamFailure } from "./stream.js";

function containsIntrinsic(value: unknown): boolean {
  if (isIntrinsic(value)) return true;
  if (value && typeof value === "object") return Object.values(value).some(containsIntrinsic);
  return false;
}

function checkConsume(ctx: AppContext, fn: FunctionContext): string[] {
  const spec = fn.spec.consume;
  if (!spec || !fn.consumes) return [];
  const path = childPath(fn.path, "consume");
  const source = sourceOf(fn.consumes);
  const missing = source.missing(ctx, fn.consumes.argument);
  const errors = missing ? [`${childPath(path, "source")}: ${missing}`] : [];
  if (source.subscribe) {
    if (!missing) errors.push(...source.subscribe.check(ctx, fn, path));
  } else if (fn.consumes.kind === "queue") {
    if (spec.startingPosition !== undefined)
      errors.push(`${childPath(path, "startingPosition")}: applies to the table stream only, not to queues`);
    errors.push(...queueBatchProblems(spec.batchSize, spec.batchWindow, path, ctx.queues.get(fn.consumes.argument)?.fifo ?? false));
  } else if (spec.maxConcurrency !== undefined) {
    errors.push(`${childPath(path, "maxConcurrency")}: applies to queues only (a stream is read one batch per shard)`);
  }
  if (spec.filter !== undefined) {
    const filterPath = childPath(path, "filter");
    if (!source.subscribe) errors.push(...checkPattern(spec.filter, filterPath, "filter"));
    if (containsIntrinsic(spec.filter))
      errors.push(
        `${filterPath}: filter values must be literals (${source.subscribe ? "SNS's limits are checked on the values" : "the filter is written as a JSON string"})`,
      );
  }
  if (fn.spec.events || fn.spec.timer)
    errors.push(
      `${path}: a function that consumes ${source.subscribe ? "a topic" : "batches"} cannot also have events or a timer; use two functions`,
    );
  return errors;
}

export const consume: Construct = {
  name: "consume",
  check(ctx) {
    return ctx.functions.flatMap((fn) => checkConsume(ctx, fn));
  },
  build(ctx, graph) {
    for (const fn of ctx.functions) {
      const subscribe = fn.consumes && sourceOf(fn.consumes).subscribe;
      if (subscribe) subscribe.build(ctx, graph.writer(childPath(fn.path, "consume"), fn.name), fn);
      const spec = fn.spec.consume;
      const source = polledSource(fn);
      if (!spec || !source) continue;
      const isQueue = !source.stream;
      graph.writer(childPath(fn.path, "consume"), fn.name).resource(
        fn.ids.eventSourceMapping,
        eventSourceMapping({
          functionId: fn.ids.function,
          sourceArn: source.arn,
          batchSize: spec.batchSize,
          batchWindow: spec.batchWindow,
          maxConcurrency: spec.maxConcurrency,
          startingPosition: isQueue ? undefined : (spec.startingPosition ?? "LATEST"),
          filter: spec.filter,
          onFailure: isQueue ? undefined : streamFailure,
        }),
      );
    }
  },
};
