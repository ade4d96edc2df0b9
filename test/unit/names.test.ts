import { describe, expect, it } from "vitest";
import { functionIds, hungarorise, layerParameter, queueIds, screamingSnake } from "../../src/expander/names.js";
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
    });
  });
  it("names queues and their environment variable", () => {
    expect(queueIds("to-do")).toEqual({
      queue: "AppToDoQueue",
      deadLetterQueue: "AppToDoDeadLetterQueue",
      bridgeNamespace: "app-to-do-bridge",
      envName: "APP_QUEUE_TO_DO",
    });
    expect(screamingSnake("my-queue_x")).toBe("MY_QUEUE_X");
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
