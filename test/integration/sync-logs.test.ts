/**
 * The inner loop against moto_server: `pareto sync` pushes changed code to deployed functions only
 * (and `--watch` again on every edit), `pareto logs` reads a deployed function's log group.
 */
import { CreateLogStreamCommand, CloudWatchLogsClient, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { motoClientConfig, paretoAgainstMoto as pareto, startMoto } from "./moto.js";
import { ROOT } from "./tools.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: Pareto
Resources:
  App:
    Type: Pareto::App
    Properties:
      code: ./src
      functions:
        hello: {handler: index.handler}
        other: {handler: other.handler, code: ./other}
`;

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), "pareto-sync-"));
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "other"));
  writeFileSync(join(dir, "src", "index.js"), "export const handler = async () => 'v1';\n");
  writeFileSync(join(dir, "other", "other.js"), "export const handler = async () => 'other';\n");
  return dir;
}

describe("pareto sync and pareto logs against moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let config: ReturnType<typeof motoClientConfig>;
  let dir: string;
  const codeOf = async (logicalName: string) => {
    const functions = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: logicalName }));
    return functions.CodeSha256;
  };
  const physicalName = async (stack: string, id: string) => {
    const { CloudFormationClient, DescribeStackResourceCommand } = await import("@aws-sdk/client-cloudformation");
    const { StackResourceDetail } = await new CloudFormationClient(config).send(
      new DescribeStackResourceCommand({ StackName: stack, LogicalResourceId: id }),
    );
    return StackResourceDetail?.PhysicalResourceId ?? "";
  };

  beforeAll(async () => {
    moto = await startMoto();
    config = motoClientConfig(moto.endpoint);
    await new S3Client(config).send(new CreateBucketCommand({ Bucket: "artifacts" }));
    dir = app();
    const deployed = await pareto([
      "deploy",
      join(dir, "template.yaml"),
      "--stack",
      "loop",
      "--bucket",
      "artifacts",
      "--yes",
      "--endpoint-url",
      moto.endpoint,
    ]);
    expect(deployed.stderr).toContain("loop: CREATE_COMPLETE");
  });
  afterAll(async () => moto?.stop());

  it("sync updates only the functions whose code changed, and says the stack now differs", async () => {
    const unchanged = await pareto(["sync", join(dir, "template.yaml"), "--stack", "loop", "--endpoint-url", moto.endpoint]);
    expect(unchanged.status).toBe(0);
    expect(unchanged.stderr).toContain("hello: unchanged");
    expect(unchanged.stderr).toContain("other: unchanged");
    expect(unchanged.stderr).not.toContain("now runs code");

    const hello = await physicalName("loop", "HelloFunction");
    const before = await codeOf(hello);
    writeFileSync(join(dir, "src", "index.js"), "export const handler = async () => 'v2';\n");
    const changed = await pareto(["sync", join(dir, "template.yaml"), "--stack", "loop", "--endpoint-url", moto.endpoint]);
    expect(changed.status).toBe(0);
    expect(changed.stderr).toContain(`hello: updated (${hello})`);
    expect(changed.stderr).toContain("other: unchanged");
    expect(changed.stderr).toMatch(/warning: stack loop now runs code its template does not name/);
    expect(await codeOf(hello)).not.toBe(before);
  });

  it("sync --watch pushes again on every edit", async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin", "pareto.mjs"), "sync", join(dir, "template.yaml"), "--stack", "loop", "--watch", "--endpoint-url", moto.endpoint],
      {
        env: { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no '${text}' in:\n${stderr}`)), 30_000);
        const check = () => {
          if (!stderr.includes(text)) return;
          clearTimeout(deadline);
          resolve();
        };
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
          check();
        });
        check();
      });
    try {
      await seen("watching");
      // Node 20 sets up a recursive watch on Linux asynchronously, after the call: an edit in its first
      // moments can go unseen, so the edit is repeated (each time different) until one is.
      const updated = seen("other: updated");
      for (let edit = 1; edit <= 10 && !stderr.includes("other: updated"); edit++) {
        writeFileSync(join(dir, "other", "other.js"), `export const handler = async () => 'edit ${edit}';\n`);
        await Promise.race([updated, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      }
      await updated;
    } finally {
      child.kill();
    }
  });

  it("invoke --stack runs the handler here with the deployed function's environment", async () => {
    const hello = await physicalName("loop", "HelloFunction");
    const result = await pareto(["invoke", join(dir, "template.yaml"), "hello", "--stack", "loop", "--endpoint-url", moto.endpoint]);
    expect(result.stderr).toContain(`environment: ${hello} in stack loop`);
    expect(JSON.parse(result.stdout)).toBe("v2");
    expect(result.status).toBe(0);
  });

  it("logs prints the function's log events", async () => {
    const logGroupName = await physicalName("loop", "HelloLogGroup");
    expect(logGroupName).toBe("/aws/lambda/loop/hello");
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: "2026/12/01/[$LATEST]abc" }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: "2026/12/01/[$LATEST]abc",
        logEvents: [
          { timestamp: now - 1000, message: "START RequestId: 1\n" },
          { timestamp: now, message: "hello from the handler\n" },
        ],
      }),
    );
    const result = await pareto([
      "logs",
      join(dir, "template.yaml"),
      "hello",
      "--stack",
      "loop",
      "--since",
      "5m",
      "--endpoint-url",
      moto.endpoint,
    ]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`hello: ${logGroupName}`);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}START RequestId: 1$/),
      expect.stringMatching(/ {2}hello from the handler$/),
    ]);
  });

  it("logs refuses a function the app does not have, naming the closest", async () => {
    const result = await pareto(["logs", join(dir, "template.yaml"), "helo", "--stack", "loop", "--endpoint-url", moto.endpoint]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("function 'helo' is not in the app; did you mean 'hello'? (functions: hello, other)");
  });
});
