/** The intrinsic functions a DSL value may hold: one list in code, the same in the schema. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INTRINSIC_FUNCTIONS, isIntrinsic, normaliseIntrinsics } from "../../src/expander/intrinsics.js";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "schemas", "pareto-app.schema.json"), "utf8"));

describe("intrinsic functions", () => {
  it("the schema's intrinsic names are the code's", () => {
    expect([...schema.$defs.intrinsic.propertyNames.enum].sort()).toEqual([...INTRINSIC_FUNCTIONS].sort());
  });
  it("recognises exactly one known function per object", () => {
    expect(isIntrinsic({ Ref: "X" })).toBe(true);
    expect(isIntrinsic({ "Fn::Sub": "x" })).toBe(true);
    expect(isIntrinsic({ "Fn::Foo": "x" })).toBe(false);
    expect(isIntrinsic({ Condition: "X" })).toBe(false);
    expect(isIntrinsic({ "Fn::And": [] })).toBe(false);
    expect(isIntrinsic({ Ref: "X", Other: 1 })).toBe(false);
  });
  it("writes GetAtt's string form as a list, copying only what changes and never the input", () => {
    const unchanged = { a: { b: [1, { Ref: "X" }] } };
    expect(normaliseIntrinsics(unchanged)).toBe(unchanged);
    const input = { keep: { c: 1 }, list: [{ "Fn::GetAtt": "A.B.C" }] };
    const before = structuredClone(input);
    const output = normaliseIntrinsics(input);
    expect(output).toEqual({ keep: { c: 1 }, list: [{ "Fn::GetAtt": ["A", "B.C"] }] });
    expect(output.keep).toBe(input.keep);
    expect(input).toEqual(before);
    const proto = JSON.parse('{"__proto__": {"Fn::GetAtt": "A.B"}}');
    expect(Object.getOwnPropertyNames(normaliseIntrinsics(proto))).toEqual(["__proto__"]);
  });
});
