/**
 * PutEvents in batches within EventBridge's limits (10 entries, 256 KiB per request), reporting which
 * entries failed instead of dropping them. Shared by the bridges and the user-pool hook.
 */
const { PutEventsCommand } = require("@aws-sdk/client-eventbridge");

const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;

/** Entry size as EventBridge counts it: Source, DetailType, Detail and Resources in UTF-8, 14 bytes for Time. */
function entrySize(entry) {
  const bytes = (text) => (text ? Buffer.byteLength(text, "utf8") : 0);
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources || []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

/** Groups entry indexes into requests; an entry too big on its own is returned apart, as failed. */
function plan(entries) {
  const batches = [];
  const oversized = [];
  let current = [];
  let size = 0;
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the early return only ends this entry's step
  entries.forEach((entry, index) => {
    const entryBytes = entrySize(entry);
    if (entryBytes > MAX_BYTES) return oversized.push(index);
    if (current.length === MAX_ENTRIES || size + entryBytes > MAX_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(index);
    size += entryBytes;
  });
  if (current.length) batches.push(current);
  return { batches, oversized };
}

/** Sends every entry; resolves to the sorted indexes of the entries that did not land. */
async function putEvents(client, entries) {
  const { batches, oversized } = plan(entries);
  const failed = new Set(oversized);
  for (const batch of batches) {
    try {
      const response = await client.send(new PutEventsCommand({ Entries: batch.map((i) => entries[i]) }));
      if (response.FailedEntryCount) {
        (response.Entries || []).forEach((result, position) => {
          if (result.ErrorCode) failed.add(batch[position]);
        });
      }
    } catch (error) {
      console.error("PutEvents failed", error);
      // biome-ignore lint/suspicious/useIterableCallbackReturn: the value Set#add returns is ignored
      batch.forEach((i) => failed.add(i));
    }
  }
  return [...failed].sort((a, b) => a - b);
}

module.exports = { putEvents, plan, entrySize, MAX_ENTRIES, MAX_BYTES };
