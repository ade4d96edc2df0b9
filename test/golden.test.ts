/**
 * Golden fixtures: test/fixtures/<case>/template.yaml expands to expected.json (byte for byte) or
 * fails with exactly the lines of expected-errors.txt.
 *
 * `UPDATE_GOLDEN=<case>[,<case>...] npx vitest run test/golden.test.ts` rewrites the named fixtures
 * only (every other one is still compared): review the diff before committing. There is no
 * "rewrite them all": `UPDATE_GOLDEN=1`, `UPDATE_GOLDEN=all` or a name that is not a fixture fails
 * the run and rewrites nothing, so one change cannot silently re-bless every expected output.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../src/cli/yaml.js";
import { expand, serialise } from "../src/expander/index.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const cases = readdirSync(FIXTURES)
  .filter((name) => existsSync(join(FIXTURES, name, "template.yaml")))
  .sort();

/** The fixtures UPDATE_GOLDEN names, or why the request is refused (then nothing is rewritten). */
function updateRequest(value: string): { names: Set<string>; refusal?: string } {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const usage = "name the fixtures to rewrite: UPDATE_GOLDEN=<case>[,<case>...] (e.g. UPDATE_GOLDEN=minimal-function)";
  if (names.some((name) => name === "1" || name.toLowerCase() === "all"))
    return { names: new Set(), refusal: `UPDATE_GOLDEN=${value} would rewrite every fixture; ${usage}. Nothing was rewritten.` };
  const unknown = names.filter((name) => !cases.includes(name));
  if (unknown.length)
    return { names: new Set(), refusal: `UPDATE_GOLDEN: no fixture named ${unknown.join(", ")}; ${usage}. Nothing was rewritten.` };
  return { names: new Set(names) };
}
const update = updateRequest(process.env.UPDATE_GOLDEN ?? "");

/** Expands a fixture, and checks on the way that expansion leaves its input as it was. */
function expandCase(name: string) {
  const path = join(FIXTURES, name, "template.yaml");
  const input = parseTemplate(readFileSync(path, "utf8"), path);
  const before = structuredClone(input);
  const result = expand(input);
  expect(input, "expand changed its input").toEqual(before);
  return result;
}

describe("golden fixtures", () => {
  it("rewrites only fixtures named in UPDATE_GOLDEN", () => {
    if (update.refusal) throw new Error(update.refusal);
  });

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
      if (update.names.has(name)) writeFileSync(target, actual);
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
