import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const { putEvents, plan, entrySize, MAX_BYTES } = load("../../../src/runtime/put-events.cjs");

const entry = (detail: string) => ({ Source: "s", DetailType: "t", Detail: detail });

describe("putEvents batching", () => {
  it("counts entry size as EventBridge does", () => {
    expect(entrySize({ Source: "ab", DetailType: "cd", Detail: "é", Resources: ["xyz"], Time: new Date() })).toBe(2 + 2 + 2 + 3 + 14);
  });

  it("sends at most 10 entries per request", () => {
    const { batches } = plan(Array.from({ length: 23 }, () => entry("{}")));
    expect(batches.map((b: number[]) => b.length)).toEqual([10, 10, 3]);
  });

  it("keeps each request within 256 KiB", () => {
    const big = entry("x".repeat(100 * 1024));
    const { batches } = plan([big, big, big]);
    expect(batches).toEqual([[0, 1], [2]]);
  });

  it("fails an entry too big on its own rather than dropping it", async () => {
    const client = fakeClient(() => ({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] }));
    const failed = await putEvents(client, [entry("x".repeat(MAX_BYTES)), entry("{}")]);
    expect(failed).toEqual([0]);
    expect(client.sent).toHaveLength(1);
  });

  it("reports the entries EventBridge rejected (FailedEntryCount)", async () => {
    const client = fakeClient((command) => ({
      FailedEntryCount: 1,
      Entries: command.input.Entries.map((_: unknown, i: number) => (i === 1 ? { ErrorCode: "InternalFailure" } : { EventId: `e${i}` })),
    }));
    expect(await putEvents(client, [entry("{}"), entry("{}"), entry("{}")])).toEqual([1]);
  });

  it("fails a whole request that errors", async () => {
    const client = fakeClient(() => new Error("throttled"));
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await putEvents(client, [entry("{}"), entry("{}")])).toEqual([0, 1]);
    } finally {
      console.error = quiet;
    }
  });
});
