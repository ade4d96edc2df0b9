import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const ticker = load("../../../src/runtime/ticker.cjs");

describe("sub-minute ticker", () => {
  it("with N=15 sends 4 messages delayed 0, 15, 30 and 45 seconds", async () => {
    process.env.QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/ticks";
    process.env.INTERVAL_SECONDS = "15";
    const client = fakeClient(() => ({ Successful: [], Failed: [] }));
    ticker.setClient(client);
    expect(await ticker.handler()).toEqual({ sent: 4 });
    expect(client.sent).toHaveLength(1);
    const { QueueUrl, Entries } = client.sent[0].input;
    expect(QueueUrl).toBe(process.env.QUEUE_URL);
    expect(Entries.map((e: any) => e.DelaySeconds)).toEqual([0, 15, 30, 45]);
    expect(Entries.map((e: any) => JSON.parse(e.MessageBody).tick)).toEqual([0, 1, 2, 3]);
  });

  it("batches by ten: N=5 sends 12 messages in two requests", async () => {
    process.env.INTERVAL_SECONDS = "5";
    const client = fakeClient(() => ({ Successful: [], Failed: [] }));
    ticker.setClient(client);
    await ticker.handler();
    expect(client.sent.map((s) => s.input.Entries.length)).toEqual([10, 2]);
    expect(client.sent[1].input.Entries.map((e: any) => e.DelaySeconds)).toEqual([50, 55]);
  });

  it("fails the invocation when SQS refuses a tick", async () => {
    process.env.INTERVAL_SECONDS = "30";
    ticker.setClient(fakeClient(() => ({ Failed: [{ Id: "tick-1", Message: "throttled", SenderFault: false, Code: "x" }] })));
    await expect(ticker.handler()).rejects.toThrow(/SQS refused 1 tick/);
  });

  it("stamps each tick with the time it stands for", () => {
    const ticks = ticker.tickMessages(20, new Date("2026-11-24T12:00:00.000Z"));
    expect(ticks.map((t: any) => JSON.parse(t.MessageBody).scheduledAt)).toEqual([
      "2026-11-24T12:00:00.000Z",
      "2026-11-24T12:00:20.000Z",
      "2026-11-24T12:00:40.000Z",
    ]);
  });
});
