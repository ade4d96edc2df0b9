/** The `pareto` binary as users run it: exit codes, streams, determinism, init, schema. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { ROOT } from "./tools.js";

const BIN = join(ROOT, "bin", "pareto.mjs");
const pareto = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};
const fixture = (name: string) => join(ROOT, "test", "fixtures", name, "template.yaml");

describe("pareto expand / validate", () => {
  it("expands examples/hello to the same bytes twice", () => {
    const first = pareto("expand", "examples/hello/template.yaml");
    const second = pareto("expand", "examples/hello/template.yaml");
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).Resources.App).toBeUndefined();
    expect(second.stdout).toBe(first.stdout);
  });

  it("prints every error on its own line on stderr and exits 1", () => {
    const result = pareto("expand", fixture("error-many-at-once"));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const expected = readFileSync(join(ROOT, "test", "fixtures", "error-many-at-once", "expected-errors.txt"), "utf8")
      .trim()
      .split("\n");
    expect(result.stderr.trim().split("\n")).toEqual(expected.map((line) => `error: ${line}`));
  });

  it("gives machine-readable errors with --json", () => {
    const result = pareto("validate", fixture("error-timer-1-week"), "--json");
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      errors: [
        "Resources.App.Properties.functions.weekly.timer.rate: '1 week' is not a rate; write 'N minutes', 'N hours', 'N days' or 'N seconds'",
      ],
      warnings: [],
    });
  });

  it("reports inferred parameters, and refuses them with --strict", () => {
    const relaxed = pareto("expand", fixture("inferred-parameters"));
    expect(relaxed.status).toBe(0);
    expect(relaxed.stderr).toContain("inferred parameter: ApiToken");
    const strict = pareto("expand", fixture("inferred-parameters"), "--strict");
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain("error: Parameters.ApiToken: inferred (referred to but not declared)");
  });

  it("warns about permissions it cannot scope", () => {
    const result = pareto("validate", fixture("permissions-scoped"));
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "warning: Resources.App.Properties.functions.worker.permissions[6]: 'ec2:DescribeRegions' applies to all resources (Resource \"*\"): the app has no ec2 resource to scope it to",
    );
  });

  it("validates and draws an app whose code is still local, as `pareto package` would see it", () => {
    const validated = pareto("validate", "examples/shop/template.yaml");
    expect(validated.stderr).toContain("ok: 39 resources");
    expect(validated.status).toBe(0);
    const drawn = pareto("graph", "examples/orders/template.yaml");
    expect(drawn.status).toBe(0);
    expect(drawn.stdout).toContain("create-order");
    const missing = pareto("validate", fixture("error-local-code-path"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("functions.hello.code: './src' does not exist");
  });

  it("writes the output file with -o", () => {
    const out = join(mkdtempSync(join(tmpdir(), "pareto-cli-")), "out.json");
    expect(pareto("expand", "examples/hello/template.yaml", "-o", out).status).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).AWSTemplateFormatVersion).toBe("2010-09-09");
  });

  it("exits 2 on usage errors and YAML syntax errors", () => {
    expect(pareto("explode").status).toBe(2);
    expect(pareto("expand").status).toBe(2);
    expect(pareto("expand", "missing.yaml").stderr).toContain("cannot read 'missing.yaml'");
    const bad = join(mkdtempSync(join(tmpdir(), "pareto-cli-")), "bad.yaml");
    writeFileSync(bad, "Resources:\n  App: [unclosed\n");
    const result = pareto("expand", bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
  });

  it("documents its exit codes in --help", () => {
    const help = pareto("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}success\n {2}1 {2}the template has errors/);
  });
});

describe("pareto init and schema", () => {
  it("init then expand works in a fresh folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-init-"));
    expect(pareto("init", dir).status).toBe(0);
    const expanded = pareto("expand", join(dir, "template.yaml"));
    expect(expanded.stderr).toBe("");
    expect(expanded.status).toBe(0);
    const resources = JSON.parse(expanded.stdout).Resources;
    expect(Object.keys(resources)).toEqual(expect.arrayContaining(["HelloFunction", "WorkerFunction", "TickTimerRule", "AppTasksQueue"]));
    expect(pareto("init", dir).status).toBe(2); // never overwrites without --force
  });

  it("prints a schema that accepts a real template and rejects a broken one", () => {
    const schema = JSON.parse(pareto("schema").stdout);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const hello = parseTemplate(readFileSync(join(ROOT, "examples", "hello", "template.yaml"), "utf8"), "hello");
    expect(validate(hello), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(hello) as any;
    broken.Resources.App.Properties.functions.resize.memroy = 5;
    expect(validate(broken)).toBe(false);
  });
});
