/** `pareto deploy` end to end against moto_server (127.0.0.1): package, expand, change set, progress. */
import { CloudFormationClient, DescribeStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { motoClientConfig, paretoAgainstMoto, startMoto } from "./moto.js";
import { ROOT } from "./tools.js";

const pareto = paretoAgainstMoto;

describe("pareto deploy against moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  beforeAll(async () => {
    moto = await startMoto();
    await new S3Client(motoClientConfig(moto.endpoint)).send(new CreateBucketCommand({ Bucket: "deploy-artifacts" }));
  });
  afterAll(async () => moto?.stop());

  it("deploys the starter app, showing the change set and the stack's events", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-deploy-"));
    expect((await pareto(["init", dir, "-q"])).status).toBe(0);
    const result = await pareto(["deploy", join(dir, "template.yaml"), "--stack", "starter", "--yes", "--endpoint-url", moto.endpoint]);
    expect(result.stderr).toMatch(/Creating stack starter:\naction +resource +type +replacement/);
    expect(result.stderr).toMatch(/Add +WorkerFunction +AWS::Lambda::Function/);
    expect(result.stderr).toMatch(/\d+ to add, 0 to modify, 0 to remove/);
    expect(result.stderr).toMatch(/CREATE_COMPLETE +AWS::CloudFormation::Stack +starter/);
    expect(result.stderr).toContain("starter: CREATE_COMPLETE");
    expect(result.status).toBe(0);

    const again = await pareto(["deploy", join(dir, "template.yaml"), "--stack", "starter", "--yes", "--endpoint-url", moto.endpoint]);
    expect(again.stderr).toContain("starter: no changes to deploy");
    expect(again.status).toBe(0);
  });

  it("packages local code before deploying it", async () => {
    const template = join(ROOT, "examples", "orders", "template.yaml");
    const result = await pareto([
      "deploy",
      template,
      "--stack",
      "orders",
      "--bucket",
      "deploy-artifacts",
      "--yes",
      "--endpoint-url",
      moto.endpoint,
    ]);
    expect(result.stderr).toContain("orders: CREATE_COMPLETE");
    expect(result.status).toBe(0);
    const config = motoClientConfig(moto.endpoint);
    const { StackResources = [] } = await new CloudFormationClient(config).send(new DescribeStackResourcesCommand({ StackName: "orders" }));
    const functions = StackResources.filter(
      (r) => r.ResourceType === "AWS::Lambda::Function" && !/Bridge|Alerts/.test(r.LogicalResourceId!),
    );
    expect(functions.length).toBeGreaterThanOrEqual(3);
    // Each function's code is an uploaded artifact: its key is the zip's SHA-256, which Lambda reports as CodeSha256.
    const keys = [...result.stderr.matchAll(/([0-9a-f]{64})\.zip/g)].map((m) => Buffer.from(m[1], "hex").toString("base64"));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const fn of functions) {
      const { Configuration } = await new LambdaClient(config).send(new GetFunctionCommand({ FunctionName: fn.PhysicalResourceId }));
      expect(keys).toContain(Configuration?.CodeSha256);
    }
  });

  it("asks before executing, and refuses to guess without a terminal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-deploy-"));
    await pareto(["init", dir, "-q"]);
    const result = await pareto(["deploy", join(dir, "template.yaml"), "--stack", "unconfirmed", "--endpoint-url", moto.endpoint]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("standard input is not a terminal: pass --yes to deploy without confirmation");
  });

  it("reports AWS errors plainly and exits 4", async () => {
    const result = await pareto([
      "deploy",
      join(ROOT, "test", "fixtures", "minimal-function", "template.yaml"),
      "--stack",
      "x",
      "--yes",
      "--endpoint-url",
      "http://127.0.0.1:9",
    ]);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^error: deploy: /m);
    expect(result.stderr).not.toContain("internal error");
  });

  it("prints the template's errors without deploying", async () => {
    const result = await pareto([
      "deploy",
      join(ROOT, "test", "fixtures", "error-timer-1-week", "template.yaml"),
      "--stack",
      "x",
      "--yes",
      "--endpoint-url",
      moto.endpoint,
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("error: Resources.App.Properties.functions.weekly.timer.rate:");
  });
});
