/**
 * `pareto package` end to end against moto_server on 127.0.0.1, on the example app (two Node.js
 * functions sharing ./api, one Python function with a requirements.txt): built, uploaded, packaged
 * again (nothing uploaded), expanded and linted; its artifacts unzipped and run in child processes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { unzipSync } from "fflate/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { buildArtifact, checkedPlan } from "../../src/package/index.js";
import { formatSize } from "../../src/package/report.js";
import { sha256 } from "../../src/package/zip.js";
import { startMoto, motoClientConfig } from "./moto.js";
import { ROOT, run, tools } from "./tools.js";

const EXAMPLE = join(ROOT, "examples", "orders", "template.yaml");
const BUCKET = "pareto-artifacts";

let moto: Awaited<ReturnType<typeof startMoto>>;
let s3: S3Client;
let work: string;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client(motoClientConfig(moto.endpoint));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  work = mkdtempSync(join(tmpdir(), "pareto-package-"));
});

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function pareto(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "pareto.mjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const packageTemplate = (template: string, output: string, bucket = BUCKET) =>
  pareto(["package", template, "--bucket", bucket, "--prefix", "orders", "-o", output, "--endpoint-url", moto.endpoint]);

async function keysInBucket(): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((object) => object.Key as string).sort();
}

async function object(key: string): Promise<Uint8Array> {
  const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return response.Body!.transformToByteArray();
}

/** The key each artifact got in a packaged template: the app's (the Node folder) and the receipt function's. */
function packagedKeys(path: string): { api: string; receipt: string } {
  const properties = JSON.parse(readFileSync(path, "utf8")).Resources.App.Properties;
  return { api: properties.code.key, receipt: properties.functions.receipt.code.key };
}

function extract(zip: Uint8Array, into: string): string[] {
  const files = unzipSync(zip);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(into, name)), { recursive: true });
    writeFileSync(join(into, name), data);
  }
  return Object.keys(files).sort();
}

const ORDER = {
  lines: [
    { sku: "tea", quantity: 2, unitPrice: 3.5 },
    { sku: "cup", quantity: 1, unitPrice: 0.1 },
  ],
};
const EVENTS = [
  { body: JSON.stringify(ORDER) },
  { body: Buffer.from(JSON.stringify(ORDER)).toString("base64"), isBase64Encoded: true },
  { body: JSON.stringify({ lines: [{ sku: "", quantity: 1, unitPrice: 1 }] }) },
  { body: "not json" },
];

describe("pareto package (moto_server)", () => {
  it("builds and uploads every artifact under its content hash, and prints a table of them", async () => {
    const output = join(work, "packaged.json");
    const result = packageTemplate(EXAMPLE, output);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    const keys = packagedKeys(output);
    expect(keys.api).toMatch(/^orders\/[0-9a-f]{64}\.zip$/);
    expect(keys.receipt).toMatch(/^orders\/[0-9a-f]{64}\.zip$/);
    expect(await keysInBucket()).toEqual([keys.api, keys.receipt].sort());

    const table = result.stderr.split("\n");
    expect(table.find((line) => line.startsWith("code "))).toMatch(/^code\s+runtime\s+functions\s+size\s+key\s+upload$/);
    for (const [name, key, runtime, functions] of [
      ["api", keys.api, "nodejs24.x", "quote, create-order"],
      ["receipt", keys.receipt, "python3.13 x86_64", "receipt"],
    ]) {
      const size = formatSize((await object(key)).length);
      expect(table.find((line) => line.startsWith(`${name} `))).toMatch(
        new RegExp(`^${name}\\s+${runtime}\\s+${functions}\\s+${size}\\s+${key}\\s+uploaded$`),
      );
    }
    expect(result.stderr).toMatch(`2 artifact(s) in s3://${BUCKET}: 2 uploaded, 0 unchanged`);
  });

  it("uploads nothing the second time: same keys, same template", async () => {
    const before = await keysInBucket();
    const result = packageTemplate(EXAMPLE, join(work, "again.json"));
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(`2 artifact(s) in s3://${BUCKET}: 0 uploaded, 2 unchanged`);
    expect(result.stderr).not.toMatch(/ uploaded$/m);
    expect(readFileSync(join(work, "again.json"), "utf8")).toBe(readFileSync(join(work, "packaged.json"), "utf8"));
    expect(await keysInBucket()).toEqual(before);
  });

  it("writes YAML for a .yaml output, the same template", () => {
    const result = packageTemplate(EXAMPLE, join(work, "packaged.yaml"));
    expect(result.status).toBe(0);
    const yaml = readFileSync(join(work, "packaged.yaml"), "utf8");
    expect(yaml).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"$/m);
    expect(parseTemplate(yaml, "packaged.yaml")).toEqual(JSON.parse(readFileSync(join(work, "packaged.json"), "utf8")));
  });

  it("gives a template that expands and passes cfn-lint", () => {
    const expanded = join(work, "expanded.json");
    const result = pareto(["expand", join(work, "packaged.json"), "-o", expanded]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { api, receipt } = packagedKeys(join(work, "packaged.json"));
    const resources = JSON.parse(readFileSync(expanded, "utf8")).Resources;
    expect(resources.QuoteFunction.Properties.Code).toEqual({ S3Bucket: BUCKET, S3Key: api });
    expect(resources.CreateOrderFunction.Properties.Code).toEqual({ S3Bucket: BUCKET, S3Key: api });
    expect(resources.ReceiptFunction.Properties.Code).toEqual({ S3Bucket: BUCKET, S3Key: receipt });
    const lint = run(tools.cfnLint, ["--", expanded]);
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.status).toBe(0);
  });

  it("ships real bundles: unzipped and run in a separate Node process, they return what the source returns", async () => {
    const into = join(work, "api");
    const names = extract(await object(packagedKeys(join(work, "packaged.json")).api), into);
    // One self-contained file per handler module: no sources, no lib/ folder, no node_modules.
    expect(names).toEqual(["src/orders.js", "src/quote.js"]);
    expect(readFileSync(join(into, "src/orders.js"), "utf8")).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);

    const { handler } = await import("../../examples/orders/api/src/quote.js");
    for (const event of EVENTS) {
      const script = `require(${JSON.stringify(join(into, "src/quote.js"))}).handler(${JSON.stringify(event)}).then((r) => process.stdout.write(JSON.stringify(r)))`;
      const bundled = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
      expect(bundled).toEqual(await handler(event));
    }
    expect(JSON.parse((await handler(EVENTS[0])).body)).toEqual({ lines: ORDER.lines, subtotal: 7.1, tax: 1.42, total: 8.52 });
  });

  it("ships the Python function with its pinned requirements, which runs", async () => {
    const into = join(work, "receipt");
    const names = extract(await object(packagedKeys(join(work, "packaged.json")).receipt), into);
    expect(names).toEqual(
      expect.arrayContaining(["receipt.py", "requirements.txt", "tabulate/__init__.py", "tabulate-0.9.0.dist-info/METADATA"]),
    );
    expect(names.filter((name) => name.startsWith("bin/") || name.endsWith(".pyc"))).toEqual([]);
    const script =
      "import json, sys; sys.path.insert(0, sys.argv[1]); import receipt; print(json.dumps(receipt.handler(json.loads(sys.argv[2]), None)))";
    const response = JSON.parse(execFileSync("python3", ["-c", script, into, JSON.stringify(EVENTS[0])], { encoding: "utf8" }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^tea\s+2\s+3\.50\s+7\.00$/m);
    expect(response.body).toMatch(/total: 7\.10/);
  });

  it("builds byte-identical artifacts every time (the uploaded bytes are the ones named by the key)", async () => {
    const { sources } = checkedPlan(parseTemplate(readFileSync(EXAMPLE, "utf8"), EXAMPLE), dirname(EXAMPLE));
    const keys = packagedKeys(join(work, "packaged.json"));
    for (const source of sources) {
      const [first, second] = [await buildArtifact(source, {}), await buildArtifact(source, {})];
      expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
      const key = keys[source.source as keyof typeof keys];
      expect(key).toBe(`orders/${sha256(first)}.zip`);
      expect(Buffer.from(await object(key)).equals(Buffer.from(first))).toBe(true);
    }
  });
});

describe("pareto expand on local code", () => {
  it("rejects an unpackaged local path, pointing at `pareto package`", () => {
    const result = pareto(["expand", EXAMPLE]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      "error: Resources.App.Properties.code: './api' is a local path; run `pareto package` to build and upload it (or `pareto expand --package-dry-run` to see what would be built)",
    );
  });

  it("--package-dry-run prints the plan and expands with placeholder locations, building nothing", () => {
    const result = pareto(["expand", EXAMPLE, "--package-dry-run"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^code\s+runtime\s+functions\s+builds$/m);
    expect(result.stderr).toMatch(
      /^api\s+nodejs24\.x\s+quote, create-order\s+esbuild src\/quote\.ts -> src\/quote\.js, esbuild src\/orders\.ts -> src\/orders\.js$/m,
    );
    expect(result.stderr).toMatch(/^receipt\s+python3\.13 x86_64\s+receipt\s+the folder \+ pip install -r requirements\.txt$/m);
    const resources = JSON.parse(result.stdout).Resources;
    expect(resources.QuoteFunction.Properties.Code).toEqual({ S3Bucket: "pareto-package-dry-run", S3Key: "dry-run/api-nodejs24.x.zip" });
    expect(resources.ReceiptFunction.Properties.Code).toEqual({
      S3Bucket: "pareto-package-dry-run",
      S3Key: "dry-run/receipt-python3.13-x86_64.zip",
    });
  });
});

describe("pareto package errors", () => {
  let app: string;

  beforeAll(() => {
    app = join(work, "broken");
    mkdirSync(join(app, "api"), { recursive: true });
    writeFileSync(join(app, "api", "orders.ts"), "export const create = async () => 1;\n");
    writeFileSync(
      join(app, "template.yaml"),
      [
        "Transform: Pareto",
        "Resources:",
        "  App:",
        "    Type: Pareto::App",
        "    Properties:",
        "      code: ./api",
        "      functions:",
        "        typo: {handler: orders.craete}",
        "        gone: {handler: gone.handler}",
        "        missing: {handler: index.handler, code: ./missing}",
        "        outside: {handler: index.handler, code: ../../elsewhere}",
        "        java: {handler: example.Handler, runtime: java21, code: ./api}",
        "",
      ].join("\n"),
    );
  });

  it("reports every problem at once and uploads nothing", async () => {
    const before = await keysInBucket();
    const result = packageTemplate(join(app, "template.yaml"), join(work, "never.json"));
    expect(result.status).toBe(1);
    const F = "error: Resources.App.Properties.functions";
    expect(result.stderr.trim().split("\n")).toEqual([
      `${F}.outside.code: '../../elsewhere' is outside the template's folder; local code must be inside it`,
      `${F}.java: \`pareto package\` builds Node.js and Python code; runtime 'java21' has no builder (build it yourself and give code as {bucket, key})`,
    ]);
    // Once the plan is sound, the disk and the bundle are checked.
    writeFileSync(
      join(app, "template.yaml"),
      readFileSync(join(app, "template.yaml"), "utf8")
        .split("\n")
        .filter((line) => !/outside|java/.test(line))
        .join("\n"),
    );
    const second = packageTemplate(join(app, "template.yaml"), join(work, "never.json"));
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(`${F}.missing.code: './missing' does not exist`);
    expect(second.stderr).toMatch(`${F}.gone.handler: module 'gone' not found in './api'`);
    writeFileSync(join(app, "template.yaml"), readFileSync(join(app, "template.yaml"), "utf8").replace(/.*(gone|missing).*\n/g, ""));
    const third = packageTemplate(join(app, "template.yaml"), join(work, "never.json"));
    expect(third.status).toBe(1);
    expect(third.stderr).toMatch(`${F}.typo.handler: module 'orders' has no export 'craete' (it exports create)`);
    expect(await keysInBucket()).toEqual(before);
  });

  it("exits 3 when S3 refuses the upload", () => {
    const result = packageTemplate(EXAMPLE, join(work, "never.json"), "no-such-bucket");
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/error: s3:\/\/no-such-bucket\/orders\/[0-9a-f]{64}\.zip: NoSuchBucket/);
  });
});
