/**
 * Apps beyond one stack, end to end against moto_server (docs/scaling.md): `pareto deploy` of the
 * benchmark's 400-function app, `pareto expand --out-dir` then `pareto package`, and the built macro
 * writing nested templates to its bucket, whose output deploys the same way. moto's CloudFormation
 * cannot create HTTP APIs, so the app here is the benchmark's without endpoints (`api: false`); the
 * full app is linted with the golden outputs (validators.test.ts).
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paretoTemplate } from "../../bench/generate.js";
import { resourcesOf } from "../../src/remote/functions.js";
import { motoClientConfig, paretoAgainstMoto, startMoto } from "./moto.js";
import { ROOT } from "./tools.js";

const BUNDLE = join(ROOT, "dist", "macro", "index.cjs");
const credentials = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };

const pareto = paretoAgainstMoto;

/** The macro bundle in its own process, with the environment its stack gives it. */
function invokeMacro(fragment: unknown, extraEnv: Record<string, string>): { status: string; fragment: any; errorMessage?: string } {
  const dir = mkdtempSync(join(tmpdir(), "pareto-macro-"));
  const eventFile = join(dir, "event.json");
  writeFileSync(eventFile, JSON.stringify({ requestId: "r1", region: "us-east-1", fragment }));
  const script = `
    const { handler } = require(${JSON.stringify(BUNDLE)});
    const event = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(eventFile)}, "utf8"));
    handler(event).then((response) => process.stdout.write(JSON.stringify(response)));
  `;
  const output = execFileSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    env: { ...process.env, ...credentials, ...extraEnv },
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output);
}

const app = (n: number) => paretoTemplate(n, { api: false });
const parameters = [
  { ParameterKey: "ArtifactsBucket", ParameterValue: "artifacts" },
  { ParameterKey: "ArtifactsKey", ParameterValue: "code.zip" },
];

async function allFunctions(lambda: LambdaClient): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ Marker: marker }));
    names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ""));
    marker = page.NextMarker;
  } while (marker);
  return names;
}

describe("nested stacks against moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let config: ReturnType<typeof motoClientConfig>;
  beforeAll(async () => {
    moto = await startMoto();
    config = motoClientConfig(moto.endpoint);
    const s3 = new S3Client(config);
    for (const bucket of ["artifacts", "templates", "macro-templates"]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: "artifacts", Key: "code.zip", Body: "zip" }));
  });
  afterAll(async () => moto?.stop());

  it("pareto deploy: the 400-function app, a root and its nested stacks, every function created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-scale-"));
    const template = join(dir, "app.json");
    writeFileSync(template, JSON.stringify(app(400)));
    const args = ["deploy", template, "--stack", "big", "--bucket", "templates", "--yes", "--endpoint-url", moto.endpoint];
    const result = await pareto([...args, "--param", "ArtifactsBucket=artifacts", "--param", "ArtifactsKey=code.zip"]);
    expect(result.stderr).toContain("big: CREATE_COMPLETE");
    expect(result.status).toBe(0);

    const cloudformation = new CloudFormationClient(config);
    const nested = (await resourcesOf(cloudformation, "big")).filter((r) => r.ResourceType === "AWS::CloudFormation::Stack");
    expect(nested.length).toBeGreaterThan(1);
    const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({}));
    for (const stack of nested) {
      const child = Stacks.find((s) => s.StackName === stack.PhysicalResourceId);
      expect(child?.StackStatus, stack.LogicalResourceId).toBe("CREATE_COMPLETE");
    }
    const functions = await allFunctions(new LambdaClient(config));
    const inNested = (await Promise.all(nested.map((stack) => resourcesOf(cloudformation, stack.PhysicalResourceId ?? "")))).flat();
    const userFunctions = inNested.filter((r) => r.ResourceType === "AWS::Lambda::Function");
    expect(userFunctions).toHaveLength(400);
    for (const fn of userFunctions) expect(functions).toContain(fn.PhysicalResourceId);

    // Deploying again uploads nothing: every template is already there under its content's key.
    const again = await pareto([...args, "--param", "ArtifactsBucket=artifacts", "--param", "ArtifactsKey=code.zip"]);
    expect(again.stderr).not.toContain("(uploaded)");
    expect(again.stderr.match(/\(unchanged\)/g)?.length).toBe(nested.length);
  }, 240_000);

  it("pareto expand --out-dir, then pareto package: the files, then the root pointing at their uploads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-outdir-"));
    const template = join(dir, "app.json");
    writeFileSync(template, JSON.stringify(app(120)));
    const refused = await pareto(["expand", template]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/does not fit one stack: it expands into a root and \d+ nested stacks; write them with --out-dir DIR/);

    const out = join(dir, "out");
    expect((await pareto(["expand", template, "--out-dir", out])).status).toBe(0);
    const files = readdirSync(out).sort();
    const root = JSON.parse(readFileSync(join(out, "template.json"), "utf8"));
    const stackIds = Object.entries(root.Resources)
      .filter(([, r]) => (r as { Type: string }).Type === "AWS::CloudFormation::Stack")
      .map(([id]) => id);
    expect(files).toEqual(["template.json", ...stackIds.map((id) => `${id}.json`)].sort());
    for (const id of stackIds) expect(root.Resources[id].Properties.TemplateURL).toBe(`${id}.json`);

    const packaged = await pareto([
      "package",
      join(out, "template.json"),
      "--bucket",
      "templates",
      "--prefix",
      "p",
      "--endpoint-url",
      moto.endpoint,
    ]);
    expect(packaged.status).toBe(0);
    const rewritten = JSON.parse(packaged.stdout);
    const { Contents = [] } = await new S3Client(config).send(new ListObjectsV2Command({ Bucket: "templates", Prefix: "p/" }));
    for (const id of stackIds) {
      const url = rewritten.Resources[id].Properties.TemplateURL["Fn::Sub"] as string;
      const key = url.replace(/^https:\/\/s3\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/templates\//, "");
      expect(key).toMatch(/^p\/[0-9a-f]{64}\.json$/);
      expect(Contents.map((object) => object.Key)).toContain(key);
    }
  });

  it("the macro writes nested templates to its bucket, and its output deploys", async () => {
    const fragment = app(120);
    const macroEnv = { PARETO_TEMPLATES_BUCKET: "macro-templates", AWS_ENDPOINT_URL_S3: moto.endpoint };
    const response = invokeMacro(fragment, macroEnv);
    expect(response.errorMessage).toBeUndefined();
    expect(response.status).toBe("success");
    const s3 = new S3Client(config);
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: "macro-templates" }));
    const keys = Contents.map((object) => object.Key ?? "");
    const stacks = Object.values(response.fragment.Resources).filter((r) => (r as { Type: string }).Type === "AWS::CloudFormation::Stack");
    expect(keys).toHaveLength(stacks.length);
    for (const key of keys) expect(key).toMatch(/^stacks\/[0-9a-f]{64}\.json$/);

    // The same app again writes nothing new (a conditional write never replaces an object).
    expect(invokeMacro(fragment, macroEnv).fragment).toEqual(response.fragment);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: "macro-templates" }))).Contents).toHaveLength(keys.length);

    const cloudformation = new CloudFormationClient(config);
    await cloudformation.send(
      new CreateStackCommand({
        StackName: "from-macro",
        TemplateBody: JSON.stringify(response.fragment),
        Parameters: parameters,
        Capabilities: ["CAPABILITY_IAM"],
      }),
    );
    const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({ StackName: "from-macro" }));
    expect(Stacks[0]?.StackStatus).toBe("CREATE_COMPLETE");
  });

  it("a macro without a templates bucket says what to do", () => {
    const response = invokeMacro(app(120), {});
    expect(response.status).toBe("failure");
    expect(response.errorMessage).toMatch(/expands into a root and \d+ nested stacks, and the macro's stack has no templates bucket/);
  });
});
