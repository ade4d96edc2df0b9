/**
 * The notifier against a real local HTTP server (127.0.0.1) with real gzip+base64 CloudWatch Logs payloads;
 * the webhook URL from SLACK_WEBHOOK_URL or from a Secrets Manager secret (a fake client).
 */
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const notifier = load("../../../src/runtime/alerts-notifier.cjs");

let server: Server;
let received: Array<{ path: string; body: any }> = [];
let status = 200;
let webhookUrl = "";
/** GetSecretValue requests the real SDK client sent to the same server (Secrets Manager's JSON protocol). */
let secretRequests: Array<{ target: string; body: any }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const target = request.headers["x-amz-target"];
      if (typeof target === "string") {
        secretRequests.push({ target, body: JSON.parse(body) });
        response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        response.end(JSON.stringify({ ARN: JSON.parse(body).SecretId, Name: "pareto/slack-webhook", SecretString: webhookUrl }));
        return;
      }
      received.push({ path: request.url ?? "", body: JSON.parse(body) });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status === 200 ? "ok" : "invalid_payload");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  webhookUrl = `http://127.0.0.1:${address.port}/services/T000/B000/XXXX`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  status = 200;
  process.env.SLACK_WEBHOOK_URL = webhookUrl;
  delete process.env.SLACK_WEBHOOK_SECRET_ARN;
  notifier.setClient(undefined);
});
afterEach(() => {
  delete process.env.SLACK_WEBHOOK_URL;
  delete process.env.SLACK_WEBHOOK_SECRET_ARN;
});

/** What CloudWatch Logs sends a subscription target (CloudWatch Logs user guide, "Subscription filters"). */
function logsEvent(messages: string[], messageType = "DATA_MESSAGE", filter = "pareto-error") {
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
    const event = logsEvent(['2026-11-24T12:00:00Z\tabc\tERROR\tInvoke Error\t{"errorType":"TypeError"}\n']);
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
    await notifier.handler(logsEvent(["Task timed out after 3.00 seconds", "WARN low stock"]));
    expect(received[0].body.attachments[0]).toMatchObject({ color: "#f0ad4e", text: "Task timed out after 3.00 seconds\nWARN low stock" });
  });

  it("tells each event's level from its message, whatever the filter's name: one message per level, errors first", async () => {
    const event = logsEvent(
      ["WARN low stock", "Traceback (most recent call last):", "WARN cache cold", "ERROR after WARN: still an error", "no known term"],
      "DATA_MESSAGE",
      "pareto-warning",
    );
    expect(await notifier.handler(event)).toEqual({ posted: 3 });
    expect(received.map((r) => r.body.attachments[0])).toEqual([
      {
        color: "#d9534f",
        title: "error: /aws/lambda/shop/resize",
        text: "Traceback (most recent call last):\nERROR after WARN: still an error",
      },
      { color: "#f0ad4e", title: "warning: /aws/lambda/shop/resize", text: "WARN low stock\nWARN cache cold" },
      { color: "#5bc0de", title: "info: /aws/lambda/shop/resize", text: "no known term" },
    ]);
  });

  it("knows every term of every level, most severe first (the list the expander builds the filter from)", () => {
    const levels = load("../../../src/runtime/alert-levels.json") as Array<{ level: string; terms: string[] }>;
    expect(levels.map(({ level }) => level)).toEqual(["error", "warning"]);
    for (const { level, terms } of levels)
      for (const term of terms) expect(notifier.levelOf(`2026-11-24T12:00:00Z\tabc\t${term}\tsomething happened`), term).toBe(level);
  });

  it("ignores CloudWatch Logs control messages", async () => {
    expect(await notifier.handler(logsEvent(["CWL CONTROL MESSAGE"], "CONTROL_MESSAGE"))).toEqual({ posted: 0 });
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
    await expect(notifier.handler(logsEvent(["ERROR boom"]))).rejects.toThrow("Slack webhook answered 500: invalid_payload");
  });
});

describe("alerts notifier with the webhook URL in a secret", () => {
  const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pareto/slack-webhook-AbC123";
  const secretClient = (answer: () => unknown) => fakeClient(answer);
  const useSecret = (client: ReturnType<typeof fakeClient>) => {
    delete process.env.SLACK_WEBHOOK_URL;
    process.env.SLACK_WEBHOOK_SECRET_ARN = SECRET_ARN;
    notifier.setClient(client);
  };

  it("reads the secret at the first invocation only and posts to the URL it holds", async () => {
    const client = secretClient(() => ({ ARN: SECRET_ARN, SecretString: `${webhookUrl}\n` }));
    useSecret(client);
    expect(await notifier.handler(logsEvent(["ERROR one"]))).toEqual({ posted: 1 });
    expect(await notifier.handler(logsEvent(["WARN two"]))).toEqual({ posted: 1 });
    expect(client.sent).toEqual([{ name: "GetSecretValueCommand", input: { SecretId: SECRET_ARN } }]);
    expect(received.map((r) => [r.path, r.body.attachments[0].text])).toEqual([
      ["/services/T000/B000/XXXX", "ERROR one"],
      ["/services/T000/B000/XXXX", "WARN two"],
    ]);
  });

  it("uses the secret, not SLACK_WEBHOOK_URL, when both are set", async () => {
    useSecret(secretClient(() => ({ SecretString: webhookUrl.replace("XXXX", "FROM-SECRET") })));
    process.env.SLACK_WEBHOOK_URL = webhookUrl;
    await notifier.handler(logsEvent(["ERROR boom"]));
    expect(received.map((r) => r.path)).toEqual(["/services/T000/B000/FROM-SECRET"]);
  });

  it("fails the invocation when the secret cannot be read, posts nothing, and reads again next time", async () => {
    let denied = true;
    const client = secretClient(() => {
      if (!denied) return { SecretString: webhookUrl };
      const error = new Error("User is not authorized to perform: secretsmanager:GetSecretValue");
      error.name = "AccessDeniedException";
      return error;
    });
    useSecret(client);
    await expect(notifier.handler(logsEvent(["ERROR boom"]))).rejects.toThrow(
      `could not read the Slack webhook URL from secret ${SECRET_ARN}: AccessDeniedException: User is not authorized`,
    );
    expect(received).toEqual([]);
    denied = false;
    expect(await notifier.handler(logsEvent(["ERROR boom"]))).toEqual({ posted: 1 });
    expect(client.sent).toHaveLength(2);
  });

  it("fails the invocation when the secret does not hold a URL, without echoing its value", async () => {
    useSecret(secretClient(() => ({ SecretString: '{"url":"https://hooks.slack.com/services/T/B/SECRETVALUE"}' })));
    const failure = notifier.handler(logsEvent(["ERROR boom"]));
    await expect(failure).rejects.toThrow(`secret ${SECRET_ARN} does not hold a webhook URL`);
    await expect(failure).rejects.not.toThrow(/SECRETVALUE/);
    expect(received).toEqual([]);
  });

  it("fails the invocation when neither the secret nor the URL is configured", async () => {
    delete process.env.SLACK_WEBHOOK_URL;
    await expect(notifier.handler(logsEvent(["ERROR boom"]))).rejects.toThrow(
      "neither SLACK_WEBHOOK_SECRET_ARN nor SLACK_WEBHOOK_URL is set",
    );
  });

  it("reads it with the SDK's own client when none is injected", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: new URL(webhookUrl).origin,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    try {
      secretRequests = [];
      delete process.env.SLACK_WEBHOOK_URL;
      process.env.SLACK_WEBHOOK_SECRET_ARN = SECRET_ARN;
      expect(await notifier.handler(logsEvent(["ERROR boom"]))).toEqual({ posted: 1 });
      expect(secretRequests).toEqual([{ target: "secretsmanager.GetSecretValue", body: { SecretId: SECRET_ARN } }]);
      expect(received.map((r) => r.path)).toEqual(["/services/T000/B000/XXXX"]);
    } finally {
      const names = [
        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
      ];
      for (const name of names)
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
    }
  });

  it("reads the secret in the region its ARN names", () => {
    expect(notifier.regionOf(SECRET_ARN)).toBe("eu-west-1");
    expect(notifier.regionOf("pareto/slack-webhook")).toBeUndefined();
  });
});
