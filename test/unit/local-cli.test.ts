/** `pareto sample` and `pareto match` through the CLI's entry point: output streams, exit codes, usage errors. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const ROOT = join(import.meta.dirname, "..", "..");
const HELLO = join(ROOT, "examples", "hello", "template.yaml");
const fixture = (name: string) => join(ROOT, "test", "fixtures", name, "template.yaml");
const dir = mkdtempSync(join(tmpdir(), "pareto-local-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const status = await main(argv);
    const text = (spy: typeof stdout) => spy.mock.calls.map((call) => String(call[0])).join("");
    return { status, stdout: text(stdout), stderr: text(stderr) };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

describe("pareto sample", () => {
  it("prints the event as JSON on stdout", async () => {
    const result = await run("sample", HELLO, "resize");
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ source: "aws.s3", "detail-type": "Object Created" });
    expect((await run("sample", HELLO, "resize", "--event", "uploaded")).stdout).toBe(result.stdout);
  });

  it.each([
    [[HELLO], "give the function after the template"],
    [[HELLO, "nope"], "function 'nope' is not in the app (functions: get-order, place-order, resize, ship-order, audit, report)"],
    [[HELLO, "resise"], "function 'resise' is not in the app; did you mean 'resize'?"],
    [[HELLO, "toString"], "function 'toString' is not in the app"],
    [[HELLO, "resize", "--event", "deleted"], "function 'resize' has no trigger 'deleted' (its triggers: uploaded)"],
    [[fixture("events-many-rules"), "audit"], "function 'audit' has 50 triggers; choose one with --event: step-00, step-01"],
    [[fixture("permissions-scoped"), "worker"], "function 'worker' has no trigger (it is invoked with the SDK)"],
    [[HELLO, "resize", "--resolve", "=x"], "--resolve '=x' is not ID=VALUE"],
  ])("usage error: %j", async (args, message) => {
    const result = await run("sample", ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  it("a template with errors exits 1 with its errors", async () => {
    const result = await run("sample", fixture("error-pattern-prefixx"), "worker");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("unknown content filter 'prefixx'");
  });

  it("--resolve puts deployed values in place of placeholders", async () => {
    const result = await run("sample", HELLO, "ship-order", "--resolve", "AppOrdersQueue.Arn=arn:aws:sqs:eu-west-1:111122223333:orders");
    expect(JSON.parse(result.stdout).source).toBe("arn:aws:sqs:eu-west-1:111122223333:orders");
  });
});

describe("pareto match", () => {
  it("names the function and event a sample was made for, exit 0", async () => {
    const event = file("uploaded.json", (await run("sample", HELLO, "resize")).stdout);
    const result = await run("match", HELLO, "--event", event);
    expect(result).toMatchObject({ status: 0, stdout: "match  resize  uploaded\n" });
    expect(result.stderr).toBe("2 other rules share no field with the event\n");
  });

  it("a near miss prints its first failed field; none matching exits 1", async () => {
    const placed = JSON.parse((await run("sample", HELLO, "ship-order")).stdout);
    const event = file("cancelled.json", { ...placed, "detail-type": "order-cancelled" });
    const result = await run("match", HELLO, "--event", event);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('near miss  ship-order  placed  detail-type: "order-cancelled" is not in ["order-placed"]\n');
    expect(result.stderr).toContain("no rule matches the event");
    const json = await run("match", HELLO, "--event", event, "--json");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      matched: [],
      nearMisses: [
        {
          function: "ship-order",
          event: "placed",
          field: "detail-type",
          message: 'detail-type: "order-cancelled" is not in ["order-placed"]',
        },
      ],
      unrelated: 2,
    });
  });

  it("an event from a deployed stack: the hint for --resolve, then a match with it", async () => {
    const placed = JSON.parse((await run("sample", HELLO, "ship-order")).stdout);
    const real = "arn:aws:sqs:us-east-1:123456789012:prod-AppOrdersQueue-1ABC";
    const event = file("deployed.json", { ...placed, source: real });
    const before = await run("match", HELLO, "--event", event);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain("give the deployed value with --resolve AppOrdersQueue.Arn=...");
    expect((await run("match", HELLO, "--event", event, "--resolve", `AppOrdersQueue.Arn=${real}`)).status).toBe(0);
  });

  it("takes a PutEvents entry (Source, DetailType, Detail as text)", async () => {
    const placed = JSON.parse((await run("sample", HELLO, "ship-order")).stdout);
    const entry = file("entry.json", { Source: placed.source, DetailType: "order-placed", Detail: JSON.stringify({ id: 1 }) });
    expect((await run("match", HELLO, "--event", entry)).stdout).toBe("match  ship-order  placed\n");
  });

  it("with an app bus, an entry reaches the rules of the bus it names", async () => {
    const app = fixture("event-app");
    const entry = (extra: Record<string, string>) =>
      file("bus-entry.json", { Source: "shop.orders", DetailType: "OrderPaid", Detail: JSON.stringify({ total: 3 }), ...extra });
    const onAppBus = await run("match", app, "--event", entry({ EventBusName: "shop-app" }));
    expect([onAppBus.status, onAppBus.stdout]).toEqual([0, "match  on-paid  paid\n"]);
    const onDefault = await run("match", app, "--event", entry({}));
    expect(onDefault.status).toBe(1);
    expect(onDefault.stderr).toContain("2 rules are on the app bus, which this entry does not go to");
  });

  it.each([
    [[HELLO], "give the event with --event"],
    [[HELLO, "--event", "missing.json"], "cannot read 'missing.json': no such file"],
    [[HELLO, "--event", file("bad.json", "{")], "is not JSON"],
    [[HELLO, "--event", file("list.json", [1])], "an event is a JSON object"],
    [[HELLO, "--event", file("deep.json", `${"[".repeat(300)}${"]".repeat(300)}`)], "nested more than 256 levels deep"],
    [[HELLO, "--event", file("deeper.json", `{"a":${"[".repeat(300)}${"]".repeat(300)}}`)], "nested more than 256 levels deep"],
    [[HELLO, "--event", file("detail.json", { Source: "a", Detail: "{" })], "Detail is not JSON text"],
    [["-", "--event", "-"], "the template and the event cannot both be standard input"],
  ])("usage error: %j", async (args, message) => {
    const result = await run("match", ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
