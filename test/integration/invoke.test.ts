/**
 * `pareto invoke` in a child process: every function of examples/hello runs here with the event its
 * trigger delivers; a handler that throws or runs past its timeout exits 5; Python runs with python3.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./tools.js";

const pareto = (args: string[], cwd = ROOT) => {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "pareto.mjs"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const HELLO = join(ROOT, "examples", "hello");

describe("pareto invoke", () => {
  it.each([
    [
      "get-order",
      { statusCode: 200, body: JSON.stringify({ id: "example-id", status: "placed" }) },
      "get order example-id from my-stack-AppTable-",
    ],
    [
      "place-order",
      { statusCode: 202, body: JSON.stringify({ accepted: true, order: {} }) },
      "place order to https://sqs.us-east-1.amazonaws.com/",
    ],
    ["resize", { resized: "thumbnails/example.txt" }, "resize s3://my-stack-appbucket-"],
    ["ship-order", { shipped: true }, "ship order-placed"],
    ["audit", { audited: true }, "audit INSERT"],
    ["report", { orders: 0 }, "report for today"],
  ])("runs %s of examples/hello with its trigger's event", (name, result, log) => {
    const run = pareto(["invoke", "template.yaml", name, "--code", "."], HELLO);
    expect(run.stderr).toContain(log);
    expect(run.stderr).toMatch(/duration: \d+ ms/);
    expect(JSON.parse(run.stdout)).toEqual(result);
    expect(run.status).toBe(0);
  });

  it("uses --payload instead of the sample", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-invoke-"));
    writeFileSync(join(dir, "event.json"), JSON.stringify({ day: "2026-12-01" }));
    const run = pareto(["invoke", "template.yaml", "report", "--code", ".", "--payload", join(dir, "event.json")], HELLO);
    expect(run.stderr).toContain("report for 2026-12-01");
    expect(run.status).toBe(0);
  });

  it("exits 5 with the error when the handler throws or times out; runs Python with python3", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-invoke-"));
    mkdirSync(join(dir, "src"));
    writeFileSync(
      join(dir, "src", "fail.js"),
      "export const handler = async () => { console.error('about to fail'); throw new RangeError('out of range'); };\n",
    );
    writeFileSync(join(dir, "src", "slow.js"), "export const handler = () => new Promise(() => {});\n");
    writeFileSync(
      join(dir, "template.yaml"),
      `Transform: Pareto
Resources:
  App:
    Type: Pareto::App
    Properties:
      code: ./src
      functions:
        fail: {handler: fail.handler}
        slow: {handler: slow.handler, timeout: 1}
        py: {handler: index.handler, runtime: python3.13, inline: "def handler(event, context):\\n    print('from python')\\n    return {'name': context.function_name}\\n"}
`,
    );
    const fail = pareto(["invoke", join(dir, "template.yaml"), "fail"]);
    expect(fail.stderr).toContain("about to fail");
    expect(fail.stderr).toContain("error: RangeError: out of range");
    expect(fail.status).toBe(5);
    const slow = pareto(["invoke", join(dir, "template.yaml"), "slow"]);
    expect(slow.stderr).toContain("error: Sandbox.Timedout: Task timed out after 1 seconds");
    expect(slow.status).toBe(5);
    const py = pareto(["invoke", join(dir, "template.yaml"), "py"]);
    expect(py.stderr).toContain("from python");
    expect(JSON.parse(py.stdout)).toEqual({ name: "py" });
    expect(py.status).toBe(0);
  });

  it("runs an ES module handler with the AWS SDK the project installed, and the caller's credentials and endpoint", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-invoke-sdk-"));
    const payload = join(dir, "payload.json");
    writeFileSync(
      payload,
      JSON.stringify({ body: JSON.stringify({ customerId: "c1", lines: [{ sku: "a", quantity: 1, unitPrice: 2 }] }) }),
    );
    const result = spawnSync(
      process.execPath,
      [join(ROOT, "bin", "pareto.mjs"), "invoke", "examples/shop/template.yaml", "place-order", "--payload", payload],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          NO_COLOR: "1",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          AWS_MAX_ATTEMPTS: "1",
          // Nothing listens here: the handler's DynamoDB call reaching it shows the SDK loaded and took the caller's settings.
          AWS_ENDPOINT_URL: "http://127.0.0.1:9",
        },
      },
    );
    expect(result.stderr).not.toContain("Cannot find");
    expect(result.stderr).toContain("ECONNREFUSED 127.0.0.1:9");
    expect(result.status).toBe(5);
  });

  it("says what to give for code kept in S3", () => {
    const run = pareto(["invoke", "template.yaml", "report"], HELLO);
    expect(run.stderr).toContain("function 'report' has its code in S3: give --code with the folder that holds it (e.g. --code .)");
    expect(run.status).toBe(2);
  });
});
