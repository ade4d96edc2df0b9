/**
 * Rule names, the one permission per function that covers its rules, and the failure queue's policy:
 * resolved as CloudFormation would for a stack with a long name, every rule's ARN must match the
 * patterns that let it invoke its function and dead-letter to the failure queue, and no other's.
 */
import { describe, expect, it } from "vitest";
import { expand } from "../../src/expander/index.js";

const STACK_NAME = "s".repeat(128);
const UUID = "0123abcd-4567-89ef-0123-456789abcdef";
const PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::Region": "eu-west-1",
  "AWS::AccountId": "123456789012",
  "AWS::StackName": STACK_NAME,
  "AWS::StackId": `arn:aws:cloudformation:eu-west-1:123456789012:stack/${STACK_NAME}/${UUID}`,
};

/** Resolves the intrinsics rule names and ARN patterns use. */
function resolve(value: any): string {
  if (typeof value === "string") return value;
  if (value.Ref) return PSEUDO[value.Ref];
  if (value["Fn::Join"]) return value["Fn::Join"][1].map(resolve).join(value["Fn::Join"][0]);
  if (value["Fn::Select"]) {
    const [index, list] = value["Fn::Select"];
    const [separator, text] = list["Fn::Split"];
    return resolve(text).split(separator)[index];
  }
  if (value["Fn::Sub"]) {
    const [text, locals] = value["Fn::Sub"];
    return text.replace(/\$\{([^}]+)\}/g, (_: string, name: string) => (locals?.[name] ? resolve(locals[name]) : PSEUDO[name]));
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

const ruleArn = (name: string) => `arn:aws:events:eu-west-1:123456789012:rule/${name}`;
const matches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(arn);

function expandApp(functions: Record<string, unknown>) {
  const result = expand({ Resources: { App: { Type: "Pareto::App", Properties: { bucket: {}, functions } } } });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.template.Resources as Record<string, any>;
}

const events = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: `e${i}`, source: "bucket", pattern: { "detail-type": ["Object Created"] } }));

describe("rules, their permissions and the failure queue", () => {
  const resources = expandApp({
    "a-function-with-a-rather-long-name-for-its-rules": { handler: "index.handler", events: events(60) },
    other: { handler: "index.handler", timer: { rate: "1 hour" } },
    ticking: { handler: "index.handler", timer: { rate: "10 seconds" } },
  });
  const rules = Object.entries(resources).filter(([, r]) => r.Type === "AWS::Events::Rule");
  const permissions = Object.entries(resources).filter(([, r]) => r.Type === "AWS::Lambda::Permission");

  it("names every rule explicitly, within EventBridge's 64 characters, uniquely", () => {
    expect(rules).toHaveLength(62);
    const names = rules.map(([, r]) => resolve(r.Properties.Name));
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^[.\-_A-Za-z0-9]+$/);
      expect(name.startsWith(`${UUID}-`)).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives each function one permission that matches its own rules and no other's", () => {
    expect(permissions.map(([id]) => id).sort()).toEqual([
      "AFunctionWithARatherLongNameForItsRulesRulesPermission",
      "OtherRulesPermission",
      "TickingTickerRulesPermission",
    ]);
    for (const [, permission] of permissions) {
      const functionId = permission.Properties.FunctionName["Fn::GetAtt"][0];
      const pattern = resolve(permission.Properties.SourceArn);
      expect(permission.Properties.SourceAccount).toEqual({ Ref: "AWS::AccountId" });
      for (const [, rule] of rules) {
        const invokes = rule.Properties.Targets[0].Arn["Fn::GetAtt"][0] === functionId;
        expect(matches(pattern, ruleArn(resolve(rule.Properties.Name)))).toBe(invokes);
      }
    }
  });

  it("lets the failure queue take dead letters from every rule of the stack, whatever its name's length", () => {
    const condition = resources.AppFailureQueuePolicy.Properties.PolicyDocument.Statement[0].Condition;
    const pattern = resolve(condition.ArnLike["aws:SourceArn"]);
    for (const [, rule] of rules) expect(matches(pattern, ruleArn(resolve(rule.Properties.Name)))).toBe(true);
    expect(matches(pattern, ruleArn(`${STACK_NAME.slice(0, 40)}-SomeRule-ABC`))).toBe(false);
  });

  it("keeps a function's rule names when other functions or events are added", () => {
    const names = (r: Record<string, any>) => resolve(r.OtherTimerRule.Properties.Name);
    const more = expandApp({
      other: { handler: "index.handler", timer: { rate: "1 hour" } },
      added: { handler: "index.handler", events: events(2) },
    });
    expect(names(more)).toBe(names(resources));
  });
});
