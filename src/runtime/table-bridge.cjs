/**
 * Table bridge: DynamoDB stream batch (ReportBatchItemFailures) -> one EventBridge event per record.
 * `source` = the table ARN (TABLE_ARN), `detail-type` = INSERT | MODIFY | REMOVE,
 * `detail` = {eventName, keys, diffKeys, records}. On a failure it reports the first failed record's
 * sequence number: Lambda retries the stream from there, so nothing after it is skipped. An entry over
 * EventBridge's 256 KiB limit loses its images and gains `truncated: true` (see toEntry).
 */
const { EventBridgeClient } = require("@aws-sdk/client-eventbridge");
const { putEvents, entrySize, MAX_BYTES } = require("./put-events.cjs");

let client;

/** DynamoDB's typed JSON -> plain values (numbers as JS numbers, binary as base64 strings). */
function unmarshall(value) {
  const [type, inner] = Object.entries(value)[0];
  switch (type) {
    case "S":
    case "B":
      return inner;
    case "N":
      return Number(inner);
    case "BOOL":
      return inner;
    case "NULL":
      return null;
    case "SS":
    case "BS":
      return [...inner];
    case "NS":
      return inner.map(Number);
    case "L":
      return inner.map(unmarshall);
    case "M":
      return unmarshallMap(inner);
    default:
      return inner;
  }
}

const unmarshallMap = (map) => Object.fromEntries(Object.entries(map || {}).map(([key, value]) => [key, unmarshall(value)]));

/** Top-level attributes whose value differs between the old and the new image (added, removed or changed). */
function diffKeys(oldImage = {}, newImage = {}) {
  const names = new Set([...Object.keys(oldImage), ...Object.keys(newImage)]);
  return [...names].filter((name) => JSON.stringify(oldImage[name]) !== JSON.stringify(newImage[name])).sort();
}

function toEntry(record, source) {
  const data = record.dynamodb || {};
  const detail = {
    eventName: record.eventName,
    keys: unmarshallMap(data.Keys),
    diffKeys: diffKeys(data.OldImage, data.NewImage),
    records: [record],
  };
  const entry = () => ({ Source: source, DetailType: record.eventName, Detail: JSON.stringify(detail) });
  let result = entry();
  // Over EventBridge's entry limit the event could never land (only the failure queue): drop images instead,
  // the old one first, as subscribers mostly want the item as it is now and diffKeys still names the changes.
  const trimmed = { ...data };
  for (const image of ["OldImage", "NewImage"]) {
    if (entrySize(result) <= MAX_BYTES) break;
    delete trimmed[image];
    detail.records = [{ ...record, dynamodb: trimmed }];
    detail.truncated = true;
    result = entry();
  }
  return result;
}

async function handler(event) {
  client = client || new EventBridgeClient({});
  const records = event.Records || [];
  const failed = await putEvents(
    client,
    records.map((record) => toEntry(record, process.env.TABLE_ARN)),
  );
  if (!failed.length) return { batchItemFailures: [] };
  return { batchItemFailures: [{ itemIdentifier: records[failed[0]].dynamodb.SequenceNumber }] };
}

module.exports = { handler, toEntry, unmarshall, diffKeys, setClient: (c) => (client = c) };
