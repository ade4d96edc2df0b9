/** src/runtime/app-bus.cjs: with it loaded, every PutEvents entry names the app bus (APP_BUS). */
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { load } from "./load.js";

load("../../../src/runtime/app-bus.cjs");

/** A real client whose request never leaves: the first middleware step records the input and answers. */
function capturingClient() {
  const inputs: any[] = [];
  const client = new EventBridgeClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  client.middlewareStack.add(
    () => async (args: any) => {
      inputs.push(structuredClone(args.input));
      return { output: { FailedEntryCount: 0, Entries: [], $metadata: {} }, response: {} } as any;
    },
    { step: "initialize", priority: "high" },
  );
  return { client, inputs };
}

describe("app bus loader", () => {
  it("names the app bus on every entry of a PutEvents", async () => {
    process.env.APP_BUS = "shop-app";
    const { client, inputs } = capturingClient();
    await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: "s", DetailType: "t", Detail: "{}" },
          { Source: "s2", DetailType: "t", Detail: "{}" },
        ],
      }),
    );
    expect(inputs[0].Entries.map((e: { EventBusName?: string }) => e.EventBusName)).toEqual(["shop-app", "shop-app"]);
  });

  it("reaches the bridges' own clients", async () => {
    process.env.APP_BUS = "shop-app";
    process.env.QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders";
    const bridge = load("../../../src/runtime/queue-bridge.cjs");
    const { client, inputs } = capturingClient();
    bridge.setClient(client);
    await bridge.handler({ Records: [{ messageId: "1", body: '{"type":"x"}' }] });
    expect(inputs[0].Entries[0]).toMatchObject({ EventBusName: "shop-app", DetailType: "x" });
  });
});
