import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const bridge = load("../../../src/runtime/table-bridge.cjs");
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/app-AppTable-1";

/** A DynamoDB stream record as Lambda delivers it (Lambda developer guide, "Using Lambda with DynamoDB"). */
const record = (eventName: string, sequence: string, oldImage?: object, newImage?: object) => ({
  eventID: `id-${sequence}`,
  eventName,
  eventVersion: "1.1",
  eventSource: "aws:dynamodb",
  awsRegion: "us-east-1",
  dynamodb: {
    Keys: { pk: { S: "ORDER#1" }, sk: { N: "42" } },
    ...(oldImage ? { OldImage: oldImage } : {}),
    ...(newImage ? { NewImage: newImage } : {}),
    SequenceNumber: sequence,
    SizeBytes: 26,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
  eventSourceARN: `${TABLE_ARN}/stream/2026-11-24T00:00:00.000`,
});

describe("table bridge", () => {
  it("unmarshalls DynamoDB's typed values", () => {
    expect(
      bridge.unmarshall({
        M: {
          s: { S: "a" },
          n: { N: "1.5" },
          b: { BOOL: true },
          z: { NULL: true },
          l: { L: [{ S: "x" }, { N: "2" }] },
          ss: { SS: ["p", "q"] },
        },
      }),
    ).toEqual({ s: "a", n: 1.5, b: true, z: null, l: ["x", 2], ss: ["p", "q"] });
  });

  it("lists the top-level attributes that changed", () => {
    const before = { pk: { S: "1" }, status: { S: "new" }, total: { N: "5" }, gone: { S: "x" } };
    const after = { pk: { S: "1" }, status: { S: "paid" }, total: { N: "5" }, added: { S: "y" } };
    expect(bridge.diffKeys(before, after)).toEqual(["added", "gone", "status"]);
  });

  it("builds one event per record: {eventName, keys, diffKeys, records}", () => {
    const modify = record("MODIFY", "100", { status: { S: "new" } }, { status: { S: "paid" } });
    const entry = bridge.toEntry(modify, TABLE_ARN);
    expect(entry.Source).toBe(TABLE_ARN);
    expect(entry.DetailType).toBe("MODIFY");
    expect(JSON.parse(entry.Detail)).toEqual({
      eventName: "MODIFY",
      keys: { pk: "ORDER#1", sk: 42 },
      diffKeys: ["status"],
      records: [modify],
    });
  });

  it("reports the first failed record's sequence number so the stream resumes there", async () => {
    process.env.TABLE_ARN = TABLE_ARN;
    const client = fakeClient((command) => ({
      FailedEntryCount: 2,
      Entries: command.input.Entries.map((_: unknown, i: number) => (i >= 1 ? { ErrorCode: "InternalFailure" } : { EventId: "ok" })),
    }));
    bridge.setClient(client);
    const records = [record("INSERT", "1", undefined, { a: { S: "1" } }), record("INSERT", "2"), record("REMOVE", "3", { a: { S: "1" } })];
    expect(await bridge.handler({ Records: records })).toEqual({ batchItemFailures: [{ itemIdentifier: "2" }] });
  });

  it("reports nothing when every event landed", async () => {
    bridge.setClient(fakeClient(() => ({ FailedEntryCount: 0, Entries: [{ EventId: "ok" }] })));
    expect(await bridge.handler({ Records: [record("INSERT", "9")] })).toEqual({ batchItemFailures: [] });
  });
});
