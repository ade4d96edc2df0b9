/**
 * DSL string permissions (docs/security.md, `Resource: "*"` in generated policies): scoped to the app's
 * resources of their service, except actions that support no resource-level permissions, which stay on
 * `Resource: "*"` with a warning (src/expander/aws/unscoped-actions.ts).
 */
import { describe, expect, it } from "vitest";
import type { ParetoApp } from "../../src/generated/dsl.js";
import { supportsOnlyAllResources, UNSCOPED_ONLY_ACTIONS } from "../../src/expander/aws/unscoped-actions.js";
import { reachedBy, scopePermissions } from "../../src/expander/constructs/permissions.js";
import { createContext } from "../../src/expander/context.js";
import { SOURCE_KINDS, SOURCES } from "../../src/expander/sources/index.js";

const PATH = "Resources.App.Properties.functions.f.permissions";
const BUCKET = [{ "Fn::GetAtt": ["AppBucket", "Arn"] }, { "Fn::Sub": "${AppBucket.Arn}/*" }];

const scope = (app: Omit<ParetoApp, "functions">, permissions: string[]) =>
  scopePermissions(createContext({ ...app, functions: {} } as ParetoApp, "Resources.App.Properties"), permissions, PATH);

const noResourceLevel = (i: number, action: string) =>
  `${PATH}[${i}]: '${action}' applies to all resources (Resource "*"): it supports no resource-level permissions`;

describe("actions that support no resource-level permissions", () => {
  it("stay on Resource '*' in their own statement, with a warning, beside the scoped ones", () => {
    const result = scope({ bucket: {} }, ["s3:GetObject", "s3:ListAllMyBuckets"]);
    expect(result.statements).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: BUCKET },
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
    ]);
    expect(result.warnings).toEqual([noResourceLevel(1, "s3:ListAllMyBuckets")]);
    expect(result.errors).toEqual([]);
  });

  it.each([
    ["dynamodb:ListTables", { table: {} }],
    ["dynamodb:DescribeLimits", { table: {} }],
    ["sqs:ListQueues", { queues: { jobs: {} } }],
    ["cognito-idp:ListUserPools", { userpool: {} }],
  ])("%s is not scoped to the app's resource", (action, app) => {
    const result = scope(app as Omit<ParetoApp, "functions">, [action]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: [action], Resource: "*" }]);
    expect(result.warnings).toEqual([noResourceLevel(0, action)]);
  });

  it("are recognised whatever the case of the action name, as IAM ignores it", () => {
    const result = scope({ bucket: {} }, ["s3:listallmybuckets", "sqs:LISTQUEUES"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["s3:listallmybuckets", "sqs:LISTQUEUES"], Resource: "*" }]);
    expect(result.warnings).toEqual([noResourceLevel(0, "s3:listallmybuckets"), noResourceLevel(1, "sqs:LISTQUEUES")]);
  });

  it("share the Resource '*' statement with actions that have nothing to scope to, each with its own reason", () => {
    const result = scope({ bucket: {} }, ["ec2:DescribeRegions", "s3:ListAllMyBuckets"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["ec2:DescribeRegions", "s3:ListAllMyBuckets"], Resource: "*" }]);
    expect(result.warnings).toEqual([
      `${PATH}[0]: 'ec2:DescribeRegions' applies to all resources (Resource "*"): the app has no ec2 resource to scope it to`,
      noResourceLevel(1, "s3:ListAllMyBuckets"),
    ]);
  });

  it("give the no-resource-level reason even when the app has no resource of the service", () => {
    const result = scope({}, ["s3:ListAllMyBuckets"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" }]);
    expect(result.warnings).toEqual([noResourceLevel(0, "s3:ListAllMyBuckets")]);
  });

  it("reach no app resource (the diagram draws no edge for them)", () => {
    const ctx = createContext({ bucket: {}, functions: {} }, "Resources.App.Properties");
    expect(reachedBy(ctx, "s3:ListAllMyBuckets")).toEqual([]);
    expect(reachedBy(ctx, "s3:GetObject")).toEqual([{ kind: "bucket", argument: "" }]);
  });
});

describe("wildcard actions stay scoped to the app's resources", () => {
  it("`s3:List*` is scoped to the bucket, although it also matches ListAllMyBuckets", () => {
    const result = scope({ bucket: {} }, ["s3:List*"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["s3:List*"], Resource: BUCKET }]);
    expect(result.warnings).toEqual([]);
  });

  it("`s3:*` absorbs the scoped s3 actions but not one it cannot grant", () => {
    const result = scope({ bucket: {} }, ["s3:*", "s3:GetObject", "s3:ListAllMyBuckets"]);
    expect(result.statements).toEqual([
      { Effect: "Allow", Action: ["s3:*"], Resource: BUCKET },
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
    ]);
    expect(result.warnings).toEqual([noResourceLevel(2, "s3:ListAllMyBuckets")]);
  });

  it("`s3:*` on Resource '*' (no bucket) absorbs them all", () => {
    const result = scope({}, ["s3:*", "s3:ListAllMyBuckets"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }]);
  });
});

describe("scoped actions are unchanged", () => {
  it("an action with a resource type is scoped to the app's resource", () => {
    const result = scope({ table: {} }, ["dynamodb:GetItem", "dynamodb:Query"]);
    expect(result.statements).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:Query"],
        Resource: [{ "Fn::GetAtt": ["AppTable", "Arn"] }, { "Fn::Sub": "${AppTable.Arn}/index/*" }],
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("an exact `service:Action` row (events:PutEvents) still reaches its resource", () => {
    const result = scope({}, ["events:PutEvents"]);
    expect(result.statements).toHaveLength(1);
    expect(result.statements[0].Resource).not.toBe("*");
    expect(result.warnings).toEqual([]);
  });

  it("names of Object.prototype are not taken for listed actions", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(supportsOnlyAllResources(`s3:${name}`)).toBe(false);
    const result = scope({ bucket: {} }, ["s3:constructor", "s3:toString"]);
    expect(result.statements).toEqual([{ Effect: "Allow", Action: ["s3:constructor", "s3:toString"], Resource: BUCKET }]);
  });
});

describe("the list of actions", () => {
  it("has an entry for every service a source scopes by service (add one when a source reaches a new service)", () => {
    const services = SOURCE_KINDS.map((kind) => SOURCES[kind].reach?.actions).filter(
      (actions): actions is string => actions !== undefined && !actions.includes(":"),
    );
    expect(services.length).toBeGreaterThan(0);
    expect(services.filter((service) => !UNSCOPED_ONLY_ACTIONS.has(service))).toEqual([]);
  });

  it("does not hold an action a source reaches by name", () => {
    const exact = SOURCE_KINDS.map((kind) => SOURCES[kind].reach?.actions).filter((a): a is string => a?.includes(":") ?? false);
    expect(exact.filter(supportsOnlyAllResources)).toEqual([]);
  });

  it("holds IAM action names: PascalCase, no pattern, no duplicate", () => {
    for (const [service, names] of UNSCOPED_ONLY_ACTIONS) {
      expect(service).toMatch(/^[a-z0-9-]+$/);
      for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    }
  });

  it("matches no pattern, even one that names a listed action", () => {
    expect(supportsOnlyAllResources("s3:ListAllMyBuckets")).toBe(true);
    expect(supportsOnlyAllResources("s3:ListAllMyBucket?")).toBe(false);
    expect(supportsOnlyAllResources("s3:List*")).toBe(false);
    expect(supportsOnlyAllResources("s3:*")).toBe(false);
    expect(supportsOnlyAllResources("sqs:ListAllMyBuckets")).toBe(false);
  });
});
