/** Splitting an assembled template into a root and nested stacks: every reference that crosses a boundary. */
import { describe, expect, it } from "vitest";
import { fromRoot } from "../../src/expander/intrinsics.js";
import { type Placement, split } from "../../src/expander/template/split.js";
import type { Template } from "../../src/expander/types.js";

const stackResource = { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "S1.json" } };

function run(resources: Record<string, unknown>, stackOf: Record<string, string>, extra: Partial<Template> = {}, perStack: string[] = []) {
  const template: Template = { AWSTemplateFormatVersion: "2010-09-09", ...extra, Resources: resources };
  const stacks = [...new Set(Object.values(stackOf))].sort();
  const placement: Placement = { stackOf: new Map(Object.entries(stackOf)), stacks, perStack: new Set(perStack) };
  const { root, stacks: nested } = split(template, placement);
  return { root, nested: Object.fromEntries(nested.map(({ id, template }) => [id, template])) as Record<string, Template> };
}

describe("a nested stack's references to the root", () => {
  const { root, nested } = run(
    {
      Queue: { Type: "AWS::SQS::Queue", Properties: {} },
      Fn: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Environment: {
            Variables: {
              URL: { Ref: "Queue" },
              ARN: { "Fn::GetAtt": ["Queue", "Arn"] },
              NAME: { "Fn::Sub": "${Queue.QueueName}-${AWS::Region}" },
            },
          },
          Role: { "Fn::GetAtt": ["Role", "Arn"] },
        },
      },
      Role: { Type: "AWS::IAM::Role", Properties: {} },
      S1: stackResource,
    },
    { Fn: "S1", Role: "S1" },
  );

  it("become parameters: Ref keeps its name, GetAtt is named after both parts, Sub reads them", () => {
    const fn = nested.S1.Resources.Fn as any;
    expect(fn.Properties.Environment.Variables).toEqual({
      URL: { Ref: "Queue" },
      ARN: { Ref: "QueueArn" },
      NAME: { "Fn::Sub": "${QueueQueueName}-${AWS::Region}" },
    });
    expect(fn.Properties.Role).toEqual({ "Fn::GetAtt": ["Role", "Arn"] }); // in the same stack: untouched
    expect(nested.S1.Parameters).toEqual({ Queue: { Type: "String" }, QueueArn: { Type: "String" }, QueueQueueName: { Type: "String" } });
  });

  it("which the root passes, and the moved resources leave the root", () => {
    expect(Object.keys(root.Resources)).toEqual(["Queue", "S1"]);
    expect((root.Resources.S1 as any).Properties).toEqual({
      TemplateURL: "S1.json",
      Parameters: {
        Queue: { Ref: "Queue" },
        QueueArn: { "Fn::GetAtt": ["Queue", "Arn"] },
        QueueQueueName: { "Fn::GetAtt": ["Queue", "QueueName"] },
      },
    });
  });
});

describe("the root's references to moved resources", () => {
  const { root, nested } = run(
    {
      Fn: { Type: "AWS::Lambda::Function", Properties: {} },
      Alarm: {
        Type: "AWS::CloudWatch::Alarm",
        Properties: { Dimensions: [{ Value: { Ref: "Fn" } }], AlarmDescription: { "Fn::Sub": "errors of ${Fn} (${Fn.Arn})" } },
        DependsOn: ["Fn"],
      },
      S1: stackResource,
    },
    { Fn: "S1" },
    { Outputs: { FnArn: { Value: { "Fn::GetAtt": ["Fn", "Arn"] } } } },
  );

  it("read the nested stack's outputs, and a dependency on them is one on the stack", () => {
    const alarm = root.Resources.Alarm as any;
    expect(alarm.Properties.Dimensions).toEqual([{ Value: { "Fn::GetAtt": ["S1", "Outputs.Fn"] } }]);
    expect(alarm.Properties.AlarmDescription).toEqual({
      "Fn::Sub": [
        "errors of ${S1Fn} (${S1FnArn})",
        { S1Fn: { "Fn::GetAtt": ["S1", "Outputs.Fn"] }, S1FnArn: { "Fn::GetAtt": ["S1", "Outputs.FnArn"] } },
      ],
    });
    // Implied by the GetAtt now, so not repeated (cfn-lint W3005).
    expect(alarm.DependsOn).toBeUndefined();
    expect(root.Outputs).toEqual({ FnArn: { Value: { "Fn::GetAtt": ["S1", "Outputs.FnArn"] } } });
    expect(nested.S1.Outputs).toEqual({ Fn: { Value: { Ref: "Fn" } }, FnArn: { Value: { "Fn::GetAtt": ["Fn", "Arn"] } } });
  });
});

describe("references between nested stacks", () => {
  const { root, nested } = run(
    {
      A: { Type: "AWS::Lambda::Function", Properties: {} },
      B: { Type: "AWS::Lambda::Function", Properties: { Environment: { Variables: { A: { "Fn::GetAtt": ["A", "Arn"] } } } } },
      S1: stackResource,
      S2: { ...stackResource, Properties: { TemplateURL: "S2.json" } },
    },
    { A: "S1", B: "S2" },
  );

  it("go through an output of one and a parameter of the other, passed by the root", () => {
    expect(nested.S1.Outputs).toEqual({ AArn: { Value: { "Fn::GetAtt": ["A", "Arn"] } } });
    expect(nested.S2.Parameters).toEqual({ AArn: { Type: "String" } });
    expect((root.Resources.S2 as any).Properties.Parameters).toEqual({ AArn: { "Fn::GetAtt": ["S1", "Outputs.AArn"] } });
  });
});

describe("dependencies across the boundary", () => {
  const { root, nested } = run(
    {
      Permission: { Type: "AWS::Lambda::Permission", Properties: {} },
      Policy: { Type: "AWS::IAM::Role", Properties: {} },
      Filter: { Type: "AWS::Logs::SubscriptionFilter", Properties: {}, DependsOn: ["Permission", "Policy"] },
      S1: stackResource,
    },
    { Filter: "S1", Policy: "S1" },
  );

  it("keep local ones and make the nested stack wait for the others", () => {
    expect((nested.S1.Resources.Filter as any).DependsOn).toEqual(["Policy"]);
    expect((root.Resources.S1 as any).DependsOn).toEqual(["Permission"]);
  });
});

describe("values a nested stack takes from the root", () => {
  const { root, nested } = run(
    {
      Rule: {
        Type: "AWS::Events::Rule",
        Properties: { Name: { "Fn::Join": ["-", [fromRoot("RootUuid", { Ref: "AWS::StackId" }), "x"]] } },
      },
      Other: { Type: "AWS::Events::Rule", Properties: { Name: fromRoot("RootUuid", { Ref: "AWS::StackId" }) } },
      S1: stackResource,
    },
    { Rule: "S1" },
  );

  it("become one parameter each; in the root they are the value itself", () => {
    expect((nested.S1.Resources.Rule as any).Properties.Name).toEqual({ "Fn::Join": ["-", [{ Ref: "RootUuid" }, "x"]] });
    expect((root.Resources.S1 as any).Properties.Parameters).toEqual({ RootUuid: { Ref: "AWS::StackId" } });
    expect((root.Resources.Other as any).Properties.Name).toEqual({ Ref: "AWS::StackId" });
  });
});

describe("what travels with a moved resource", () => {
  const { nested, root } = run(
    {
      Fn: {
        Type: "AWS::Lambda::Function",
        Condition: "IsProd",
        Properties: {
          MemorySize: { "Fn::FindInMap": ["Sizes", "prod", "memory"] },
          Layers: { Ref: "LayerArns" },
          Environment: { Variables: { TOKEN: { Ref: "Token" } } },
        },
      },
      Permission: {
        Type: "AWS::Lambda::Permission",
        Properties: { SourceArn: { "Fn::Sub": "${AWS::StackName}" }, FunctionName: { Ref: "Notifier" } },
      },
      Notifier: { Type: "AWS::Lambda::Function", Properties: {} },
      Filter: { Type: "AWS::Logs::SubscriptionFilter", Properties: {}, DependsOn: ["Permission"] },
      S1: stackResource,
    },
    { Fn: "S1", Filter: "S1" },
    {
      Parameters: { Stage: { Type: "String" }, LayerArns: { Type: "CommaDelimitedList" }, Token: { Type: "String", NoEcho: true } },
      Mappings: { Sizes: { prod: { memory: 1024 } }, Unused: { a: { b: 1 } } },
      Conditions: {
        IsProd: { "Fn::And": [{ Condition: "IsStage" }, { "Fn::Equals": [{ Ref: "Stage" }, "prod"] }] },
        IsStage: { "Fn::Equals": ["a", "a"] },
      },
    },
    ["Permission"],
  );

  it("conditions (and those they name) and mappings it uses", () => {
    expect(Object.keys(nested.S1.Conditions as object)).toEqual(["IsProd", "IsStage"]);
    expect(nested.S1.Mappings).toEqual({ Sizes: { prod: { memory: 1024 } } });
    expect((nested.S1.Parameters as any).Stage).toEqual({ Type: "String" });
  });

  it("lists travel joined and are split again; NoEcho stays", () => {
    expect((nested.S1.Parameters as any).LayerArns).toEqual({ Type: "CommaDelimitedList" });
    expect((root.Resources.S1 as any).Properties.Parameters.LayerArns).toEqual({ "Fn::Join": [",", { Ref: "LayerArns" }] });
    expect((nested.S1.Parameters as any).Token).toEqual({ Type: "String", NoEcho: true });
  });

  it("a per-stack resource is copied into the nested stacks that refer to it, and kept in the root", () => {
    expect(Object.keys(nested.S1.Resources)).toEqual(["Permission", "Fn", "Filter"]);
    expect((nested.S1.Resources.Filter as any).DependsOn).toEqual(["Permission"]);
    expect((nested.S1.Resources.Permission as any).Properties).toEqual({
      SourceArn: { "Fn::Sub": "${AWS::StackName}" },
      FunctionName: { Ref: "Notifier" },
    });
    expect(Object.keys(root.Resources)).toContain("Permission");
  });
});
