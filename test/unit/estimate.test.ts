/** The longest length a value can resolve to (src/expander/template/estimate.ts). */
import { describe, expect, it } from "vitest";
import { stackUuid } from "../../src/expander/intrinsics.js";
import { LengthEstimator } from "../../src/expander/template/estimate.js";

const TYPES = new Map([
  ["AppTasksQueue", "AWS::SQS::Queue"],
  ["AppTable", "AWS::DynamoDB::Table"],
  ["Mystery", "AWS::Custom::Thing"],
]);
const PARAMETERS = new Map<string, { maxLength?: number; default?: string }>([
  ["Short", { maxLength: 8 }],
  ["WithDefault", { default: "hello" }],
  ["Bare", {}],
]);
const estimator = new LengthEstimator({ typeOf: (id) => TYPES.get(id), parameter: (id) => PARAMETERS.get(id) });
const longest = (value: unknown) => estimator.longest(value);

describe("longest resolved length", () => {
  it("counts literals in UTF-8 bytes", () => {
    expect(longest("abc")).toBe(3);
    expect(longest("é€")).toBe(5);
    expect(longest(42)).toBe(2);
  });
  it("counts pseudo parameters at their longest", () => {
    expect(longest({ Ref: "AWS::StackName" })).toBe(128);
    expect(longest({ Ref: "AWS::AccountId" })).toBe(12);
    expect(longest({ Ref: "AWS::StackId" })).toBeGreaterThan(128 + 36);
  });
  it("counts the stack's UUID as 36 characters, not as the whole stack ID", () => {
    expect(longest(stackUuid)).toBe(36);
    expect(longest({ "Fn::Join": ["-", ["website", stackUuid]] })).toBe(44);
  });
  it("counts parameters at MaxLength, else their default, else 128", () => {
    expect(longest({ Ref: "Short" })).toBe(8);
    expect(longest({ Ref: "WithDefault" })).toBe(5);
    expect(longest({ Ref: "Bare" })).toBe(128);
  });
  it("counts references by the type of what they name", () => {
    // https://sqs.<region 20>.<suffix 16>/<account 12>/<name 80>
    expect(longest({ Ref: "AppTasksQueue" })).toBe(12 + 20 + 1 + 16 + 1 + 12 + 1 + 80);
    expect(longest({ "Fn::GetAtt": ["AppTable", "Arn"] })).toBeGreaterThan(255);
    expect(longest({ Ref: "Mystery" })).toBe(256);
    expect(longest({ "Fn::GetAtt": ["AppTable", "NoSuchAttribute"] })).toBe(256);
  });
  it("adds up Fn::Sub (with and without local variables) and Fn::Join", () => {
    expect(longest({ "Fn::Sub": "/aws/lambda/${AWS::StackName}/hello" })).toBe(12 + 128 + 6);
    expect(longest({ "Fn::Sub": ["x-${Local}", { Local: "abcd" }] })).toBe(6);
    expect(longest({ "Fn::Sub": "${AppTable.Arn}" })).toBe(longest({ "Fn::GetAtt": ["AppTable", "Arn"] }));
    expect(longest({ "Fn::Sub": "literal ${!NotAVariable}" })).toBe("literal ${NotAVariable}".length);
    expect(longest({ "Fn::Join": ["--", ["a", { Ref: "Short" }, "bc"]] })).toBe(1 + 8 + 2 + 4);
  });
  it("takes the longer branch of Fn::If and the longest item of Fn::Select", () => {
    expect(longest({ "Fn::If": ["C", "ab", "abcd"] })).toBe(4);
    expect(longest({ "Fn::Select": [0, ["a", "abc"]] })).toBe(3);
  });
  it("replaces intrinsics by strings of their longest length, for limits measured on JSON", () => {
    expect(estimator.worstCase({ A: "x", B: { Ref: "Short" }, C: [{ Ref: "WithDefault" }] })).toEqual({
      A: "x",
      B: "x".repeat(8),
      C: ["x".repeat(5)],
    });
  });
});
