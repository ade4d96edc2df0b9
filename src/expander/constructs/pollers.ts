/** What a polled function's role needs to read its batches (a consumed queue, the table stream, a ticker queue). */
import type { Statement } from "../aws/iam.js";
import type { FunctionContext } from "../context.js";
import { getAtt } from "../intrinsics.js";
import { APP, queueIds, timerIds } from "../names.js";

export const SQS_POLL = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];
export const STREAM_POLL = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];

/** SQS delivers more than 10 messages per batch only with a batching window of at least 1 second. */
export function sqsBatchProblem(batchSize: number | undefined, batchWindow: number | undefined, path: string): string[] {
  return (batchSize ?? 0) > 10 && !batchWindow
    ? [`${path}: a batch larger than 10 needs a batchWindow of at least 1 second (SQS limit)`]
    : [];
}

/** The queue a `queue:<name>` source names, or undefined. */
export const queueName = (source: string) => (source.startsWith("queue:") ? source.slice("queue:".length) : undefined);

/** The ARN a poller reads, and the actions it needs, for one function (none if it is not a poller). */
export function polledSource(fn: FunctionContext): { arn: unknown; actions: string[] } | undefined {
  if (fn.spec.consume) {
    const queue = queueName(fn.spec.consume.source);
    return queue
      ? { arn: getAtt(queueIds(queue).queue, "Arn"), actions: SQS_POLL }
      : { arn: getAtt(APP.table, "StreamArn"), actions: STREAM_POLL };
  }
  if (fn.kind === "poller") return { arn: getAtt(timerIds(fn.name).tickerQueue, "Arn"), actions: SQS_POLL };
  return undefined;
}

export function pollerStatements(fn: FunctionContext): Statement[] {
  const source = polledSource(fn);
  if (!source) return [];
  const read: Statement = { Effect: "Allow", Action: source.actions, Resource: source.arn };
  // A stream mapping sends records it gives up on to the failure queue with the function's role.
  const streamFailure: Statement = { Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(APP.failureQueue, "Arn") };
  return source.actions === STREAM_POLL ? [read, streamFailure] : [read];
}
