import { describe, expect, it } from "vitest";
import {
  bucketIds,
  functionIds,
  hungarorise,
  layerParameter,
  queueIds,
  screamingSnake,
  tableIds,
  topicIds,
} from "../../src/expander/names.js";
import { looksSecret } from "../../src/expander/template/assemble.js";

describe("hungarorise (docs/generated-ids.md)", () => {
  it.each([
    ["layman2-requests-0-1-2", "Layman2Requests012"],
    ["app_user-pool", "AppUserPool"],
    ["myAPI-thing", "MyapiThing"],
    ["app-bucket", "AppBucket"],
    ["app--x", "AppX"],
    ["hello-get-function", "HelloGetFunction"],
  ])("%s -> %s", (input, expected) => expect(hungarorise(input)).toBe(expected));
});

describe("generated names", () => {
  it("names a function's resources in its namespace", () => {
    expect(functionIds("hello-get")).toEqual({
      function: "HelloGetFunction",
      role: "HelloGetRole",
      policy: "HelloGetPolicy",
      logGroup: "HelloGetLogGroup",
      eventInvokeConfig: "HelloGetEventInvokeConfig",
      eventSourceMapping: "HelloGetEventSourceMapping",
      rulesPermission: "HelloGetRulesPermission",
      appBusRulesPermission: "HelloGetAppBusRulesPermission",
      topicSubscription: "HelloGetTopicSubscription",
      topicPermission: "HelloGetTopicPermission",
    });
  });
  it('names the app table and bucket (argument "") as v1 did, and named ones after their name', () => {
    expect(tableIds("")).toEqual({ table: "AppTable", bridgeNamespace: "app-table-bridge", envName: "APP_TABLE" });
    expect(tableIds("order-lines")).toEqual({
      table: "AppOrderLinesTable",
      bridgeNamespace: "app-order-lines-table-bridge",
      envName: "APP_TABLE_ORDER_LINES",
    });
    expect(bucketIds("")).toEqual({ bucket: "AppBucket", policy: "AppBucketPolicy", envName: "APP_BUCKET" });
    expect(bucketIds("uploads")).toEqual({ bucket: "AppUploadsBucket", policy: "AppUploadsBucketPolicy", envName: "APP_BUCKET_UPLOADS" });
  });
  it("names queues and their environment variable", () => {
    expect(queueIds("to-do")).toEqual({
      queue: "AppToDoQueue",
      deadLetterQueue: "AppToDoDeadLetterQueue",
      bridgeNamespace: "app-to-do-bridge",
      envName: "APP_QUEUE_TO_DO",
      policy: "AppToDoQueuePolicy",
    });
    expect(screamingSnake("my-queue_x")).toBe("MY_QUEUE_X");
  });
  it("names topics, their subscriptions by position, and their environment variable", () => {
    const ids = topicIds("order-events");
    expect([ids.topic, ids.subscription(0), ids.subscription(12), ids.envName]).toEqual([
      "AppOrderEventsTopic",
      "AppOrderEventsTopic0Subscription",
      "AppOrderEventsTopic12Subscription",
      "APP_TOPIC_ORDER_EVENTS",
    ]);
  });
  it("names layer parameters", () => expect(layerParameter("layman2-requests-0-1-2")).toBe("Layman2Requests012LayerArn"));
});

describe("secret-looking parameter names (NoEcho)", () => {
  it.each([
    "SlackWebhookUrl",
    "DbPassword",
    "StripeApiKey",
    "GoogleClientSecret",
    "GITHUB_TOKEN",
    "PrivateKey",
    "AccessKey",
    "passwd",
    "ApiKey2",
  ])("%s holds a secret", (name) => expect(looksSecret(name)).toBe(true));
  it.each(["ArtifactsKey", "PartitionKey", "DbPasswordSecretArn", "SigningKeyId", "KmsKeyArn", "CodeBucket", "TokenizerModel", "Keyboard"])(
    "%s does not",
    (name) => expect(looksSecret(name)).toBe(false),
  );
});
