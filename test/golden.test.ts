/**
 * Golden fixtures: test/fixtures/<case>/template.yaml expands to expected.json (byte for byte) or
 * fails with exactly the lines of expected-errors.txt. `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`
 * rewrites them: review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../src/cli/yaml.js";
import { expand, serialise } from "../src/expander/index.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const update = process.env.UPDATE_GOLDEN === "1";
const cases = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, "template.yaml"))).sort();

function expandCase(name: string) {
  const path = join(FIXTURES, name, "template.yaml");
  return expand(parseTemplate(readFileSync(path, "utf8"), path));
}

describe("golden fixtures", () => {
  it("has fixtures of both kinds", () => {
    expect(cases.filter((name) => existsSync(join(FIXTURES, name, "expected.json"))).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((name) => existsSync(join(FIXTURES, name, "expected-errors.txt"))).length).toBeGreaterThanOrEqual(25);
  });

  for (const name of cases) {
    it(name, () => {
      const result = expandCase(name);
      const expectedJson = join(FIXTURES, name, "expected.json");
      const expectedErrors = join(FIXTURES, name, "expected-errors.txt");
      const actual = result.ok ? serialise(result.template) : `${result.errors.join("\n")}\n`;
      const target = name.startsWith("error-") ? expectedErrors : expectedJson;
      if (update) writeFileSync(target, actual);
      expect(result.ok, result.ok ? "expanded" : result.errors.join("\n")).toBe(!name.startsWith("error-"));
      expect(actual).toBe(readFileSync(target, "utf8"));
    });
  }

  it("expands deterministically (two runs, identical bytes)", () => {
    for (const name of cases.filter((c) => !c.startsWith("error-"))) {
      const first = expandCase(name);
      const second = expandCase(name);
      expect(first.ok && second.ok && serialise(first.template) === serialise(second.template)).toBe(true);
    }
  });
});
