/**
 * The app bus (docs/dsl.md, "Bus"): rules on it have ARNs `rule/<bus name>/<rule name>`, which the rules'
 * permissions and the failure queue's policy must cover as tightly as the default bus's; nested stacks
 * reach the bus through a parameter.
 */
import { describe, expect, it } from "vitest";
import { paretoTemplate } from "../../bench/generate.js";
import { expand } from "../../src/expander/index.js";
import { PSEUDO_PARAMETERS } from "../../src/expander/intrinsics.js";
import { collectReferences } from "../../src/expander/template/references.js";
import type { Template } from "../../src/expander/types.js";

type Expanded = Extract<ReturnType<typeof expand>, { ok: true }>;

function expanded(input: unknown): Expanded {
  const result = expand(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result;
}

/** The benchmark's app (queue events and timers) with an app bus. */
function withBus(n: number) {
  const template = paretoTemplate(n, { api: false }) as { Resources: { App: { Properties: Record<string, unknown> } } };
  template.Resources.App.Properties.bus = { archive: 7 };
  return template;
}

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (template: Template) => Object.entries(template.Resources) as Array<[string, Resource]>;

/**
 * What an `Fn::Sub` pattern resolves to, with the values a test gives its variables and pseudo parameters,
 * as a regular expression over ARNs (IAM's ArnLike: `*` matches any characters, `/` included).
 */
function arnLike(pattern: any, values: Record<string, string>): RegExp {
  const [text, variables] = pattern["Fn::Sub"] as [string, Record<string, unknown>];
  const resolved = text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (Object.hasOwn(values, name)) return values[name];
    const variable = variables[name] as { Ref?: string } | undefined;
    if (variable?.Ref && Object.hasOwn(values, variable.Ref)) return values[variable.Ref];
    return `<${name}>`;
  });
  return new RegExp(
    `^${resolved
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

const VALUES = { "AWS::Partition": "aws", "AWS::Region": "eu-west-1", "AWS::AccountId": "123456789012", AppEventBus: "shop-app" };
const ruleArn = (bus: string | undefined, name: string) =>
  `arn:aws:events:eu-west-1:123456789012:rule/${bus === undefined ? "" : `${bus}/`}${name}`;

describe("an app with a bus, in one stack", () => {
  const result = expanded(withBus(4));
  const all = new Map(resources(result.template));
  const fn = "Fn1";

  it("puts bridged events' rules on the app bus and timers on the default bus", () => {
    expect(all.get(`${fn}JobRule`)?.Properties.EventBusName).toEqual({ Ref: "AppEventBus" });
    expect(all.get(`${fn}TimerRule`)?.Properties.EventBusName).toBeUndefined();
  });

  it("gives a function with rules on both buses one permission for each, covering only its rules there", () => {
    const sourceArn = (id: string) => (all.get(id) as Resource).Properties.SourceArn;
    const onDefault = arnLike(sourceArn(`${fn}RulesPermission`), VALUES);
    const onBus = arnLike(sourceArn(`${fn}AppBusRulesPermission`), VALUES);
    const prefix = (sourceArn(`${fn}RulesPermission`)["Fn::Sub"][0] as string).match(/-([0-9a-f]{10})-\*$/)?.[1];
    const name = `<StackUuid>-${prefix}-0123456789`;
    expect(onDefault.test(ruleArn(undefined, name))).toBe(true);
    expect(onDefault.test(ruleArn("shop-app", name))).toBe(false);
    expect(onBus.test(ruleArn("shop-app", name))).toBe(true);
    expect(onBus.test(ruleArn(undefined, name))).toBe(false);
    expect(onBus.test(ruleArn("other-bus", name))).toBe(false);
    expect(onBus.test(ruleArn("shop-app", `<StackUuid>-ffffffffff-0123456789`))).toBe(false);
  });

  it("lets EventBridge dead-letter from this stack's rules on either bus, and no other", () => {
    const condition = all.get("AppFailureQueuePolicy")?.Properties.PolicyDocument.Statement[0].Condition.ArnLike["aws:SourceArn"];
    expect(condition).toHaveLength(2);
    const patterns = (condition as unknown[]).map((pattern) => arnLike(pattern, VALUES));
    const allowed = (arn: string) => patterns.some((pattern) => pattern.test(arn));
    expect(allowed(ruleArn(undefined, "<StackUuid>-0123456789-0123456789"))).toBe(true);
    expect(allowed(ruleArn("shop-app", "<StackUuid>-0123456789-0123456789"))).toBe(true);
    expect(allowed(ruleArn("other-bus", "<StackUuid>-0123456789-0123456789"))).toBe(false);
    expect(allowed(ruleArn("shop-app", "another-stack-0123456789-0123456789"))).toBe(false);
  });

  it("scopes the functions' own PutEvents to the app bus alone", () => {
    const app = expanded({
      Resources: {
        App: {
          Type: "Pareto::App",
          Properties: {
            code: { bucket: "b", key: "k" },
            bus: {},
            functions: { f: { handler: "index.handler", permissions: ["events:PutEvents"] } },
          },
        },
      },
    });
    const statements = (app.template.Resources.FRole as Resource).Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.find((s: { Action: unknown }) => JSON.stringify(s.Action).includes("events:PutEvents")).Resource).toEqual([
      { "Fn::GetAtt": ["AppEventBus", "Arn"] },
    ]);
  });
});

describe("an app with a bus, split into nested stacks", () => {
  const result = expanded(withBus(400));

  it("keeps the bus and its archive in the root", () => {
    const types = resources(result.template).map(([, resource]) => resource.Type);
    expect(types).toContain("AWS::Events::EventBus");
    expect(types).toContain("AWS::Events::Archive");
    expect(result.stacks.length).toBeGreaterThan(1);
  });

  it("passes the bus's name to every nested stack whose rules are on it, and nothing dangles", () => {
    for (const { id, template } of result.stacks) {
      const onBus = resources(template).filter(([, r]) => r.Type === "AWS::Events::Rule" && r.Properties.EventBusName !== undefined);
      expect(onBus.length).toBeGreaterThan(0);
      for (const [, rule] of onBus) expect(rule.Properties.EventBusName).toEqual({ Ref: "AppEventBus" });
      expect(template.Parameters?.AppEventBus).toEqual({ Type: "String" });
      expect((result.template.Resources[id] as Resource).Properties.Parameters.AppEventBus).toEqual({ Ref: "AppEventBus" });
      const permissions = resources(template).filter(([name]) => name.endsWith("AppBusRulesPermission"));
      expect(permissions.length).toBeGreaterThan(0);
      for (const [, permission] of permissions)
        expect(permission.Properties.SourceArn["Fn::Sub"][1].BusName).toEqual({ Ref: "AppEventBus" });
      const declared = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters ?? {})]);
      const dangling = collectReferences(template.Resources).filter(
        ({ target }) => !declared.has(target) && !PSEUDO_PARAMETERS.has(target),
      );
      expect(dangling).toEqual([]);
    }
  });
});
