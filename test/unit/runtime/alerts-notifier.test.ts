/** The notifier against a real local HTTP server (127.0.0.1) with real gzip+base64 CloudWatch Logs payloads. */
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { load } from "./load.js";

const notifier = load("../../../src/runtime/alerts-notifier.cjs");

let server: Server;
let received: Array<{ path: string; body: any }> = [];
let status = 200;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body: JSON.parse(body) });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status === 200 ? "ok" : "invalid_payload");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  process.env.SLACK_WEBHOOK_URL = `http://127.0.0.1:${address.port}/services/T000/B000/XXXX`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  status = 200;
});

/** What CloudWatch Logs sends a subscription target (CloudWatch Logs user guide, "Subscription filters"). */
function logsEvent(filter: string, messages: string[], messageType = "DATA_MESSAGE") {
  const payload = {
    messageType,
    owner: "123456789012",
    logGroup: "/aws/lambda/shop/resize",
    logStream: "2026/11/24/[$LATEST]abcdef",
    subscriptionFilters: [filter],
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1764000000000 + i, message })),
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString("base64") } };
}

describe("alerts notifier", () => {
  it("posts errors in red with the log group and the messages", async () => {
    const event = logsEvent("pareto-error", ['2026-11-24T12:00:00Z\tabc\tERROR\tInvoke Error\t{"errorType":"TypeError"}\n']);
    expect(await notifier.handler(event)).toEqual({ posted: 1 });
    expect(received).toEqual([
      {
        path: "/services/T000/B000/XXXX",
        body: {
          attachments: [
            {
              color: "#d9534f",
              title: "error: /aws/lambda/shop/resize",
              text: '2026-11-24T12:00:00Z\tabc\tERROR\tInvoke Error\t{"errorType":"TypeError"}',
            },
          ],
        },
      },
    ]);
  });

  it("posts warnings (including timeouts) in amber", async () => {
    await notifier.handler(logsEvent("pareto-warning", ["Task timed out after 3.00 seconds", "WARN low stock"]));
    expect(received[0].body.attachments[0]).toMatchObject({ color: "#f0ad4e", text: "Task timed out after 3.00 seconds\nWARN low stock" });
  });

  it("ignores CloudWatch Logs control messages", async () => {
    expect(await notifier.handler(logsEvent("pareto-error", ["CWL CONTROL MESSAGE"], "CONTROL_MESSAGE"))).toEqual({ posted: 0 });
    expect(received).toEqual([]);
  });

  it("posts a CloudWatch alarm delivered by SNS (the failure queue alarm)", async () => {
    const alarm = {
      AlarmName: "shop-AppFailureQueueAlarm-1",
      AlarmDescription: "A message reached the app failure queue",
      NewStateValue: "ALARM",
      NewStateReason: "Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).",
    };
    await notifier.handler({ Records: [{ EventSource: "aws:sns", Sns: { Subject: "ALARM", Message: JSON.stringify(alarm) } }] });
    expect(received[0].body.attachments[0]).toEqual({
      color: "#d9534f",
      title: "alarm: shop-AppFailureQueueAlarm-1 is ALARM",
      text: "A message reached the app failure queue\nThreshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).",
    });
  });

  it("reports a failed POST instead of swallowing it", async () => {
    status = 500;
    await expect(notifier.handler(logsEvent("pareto-error", ["ERROR boom"]))).rejects.toThrow(
      "Slack webhook answered 500: invalid_payload",
    );
  });
});
