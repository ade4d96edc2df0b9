/**
 * Queue bridge for a FIFO queue: the same events as queue-bridge.cjs, put in the order of the batch
 * (Lambda hands one message group's messages over in order, one batch at a time). At the first message
 * whose event does not land, it stops: that message and every later one of the batch are reported as
 * failed, so Lambda returns them to the queue and the group is retried from there, in order (Lambda
 * developer guide, "Handling errors for an SQS event source": a FIFO function stops at the first failure).
 * Events after the failure in the same PutEvents request may have landed already: they come again on the
 * retry (EventBridge is at least once anyway).
 */
const { EventBridgeClient } = require("@aws-sdk/client-eventbridge");
const { toEntry } = require("./queue-bridge.cjs");
const { plan, putEvents } = require("./put-events.cjs");

let client;

/** The index of the first entry that did not land (entries.length when all did), requests sent in order. */
async function putInOrder(client, entries) {
  const { batches, oversized } = plan(entries);
  const stop = oversized.length ? oversized[0] : entries.length;
  for (const batch of batches) {
    const sendable = batch.filter((i) => i < stop);
    if (!sendable.length) break;
    const failed = await putEvents(
      client,
      sendable.map((i) => entries[i]),
    );
    if (failed.length) return sendable[failed[0]];
  }
  return stop;
}

async function handler(event) {
  client = client || new EventBridgeClient({});
  const records = event.Records || [];
  const first = await putInOrder(
    client,
    records.map((record) => toEntry(record, process.env.QUEUE_ARN)),
  );
  return { batchItemFailures: records.slice(first).map((record) => ({ itemIdentifier: record.messageId })) };
}

module.exports = { handler, putInOrder, setClient: (c) => (client = c) };
