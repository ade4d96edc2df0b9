/**
 * Events end to end in moto_server (127.0.0.1): the bridges put events built from real SQS and
 * DynamoDB-stream record shapes; a rule with exactly the pattern Pareto generated (its ARN references
 * resolved to moto's ARNs) delivers the matching events to an SQS target, and not the others. The same
 * for a bucket event pattern. A failed asynchronous invocation's record (the documented destination
 * shape) is what lands in the failure queue, which the function's policy allows it to send to.
 */
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expand } from "../../src/expander/index.js";
import { motoClientConfig, startMoto } from "./moto.js";

const load = createRequire(import.meta.url);
const queueBridge = load("../../src/runtime/queue-bridge.cjs");
const tableBridge = load("../../src/runtime/table-bridge.cjs");

const app = {
  Resources: {
    App: {
      Type: "Pareto::App",
      Properties: {
        bucket: {},
        table: { stream: {} },
        queues: { orders: {} },
        functions: {
          ship: {
            handler: "index.handler",
            events: [
              {
                name: "placed",
                source: "queue:orders",
                pattern: { "detail-type": ["order-placed"], detail: { total: [{ numeric: [">", 100] }] } },
              },
            ],
          },
          audit: {
            handler: "index.handler",
            events: [
              {
                name: "inserted",
                source: "table",
                pattern: { "detail-type": ["INSERT"], detail: { keys: { pk: [{ prefix: "ORDER#" }] } } },
              },
            ],
          },
          resize: {
            handler: "index.handler",
            events: [
              {
                name: "uploaded",
                source: "bucket",
                pattern: { "detail-type": ["Object Created"], detail: { object: { key: [{ prefix: "uploads/" }] } } },
              },
            ],
          },
        },
      },
    },
  },
};

/** Replaces Pareto's references with the physical values moto gave the resources. */
function resolve(value: unknown, physical: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, physical));
  if (value && typeof value === "object") {
    const [key, inner] = Object.entries(value)[0] ?? [];
    if (key === "Fn::GetAtt") return physical[`${(inner as string[])[0]}.${(inner as string[])[1]}`];
    if (key === "Ref") return physical[inner as string];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, physical)]));
  }
  return value;
}

describe("events round trip in moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let rules: Record<string, any>;

  beforeAll(async () => {
    moto = await startMoto();
    const config = motoClientConfig(moto.endpoint);
    events = new EventBridgeClient(config);
    sqs = new SQSClient(config);
    const result = expand(app);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    rules = result.template.Resources;
  });
  afterAll(async () => moto?.stop());

  async function queueArn(name: string) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  }

  /** Installs the generated rule (pattern resolved) with an SQS queue as its target; returns that queue. */
  async function installRule(ruleId: string, physical: Record<string, string>) {
    const pattern = resolve(rules[ruleId].Properties.EventPattern, physical);
    const target = await queueArn(`${ruleId}-target`);
    await events.send(new PutRuleCommand({ Name: ruleId, EventPattern: JSON.stringify(pattern), State: "ENABLED" }));
    await events.send(new PutTargetsCommand({ Rule: ruleId, Targets: [{ Id: "target", Arn: target.arn }] }));
    return { pattern, target };
  }

  async function delivered(queueUrl: string) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return Messages.map((m) => JSON.parse(m.Body!));
  }

  it("queue bridge -> generated queue rule -> target: only matching messages", async () => {
    const orders = await queueArn("app-orders");
    const { pattern, target } = await installRule("ShipPlacedRule", { "AppOrdersQueue.Arn": orders.arn });
    expect(pattern).toEqual({ source: [orders.arn], "detail-type": ["order-placed"], detail: { total: [{ numeric: [">", 100] }] } });

    process.env.QUEUE_ARN = orders.arn;
    queueBridge.setClient(events);
    const record = (id: string, body: string) => ({
      messageId: id,
      receiptHandle: "h",
      body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "1764000000000",
        SenderId: "AIDA",
        ApproximateFirstReceiveTimestamp: "1764000000001",
      },
      messageAttributes: {},
      md5OfBody: "x",
      eventSource: "aws:sqs",
      eventSourceARN: orders.arn,
      awsRegion: "us-east-1",
    });
    const response = await queueBridge.handler({
      Records: [
        record("m1", JSON.stringify({ type: "order-placed", id: "o-1", total: 250 })),
        record("m2", JSON.stringify({ type: "order-placed", id: "o-2", total: 20 })),
        record("m3", JSON.stringify({ type: "order-cancelled", id: "o-3", total: 500 })),
        record("m4", "not json"),
      ],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    const matched = await delivered(target.url);
    expect(matched.map((e) => e.detail.id)).toEqual(["o-1"]);
    expect(matched[0]).toMatchObject({ source: orders.arn, "detail-type": "order-placed" });
  });

  it("table bridge -> generated table rule -> target: only matching records", async () => {
    const tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/app-AppTable-X";
    const { target } = await installRule("AuditInsertedRule", { "AppTable.Arn": tableArn });
    process.env.TABLE_ARN = tableArn;
    tableBridge.setClient(events);
    const record = (eventName: string, pk: string, sequence: string) => ({
      eventID: sequence,
      eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      dynamodb: {
        Keys: { pk: { S: pk }, sk: { S: "v0" } },
        NewImage: { pk: { S: pk }, sk: { S: "v0" }, status: { S: "new" } },
        SequenceNumber: sequence,
        SizeBytes: 40,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
      eventSourceARN: `${tableArn}/stream/2026-11-24T00:00:00.000`,
    });
    const response = await tableBridge.handler({
      Records: [record("INSERT", "ORDER#1", "1"), record("MODIFY", "ORDER#1", "2"), record("INSERT", "USER#9", "3")],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    const matched = await delivered(target.url);
    expect(matched.map((e) => [e["detail-type"], e.detail.keys.pk])).toEqual([["INSERT", "ORDER#1"]]);
    expect(matched[0].detail.diffKeys).toEqual(["pk", "sk", "status"]);
  });

  it("S3 notification -> generated bucket rule -> target: only the app bucket's uploads/ objects", async () => {
    const { target } = await installRule("ResizeUploadedRule", { AppBucket: "app-bucket-1" });
    const s3Event = (bucket: string, key: string, detailType = "Object Created") => ({
      Source: "aws.s3",
      DetailType: detailType,
      Detail: JSON.stringify({ version: "0", bucket: { name: bucket }, object: { key, size: 5, etag: "e" }, reason: "PutObject" }),
    });
    await events.send(
      new PutEventsCommand({
        Entries: [
          s3Event("app-bucket-1", "uploads/cat.png"),
          s3Event("app-bucket-1", "thumbs/cat.png"),
          s3Event("other-bucket", "uploads/dog.png"),
          s3Event("app-bucket-1", "uploads/old.png", "Object Deleted"),
        ],
      }),
    );
    const matched = await delivered(target.url);
    expect(matched.map((e) => e.detail.object.key)).toEqual(["uploads/cat.png"]);
  });

  it("routes what cannot be processed to the failure queue: destinations, rule dead letters and policy", () => {
    const fn = rules.ShipEventInvokeConfig.Properties;
    expect(fn).toEqual({
      FunctionName: { Ref: "ShipFunction" },
      Qualifier: "$LATEST",
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["AppFailureQueue", "Arn"] } } },
    });
    expect(rules.ShipPlacedRule.Properties.Targets[0].DeadLetterConfig).toEqual({ Arn: { "Fn::GetAtt": ["AppFailureQueue", "Arn"] } });
    expect(rules.ShipRole.Properties.Policies[0].PolicyDocument.Statement).toContainEqual({
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: { "Fn::GetAtt": ["AppFailureQueue", "Arn"] },
    });
    // Dead letters come from the stack's rules, by their name prefix (the stack's UUID): every rule has one.
    const allowed = rules.AppFailureQueuePolicy.Properties.PolicyDocument.Statement[0].Condition.ArnLike["aws:SourceArn"];
    expect(allowed["Fn::Sub"][0]).toBe("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${StackUuid}-*");
    for (const id of ["ShipPlacedRule", "AuditInsertedRule", "ResizeUploadedRule"])
      expect(rules[id].Properties.Name["Fn::Join"][1][0]).toEqual(allowed["Fn::Sub"][1].StackUuid);
  });

  it("a failed invocation's destination record lands in the failure queue", async () => {
    // Lambda sends this record (Lambda developer guide, "Capturing records of asynchronous invocations")
    // with the function's role, which the generated policy allows; moto's Lambda cannot invoke, so the
    // test sends the documented record itself and reads it back.
    const failures = await queueArn("app-failure-queue");
    const record = {
      version: "1.0",
      timestamp: "2026-11-24T12:00:00.000Z",
      requestContext: {
        requestId: "e4b46cbf",
        functionArn: "arn:aws:lambda:us-east-1:123456789012:function:ship:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 1,
      },
      requestPayload: { "detail-type": "order-placed", detail: { id: "o-1" } },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorMessage: "boom", errorType: "Error" },
    };
    const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
    await sqs.send(new SendMessageCommand({ QueueUrl: failures.url, MessageBody: JSON.stringify(record) }));
    const [landed] = await delivered(failures.url);
    expect(landed.requestContext.condition).toBe("RetriesExhausted");
    expect(landed.requestPayload.detail.id).toBe("o-1");
  });
});
