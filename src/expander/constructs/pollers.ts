/** What a polled function's role needs to read its batches (a consumed queue, the table stream, a ticker queue). */
import type { Statement } from "../aws/iam.js";
import type { FunctionContext } from "../context.js";
import { getAtt } from "../intrinsics.js";
import { SEND_TO_FAILURE_QUEUE } from "./stream.js";
import { timerIds } from "../names.js";
import { sourceOf } from "../sources/index.js";
import { SQS_POLL } from "../sources/queue.js";
import { childPath } from "../validate/path.js";

/** SQS delivers more than 10 messages per batch only with a batching window of at least 1 second. */
export function sqsBatchProblem(batchSize: number | undefined, batchWindow: number | undefined, path: string): string[] {
  return (batchSize ?? 0) > 10 && !batchWindow
    ? [`${path}: a batch larger than 10 needs a batchWindow of at least 1 second (SQS limit)`]
    : [];
}

/**
 * What Lambda refuses in a mapping that reads a queue, at `path` (the queue's or the `consume`'s): a FIFO
 * queue is read without a batching window, in batches of at most 10 (docs/aws-rules.md).
 */
export function queueBatchProblems(batchSize: number | undefined, batchWindow: number | undefined, path: string, fifo: boolean): string[] {
  if (!fifo) return sqsBatchProblem(batchSize, batchWindow, childPath(path, "batchSize"));
  return [
    ...(batchWindow ? [`${childPath(path, "batchWindow")}: Lambda reads a FIFO queue without a batching window; remove it`] : []),
    ...((batchSize ?? 0) > 10 ? [`${childPath(path, "batchSize")}: Lambda reads a FIFO queue in batches of at most 10`] : []),
  ];
}

/** The queue a function consumes directly, if any. */
export const consumedQueue = (fn: FunctionContext) => (fn.consumes?.kind === "queue" ? fn.consumes.argument : undefined);

/** The ARN a poller reads, and the actions it needs, for one function (none if it is not a poller). */
export function polledSource(fn: FunctionContext): { arn: unknown; actions: string[]; stream: boolean } | undefined {
  if (fn.consumes) {
    const poll = sourceOf(fn.consumes).poll;
    if (poll) return { arn: poll.arn(fn.consumes.argument), actions: poll.actions, stream: fn.consumes.kind === "table" };
  }
  if (fn.kind === "poller") return { arn: getAtt(timerIds(fn.name).tickerQueue, "Arn"), actions: SQS_POLL, stream: false };
  return undefined;
}

export function pollerStatements(fn: FunctionContext): Statement[] {
  const source = polledSource(fn);
  if (!source) return [];
  const read: Statement = { Effect: "Allow", Action: source.actions, Resource: source.arn };
  // A stream mapping sends records it gives up on to the failure queue with the function's role.
  return source.stream ? [read, SEND_TO_FAILURE_QUEUE] : [read];
}
