/**
 * Queue bridge: SQS batch (ReportBatchItemFailures) -> one EventBridge event per message on the
 * default bus. `detail` is the body parsed as JSON (anything else wrapped as {"body": ...});
 * `detail-type` is the body's `type` field, else "message"; `source` is the queue ARN (QUEUE_ARN).
 * Only the messages whose events did not land are reported as failed, so only they are retried.
 */
const { EventBridgeClient } = require("@aws-sdk/client-eventbridge");
const { putEvents } = require("./put-events.cjs");

let client;

const isPlainObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

function toEntry(record, source) {
  let detail;
  try {
    const parsed = JSON.parse(record.body);
    detail = isPlainObject(parsed) ? parsed : { body: record.body };
  } catch {
    detail = { body: record.body };
  }
  const detailType = typeof detail.type === "string" && detail.type ? detail.type : "message";
  return { Source: source, DetailType: detailType, Detail: JSON.stringify(detail) };
}

async function handler(event) {
  client = client || new EventBridgeClient({});
  const records = event.Records || [];
  const failed = await putEvents(
    client,
    records.map((record) => toEntry(record, process.env.QUEUE_ARN)),
  );
  return { batchItemFailures: failed.map((i) => ({ itemIdentifier: records[i].messageId })) };
}

module.exports = { handler, toEntry, setClient: (c) => (client = c) };
