/** SNS filter policies (src/expander/validate/filter-policy.ts): the limits SNS checks when a subscription is created. */
import { describe, expect, it } from "vitest";
import { checkFilterPolicy, MAX_POLICY_COMBINATIONS, policyCombinations } from "../../src/expander/validate/filter-policy.js";

const PATH = "Resources.App.Properties.functions.f.consume.filter";

describe("SNS filter policies", () => {
  it("counts combinations as the SNS guide does: each list's length times its depth, multiplied", () => {
    // The guide's example: four values three keys deep, three values two keys deep: 3 x 4 x 2 x 3 = 72.
    const nested = { key_a: { key_b: { key_c: ["v1", "v2", "v3", "v4"] } }, key_d: { key_e: ["v1", "v2", "v3"] } };
    expect(policyCombinations(nested)).toBe(72);
    expect(policyCombinations({ key_a: ["a", "b", "c"], key_b: ["a"], key_c: ["a", "b"] })).toBe(6);
  });

  it("accepts a policy at the limits and refuses one past them", () => {
    const five = { a: ["x"], b: ["x"], c: ["x"], d: ["x"], e: ["x"] };
    expect(checkFilterPolicy(five, PATH)).toEqual([]);
    expect(checkFilterPolicy({ ...five, f: ["x"] }, PATH)).toEqual([
      `${PATH}: has 6 top-level keys; an SNS filter policy has at most 5 (nest the fields under fewer keys)`,
    ]);
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(checkFilterPolicy({ a: values(MAX_POLICY_COMBINATIONS) }, PATH)).toEqual([]);
    expect(checkFilterPolicy({ a: values(MAX_POLICY_COMBINATIONS + 1) }, PATH)[0]).toContain("151 combinations");
  });

  it("maps the operators SNS supports and names the ones it lacks", () => {
    const supported: unknown[] = [
      "x",
      1,
      true,
      null,
      { prefix: "p" },
      { suffix: "s" },
      { "equals-ignore-case": "E" },
      { "anything-but": ["x", "y"] },
      { "anything-but": { prefix: "p" } },
      { numeric: [">", 0, "<=", 10] },
      { exists: true },
      { cidr: "10.0.0.0/24" },
    ];
    for (const matcher of supported) expect(checkFilterPolicy({ a: [matcher] }, PATH), JSON.stringify(matcher)).toEqual([]);
    expect(checkFilterPolicy({ $or: [{ d: ["x"] }, { e: { f: ["y"] } }] }, PATH)).toEqual([]);
    expect(checkFilterPolicy({ a: [{ wildcard: "*.png" }] }, PATH)).toEqual([
      `${PATH}.a[0].wildcard: SNS filter policies do not support 'wildcard'`,
    ]);
    expect(checkFilterPolicy({ a: [{ "anything-but": { "equals-ignore-case": "x" } }] }, PATH)).toEqual([
      `${PATH}.a[0].anything-but.equals-ignore-case: SNS filter policies do not support anything-but with equals-ignore-case`,
    ]);
  });

  it("keeps numbers within what SNS compares", () => {
    expect(checkFilterPolicy({ a: [1e9, -1e9, { numeric: ["=", 1e9] }] }, PATH)).toEqual([]);
    expect(checkFilterPolicy({ a: [1e9 + 1] }, PATH)).toEqual([`${PATH}.a[0]: 1000000001 is outside the range SNS compares (-1e9 to 1e9)`]);
  });
});
