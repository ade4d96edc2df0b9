import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const bridge = load("../../../src/runtime/table-bridge.cjs");
const { entrySize, MAX_BYTES } = load("../../../src/runtime/put-events.cjs");
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

  describe("an entry over EventBridge's 256 KiB limit", () => {
    const oldImage = { pk: { S: "ORDER#1" }, status: { S: "new" }, note: { S: "n".repeat(200) } };
    /** A MODIFY whose full entry is `bytes` bytes: the NewImage is padded (ASCII, one byte a character). */
    const sized = (bytes: number) => {
      const padded = (pad: number) =>
        record("MODIFY", "7", oldImage, { pk: { S: "ORDER#1" }, status: { S: "paid" }, blob: { S: "x".repeat(pad) } });
      const base = entrySize(bridge.toEntry(padded(0), TABLE_ARN));
      return padded(bytes - base);
    };
    const detailOf = (entry: { Detail: string }) => JSON.parse(entry.Detail);
    const metadata = ({ dynamodb: { OldImage, NewImage, ...data }, ...rest }: any) => ({ ...rest, dynamodb: data });

    it("passes an entry exactly at the limit unchanged", () => {
      const atLimit = sized(MAX_BYTES);
      const entry = bridge.toEntry(atLimit, TABLE_ARN);
      expect(entrySize(entry)).toBe(MAX_BYTES);
      expect(detailOf(entry)).toEqual({
        eventName: "MODIFY",
        keys: { pk: "ORDER#1", sk: 42 },
        diffKeys: ["blob", "note", "status"],
        records: [atLimit],
      });
    });

    it("drops the OldImage of an entry one byte over, keeping the NewImage and the metadata", () => {
      const over = sized(MAX_BYTES + 1);
      const entry = bridge.toEntry(over, TABLE_ARN);
      const detail = detailOf(entry);
      expect(entrySize(entry)).toBeLessThanOrEqual(MAX_BYTES);
      expect(detail).toEqual({
        eventName: "MODIFY",
        keys: { pk: "ORDER#1", sk: 42 },
        diffKeys: ["blob", "note", "status"],
        records: [{ ...metadata(over), dynamodb: { ...metadata(over).dynamodb, NewImage: over.dynamodb.NewImage } }],
        truncated: true,
      });
      expect(over.dynamodb.OldImage).toEqual(oldImage); // the stream record itself is left alone
    });

    it("measures bytes, not characters: a MODIFY of a 150 KB item of multi-byte characters keeps its NewImage", () => {
      const euros = (n: number) => ({ pk: { S: "ORDER#1" }, text: { S: "€".repeat(n) } }); // 3 bytes each
      const modify = record("MODIFY", "8", euros(50_000), euros(50_001));
      const full = JSON.stringify(modify);
      expect([full.length < MAX_BYTES, Buffer.byteLength(full) > MAX_BYTES]).toEqual([true, true]); // under in characters, over in bytes
      const entry = bridge.toEntry(modify, TABLE_ARN);
      const detail = detailOf(entry);
      expect(entrySize(entry)).toBeLessThanOrEqual(MAX_BYTES);
      expect(detail.truncated).toBe(true);
      expect(detail.diffKeys).toEqual(["text"]);
      expect(detail.records[0].dynamodb.OldImage).toBeUndefined();
      expect(detail.records[0].dynamodb.NewImage).toEqual(modify.dynamodb.NewImage);
    });

    it("drops both images when the NewImage alone is too big, and still sends the event", async () => {
      const emoji = (n: number) => ({ pk: { S: "ORDER#1" }, text: { S: "😀".repeat(n) }, [`ключ-${n}`]: { S: "значение" } }); // 4 bytes each
      const huge = record("MODIFY", "9", emoji(70_000), emoji(70_001));
      const entry = bridge.toEntry(huge, TABLE_ARN);
      expect(entrySize(entry)).toBeLessThanOrEqual(MAX_BYTES);
      expect(detailOf(entry)).toEqual({
        eventName: "MODIFY",
        keys: { pk: "ORDER#1", sk: 42 },
        diffKeys: ["text", "ключ-70000", "ключ-70001"],
        records: [metadata(huge)],
        truncated: true,
      });

      process.env.TABLE_ARN = TABLE_ARN;
      const client = fakeClient(() => ({ FailedEntryCount: 0, Entries: [{ EventId: "ok" }] }));
      bridge.setClient(client);
      expect(await bridge.handler({ Records: [huge] })).toEqual({ batchItemFailures: [] });
      expect(client.sent[0].input.Entries).toEqual([entry]);
    });

    it("drops the only image of a huge INSERT or REMOVE", () => {
      const image = { pk: { S: "ORDER#1" }, text: { S: "é".repeat(140_000) } }; // 2 bytes each
      for (const huge of [record("INSERT", "10", undefined, image), record("REMOVE", "11", image)]) {
        const entry = bridge.toEntry(huge, TABLE_ARN);
        expect(entrySize(entry)).toBeLessThanOrEqual(MAX_BYTES);
        expect(detailOf(entry)).toMatchObject({ diffKeys: ["pk", "text"], records: [metadata(huge)], truncated: true });
        expect(detailOf(entry).records[0].dynamodb).toEqual(metadata(huge).dynamodb);
      }
    });
  });
});
