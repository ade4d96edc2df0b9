/**
 * Apps beyond one stack (docs/scaling.md): the benchmark's app of 400 functions splits into a root and
 * nested stacks, each within CloudFormation's limits and self-contained; placement is stable; an app
 * that fits one stack is left alone.
 */
import { describe, expect, it } from "vitest";
import { paretoTemplate } from "../../bench/generate.js";
import { expand } from "../../src/expander/index.js";
import { FROM_ROOT, PSEUDO_PARAMETERS, stackUuid } from "../../src/expander/intrinsics.js";
import { functionIds } from "../../src/expander/names.js";
import { NESTED_STACKS, stackOfFunction } from "../../src/expander/passes/partition.js";
import { LIMITS } from "../../src/expander/template/assemble.js";
import { collectReferences } from "../../src/expander/template/references.js";
import type { Template } from "../../src/expander/types.js";

type Expanded = Extract<ReturnType<typeof expand>, { ok: true }>;

function expanded(input: unknown): Expanded {
  const result = expand(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result;
}

/** The benchmark's app with its functions renamed, added or removed. */
function app(n: number, edit: (functions: Record<string, unknown>) => void = () => {}) {
  const template = paretoTemplate(n) as { Resources: { App: { Properties: { functions: Record<string, unknown> } } } };
  edit(template.Resources.App.Properties.functions);
  return template;
}

const stacksById = (result: Expanded) => new Map(result.stacks.map(({ id, template }) => [id, template]));

/** Every reference in `template` names something it declares, or a pseudo parameter. */
function dangling(template: Template): string[] {
  const declared = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters ?? {})]);
  const found: string[] = [];
  for (const value of [template.Resources, template.Outputs ?? {}])
    for (const { target } of collectReferences(value)) if (!declared.has(target) && !PSEUDO_PARAMETERS.has(target)) found.push(target);
  for (const resource of Object.values(template.Resources) as Array<{ DependsOn?: string[] }>)
    for (const dependency of resource.DependsOn ?? []) if (!declared.has(dependency)) found.push(dependency);
  return found;
}

describe("an app that fits one stack", () => {
  it("stays one stack: the benchmark's app at 75 functions", () => {
    const result = expanded(app(75));
    expect(result.stacks).toEqual([]);
    const resources = Object.values(result.template.Resources) as Array<{ Type: string }>;
    expect(resources.length).toBeLessThanOrEqual(LIMITS.resources);
    expect(resources.some(({ Type }) => Type === "AWS::CloudFormation::Stack")).toBe(false);
  });
});

describe("the benchmark's app at 400 functions", () => {
  const result = expanded(app(400));
  const nested = stacksById(result);

  it("is a root and nested stacks, each within CloudFormation's limits", () => {
    expect(result.stacks.length).toBeGreaterThan(1);
    expect(result.stacks.length).toBeLessThanOrEqual(NESTED_STACKS);
    for (const template of [result.template, ...nested.values()]) {
      expect(Object.keys(template.Resources).length).toBeLessThanOrEqual(LIMITS.resources);
      expect(Object.keys(template.Parameters ?? {}).length).toBeLessThanOrEqual(LIMITS.parameters);
      expect(Object.keys(template.Outputs ?? {}).length).toBeLessThanOrEqual(LIMITS.outputs);
      expect(Buffer.byteLength(JSON.stringify(template))).toBeLessThanOrEqual(LIMITS.bytes);
    }
  });

  it("keeps shared and stateful resources in the root, and each function in the stack its name hashes to", () => {
    const rootTypes = new Set(Object.values(result.template.Resources).map((resource) => (resource as { Type: string }).Type));
    expect([...rootTypes].sort()).toEqual(
      expect.arrayContaining(["AWS::ApiGatewayV2::Api", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::CloudFormation::Stack"]),
    );
    for (let i = 0; i < 400; i++) {
      const ids = functionIds(`fn-${i}`);
      const holder = stackOfFunction(`fn-${i}`);
      for (const id of [ids.function, ids.role, ids.logGroup]) expect(Object.hasOwn(nested.get(holder)?.Resources ?? {}, id)).toBe(true);
      expect(Object.hasOwn(result.template.Resources, ids.function)).toBe(false);
    }
  });

  it("is self-contained: every reference resolves in its own template, every parameter is passed", () => {
    for (const template of [result.template, ...nested.values()]) expect(dangling(template)).toEqual([]);
    for (const [id, template] of nested) {
      const passed = (result.template.Resources[id] as { Properties: { Parameters?: object } }).Properties.Parameters ?? {};
      expect(Object.keys(passed).sort()).toEqual(Object.keys(template.Parameters ?? {}).sort());
    }
    expect(JSON.stringify(result)).not.toContain(FROM_ROOT);
  });

  it("names rules after the root stack, so that one prefix still covers them (the failure queue's policy)", () => {
    const [template] = nested.values();
    const rule = Object.values(template.Resources).find((resource) => (resource as { Type: string }).Type === "AWS::Events::Rule") as {
      Properties: { Name: { "Fn::Join": [string, unknown[]] } };
    };
    expect(rule.Properties.Name["Fn::Join"][1][0]).toEqual({ Ref: "RootStackUuid" });
  });
});

describe("alerts in a split app", () => {
  const template = app(400) as { Resources: { App: { Properties: Record<string, unknown> } } };
  template.Resources.App.Properties.alerts = { slack: { secret: "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-AbCdEf" } };
  const result = expanded(template);

  it("each nested stack lets CloudWatch Logs invoke the notifier for its own log groups, before its filters exist", () => {
    for (const { id, template: nested } of result.stacks) {
      const permission = nested.Resources.AppAlertsLogsPermission as { Properties: { SourceArn: unknown; FunctionName: unknown } };
      expect(permission.Properties.SourceArn, id).toEqual({
        "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}/*",
      });
      const filters = Object.values(nested.Resources).filter((r) => (r as { Type: string }).Type === "AWS::Logs::SubscriptionFilter");
      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters as Array<{ DependsOn?: string[] }>) expect(filter.DependsOn).toContain("AppAlertsLogsPermission");
      expect(dangling(nested)).toEqual([]);
    }
    expect(result.template.Resources.AppAlertsLogsPermission).toBeDefined();
  });
});

describe("placement is stable", () => {
  const before = expanded(app(400));
  const changedStacks = (after: Expanded) => {
    const old = stacksById(before);
    const now = stacksById(after);
    return [...new Set([...old.keys(), ...now.keys()])].filter((id) => JSON.stringify(old.get(id)) !== JSON.stringify(now.get(id))).sort();
  };
  /** The root's resources that changed, other than the stack resources listed. */
  const changedRoot = (after: Expanded) =>
    Object.keys({ ...before.template.Resources, ...after.template.Resources }).filter(
      (id) => JSON.stringify(before.template.Resources[id]) !== JSON.stringify(after.template.Resources[id]),
    );

  it("adding a function changes exactly the nested stack that holds it", () => {
    const after = expanded(
      app(400, (functions) => Object.assign(functions, { added: { handler: "index.handler", timer: { rate: "1 hour" } } })),
    );
    expect(changedStacks(after)).toEqual([stackOfFunction("added")]);
    expect(changedRoot(after).filter((id) => id !== stackOfFunction("added"))).toEqual([]);
  });

  it("removing one changes only its own", () => {
    const after = expanded(app(400, (functions) => delete functions["fn-7"]));
    expect(changedStacks(after)).toEqual([stackOfFunction("fn-7")]);
  });

  it("renaming one changes at most the stacks it leaves and joins", () => {
    const after = expanded(
      app(400, (functions) => {
        functions.renamed = functions["fn-8"];
        delete functions["fn-8"];
      }),
    );
    expect(changedStacks(after)).toEqual([...new Set([stackOfFunction("fn-8"), stackOfFunction("renamed")])].sort());
  });
});

describe("crossing the limit", () => {
  it("gives moved rules names other than they had in the root, so the move never collides", () => {
    const single = expanded(app(60));
    const names = (template: Template) =>
      Object.values(template.Resources)
        .filter((resource) => (resource as { Type: string }).Type === "AWS::Events::Rule")
        .map((resource) => JSON.stringify((resource as { Properties: { Name: unknown } }).Properties.Name));
    const split = expanded(app(400));
    const before = new Set(names(single.template));
    // Inside a nested stack the root's UUID arrives as a parameter: the same value as the root's own.
    const asInRoot = (name: string) => name.replace('{"Ref":"RootStackUuid"}', JSON.stringify(stackUuid));
    const after = split.stacks.flatMap(({ template }) => names(template).map(asInRoot));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((name) => name.includes(JSON.stringify(stackUuid)))).toBe(true);
    expect(after.filter((name) => before.has(name))).toEqual([]);
  });

  it("refuses an app whose root alone passes 500 resources, saying so", () => {
    // User pool groups are shared: they stay in the root however many functions move.
    const groups = Array.from({ length: 500 }, (_, i) => `g${i}`);
    const functions = { f: { handler: "index.handler" } };
    const result = expand({
      Resources: { App: { Type: "Pareto::App", Properties: { code: { bucket: "b", key: "k" }, userpool: { groups }, functions } } },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^Resources\.App: the root stack holds \d+ resources without the functions; CloudFormation's limit is 500$/),
    ]);
  });

  it("refuses an app one of whose nested stacks passes 500 resources, saying what to do", () => {
    // Names that all hash to the same nested stack.
    const names: string[] = [];
    for (let i = 0; names.length < 120; i++) if (stackOfFunction(`f${i}`) === stackOfFunction("f0")) names.push(`f${i}`);
    const functions = Object.fromEntries(names.map((name) => [name, { handler: "index.handler", timer: { rate: "1 hour" } }]));
    const result = expand({ Resources: { App: { Type: "Pareto::App", Properties: { code: { bucket: "b", key: "k" }, functions } } } });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Resources\\.App: nested stack ${stackOfFunction("f0")} would hold \\d+ resources; CloudFormation's limit is 500\\. .*split the app in two$`,
        ),
      ),
    ]);
  });
});
