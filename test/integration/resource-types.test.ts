/**
 * src/expander/aws/resource-types.ts is generated from the resource schemas the pinned cfn-lint ships:
 * `scripts/resource-types.py --check` must find it up to date (regenerate with the same command, without `--check`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, requireTool, run } from "./tools.js";

/** The lint venv's Python: it has the pinned cfn-lint, whose package holds the schemas. Missing fails, never skips. */
const python = () => requireTool(join(ROOT, ".tools", "lint", "bin", "python"));
const SCRIPT = join(ROOT, "scripts", "resource-types.py");
const FILE = join(ROOT, "src", "expander", "aws", "resource-types.ts");

describe("resource-types.ts against the schemas cfn-lint ships", () => {
  it("is what scripts/resource-types.py writes", () => {
    const result = run(python(), [SCRIPT, "--check"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/is up to date \(\d+ types, \d+ taggable\)/);
  });

  it("--check fails, naming the type, when a TAGGING entry is edited by hand", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-resource-types-"));
    try {
      const copy = join(dir, "resource-types.ts");
      const original = readFileSync(FILE, "utf8");
      const broken = original.replace(/^(\s*"AWS::SQS::Queue": ).*$/m, '$1{ property: "Tags", format: "map" },');
      expect(broken).not.toBe(original);
      writeFileSync(copy, broken);
      const result = run(python(), [SCRIPT, "--check", "--file", copy]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("AWS::SQS::Queue: TAGGING says Tags as a map, the schemas say Tags as a list");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
