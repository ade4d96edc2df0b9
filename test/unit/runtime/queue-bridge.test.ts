import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const bridge = load("../../../src/runtime/queue-bridge.cjs");
const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:app-orders";

/** An SQS record as Lambda delivers it (Lambda developer guide, "Using Lambda with Amazon SQS"). */
const record = (messageId: string, body: string) => ({
  messageId,
  receiptHandle: "MessageReceiptHandle",
  body,
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "1523232000000",
    SenderId: "123456789012",
    ApproximateFirstReceiveTimestamp: "1523232000001",
  },
  messageAttributes: {},
  md5OfBody: "7b270e59b47ff90a553787216d55d91d",
  eventSource: "aws:sqs",
  eventSourceARN: QUEUE_ARN,
  awsRegion: "us-east-1",
});

describe("queue bridge", () => {
  it("uses the JSON body as detail and its type as detail-type", () => {
    expect(bridge.toEntry(record("1", '{"type":"order-placed","id":7}'), QUEUE_ARN)).toEqual({
      Source: QUEUE_ARN,
      DetailType: "order-placed",
      Detail: '{"type":"order-placed","id":7}',
    });
  });

  it("wraps bodies that are not JSON objects, with detail-type 'message'", () => {
    expect(bridge.toEntry(record("1", "hello"), QUEUE_ARN)).toEqual({
      Source: QUEUE_ARN,
      DetailType: "message",
      Detail: '{"body":"hello"}',
    });
    expect(bridge.toEntry(record("2", "[1,2]"), QUEUE_ARN).Detail).toBe('{"body":"[1,2]"}');
    expect(bridge.toEntry(record("3", '{"id":1}'), QUEUE_ARN).DetailType).toBe("message");
  });

  it("reports exactly the messages whose events failed", async () => {
    process.env.QUEUE_ARN = QUEUE_ARN;
    const client = fakeClient((command) => ({
      FailedEntryCount: 1,
      Entries: command.input.Entries.map((_: unknown, i: number) => (i === 2 ? { ErrorCode: "InternalFailure" } : { EventId: `e${i}` })),
    }));
    bridge.setClient(client);
    const response = await bridge.handler({ Records: ["a", "b", "c", "d"].map((id) => record(id, `{"n":"${id}"}`)) });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "c" }] });
    expect(client.sent[0].input.Entries.map((e: any) => e.Source)).toEqual([QUEUE_ARN, QUEUE_ARN, QUEUE_ARN, QUEUE_ARN]);
  });
});
