import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const bridge = load("../../../src/runtime/queue-bridge-fifo.cjs");
const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:app-orders.fifo";

const record = (messageId: string, body: string, group = "g1") => ({
  messageId,
  body,
  attributes: { MessageGroupId: group, MessageDeduplicationId: messageId, SequenceNumber: "1" },
  eventSource: "aws:sqs",
  eventSourceARN: QUEUE_ARN,
});

describe("FIFO queue bridge", () => {
  it("stops at the first event that does not land: it and every later message are retried, in order", async () => {
    process.env.QUEUE_ARN = QUEUE_ARN;
    const client = fakeClient((command) => ({
      FailedEntryCount: 1,
      Entries: command.input.Entries.map((_: unknown, i: number) => (i === 1 ? { ErrorCode: "InternalFailure" } : { EventId: `e${i}` })),
    }));
    bridge.setClient(client);
    const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const response = await bridge.handler({ Records: ids.map((id) => record(id, `{"type":"t","n":"${id}"}`)) });
    expect(response.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier)).toEqual(ids.slice(1));
  });

  it("sends nothing after a failed request", async () => {
    // 11 entries: two requests; the first fails as a whole, so the second is never sent.
    const client = fakeClient(() => new Error("throttled"));
    bridge.setClient(client);
    const ids = Array.from({ length: 11 }, (_, i) => `m${i}`);
    const response = await bridge.handler({ Records: ids.map((id) => record(id, "{}")) });
    expect(client.sent).toHaveLength(1);
    expect(response.batchItemFailures).toHaveLength(11);
  });

  it("stops before an entry too big for EventBridge, sending what precedes it", async () => {
    const client = fakeClient((command) => ({ FailedEntryCount: 0, Entries: command.input.Entries.map(() => ({ EventId: "e" })) }));
    bridge.setClient(client);
    const big = JSON.stringify({ text: "x".repeat(300 * 1024) });
    const response = await bridge.handler({ Records: [record("a", "{}"), record("b", big), record("c", "{}")] });
    expect(client.sent.flatMap((s) => s.input.Entries)).toHaveLength(1);
    expect(response.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier)).toEqual(["b", "c"]);
  });

  it("reports nothing when every event lands", async () => {
    const client = fakeClient((command) => ({ FailedEntryCount: 0, Entries: command.input.Entries.map(() => ({ EventId: "e" })) }));
    bridge.setClient(client);
    expect(await bridge.handler({ Records: [record("a", "{}"), record("b", "{}", "g2")] })).toEqual({ batchItemFailures: [] });
    expect(client.sent[0].input.Entries.map((e: { Source: string }) => e.Source)).toEqual([QUEUE_ARN, QUEUE_ARN]);
  });
});
