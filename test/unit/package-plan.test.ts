import { describe, expect, it } from "vitest";
import { normaliseSource, planPackaging, splitHandler, type Artifact } from "../../src/package/plan.js";

const APP = "Resources.App.Properties";
const template = (properties: Record<string, unknown>) => ({ Resources: { App: { Type: "Pareto::App", Properties: properties } } });

function artifacts(properties: Record<string, unknown>): Artifact[] {
  const result = planPackaging(template(properties));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.plan.artifacts;
}

function errors(properties: Record<string, unknown>): string[] {
  const result = planPackaging(template(properties));
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("normaliseSource", () => {
  it.each([
    ["./api/", "api"],
    ["api", "api"],
    [".", "."],
    ["./", "."],
    ["a/../b", "b"],
    ["a\\b", "a/b"],
    ["src//fn/.", "src/fn"],
  ])("%s -> %s", (input, expected) => expect(normaliseSource(input)).toBe(expected));

  it.each(["../x", "a/../../x", "..", "/abs/path", "C:\\code"])("%s leaves the template's folder", (input) =>
    expect(normaliseSource(input)).toBeUndefined(),
  );
});

describe("splitHandler (Lambda's own rules)", () => {
  it.each([
    ["src/orders.create", "node", { module: "src/orders", exportName: "create" }],
    ["index.handlers.create", "node", { module: "index", exportName: "handlers" }],
    ["v1.2/app.handler", "node", { module: "v1.2/app", exportName: "handler" }],
    ["receipt.handler", "python", { module: "receipt", exportName: "handler" }],
    ["pkg.mod.handler", "python", { module: "pkg/mod", exportName: "handler" }],
    ["src/app.handler", "python", { module: "src/app", exportName: "handler" }],
  ] as const)("%s (%s)", (handler, kind, expected) => expect(splitHandler(handler, kind)).toEqual(expected));

  it.each(["orders", "src/.create", ".create", "orders.", "../x.handler", "./x.handler", "/abs.handler", "a//b.handler"])(
    "rejects %s",
    (handler) => expect(splitHandler(handler, "node")).toBeUndefined(),
  );
});

describe("planPackaging", () => {
  it("groups Node functions by folder and runtime, Python ones by folder, runtime and architecture", () => {
    const plan = artifacts({
      code: "./api",
      functions: {
        quote: { handler: "src/quote.handler" },
        create: { handler: "src/orders.create" },
        list: { handler: "src/orders.list", code: "api/" },
        receipt: { handler: "receipt.handler", runtime: "python3.13", code: "./receipt" },
        "receipt-arm": { handler: "receipt.handler", runtime: "python3.13", architecture: "arm64", code: "./receipt" },
      },
    });
    expect(
      plan.map((a) => [a.id, a.family, a.source, a.codePath, a.functions.map((f) => [f.name, f.module, f.exportName, f.fromApp])]),
    ).toEqual([
      [
        "api nodejs24.x",
        "node",
        "api",
        `${APP}.code`,
        [
          ["quote", "src/quote", "handler", true],
          ["create", "src/orders", "create", true],
          ["list", "src/orders", "list", false],
        ],
      ],
      ["receipt python3.13 x86_64", "python", "receipt", `${APP}.functions.receipt.code`, [["receipt", "receipt", "handler", false]]],
      [
        "receipt python3.13 arm64",
        "python",
        "receipt",
        `${APP}.functions.receipt-arm.code`,
        [["receipt-arm", "receipt", "handler", false]],
      ],
    ]);
  });

  it("splits one folder across runtimes: the esbuild target differs", () => {
    const plan = artifacts({
      code: "./api",
      functions: { a: { handler: "a.handler" }, b: { handler: "b.handler", runtime: "nodejs22.x" } },
    });
    expect(plan.map((a) => a.id)).toEqual(["api nodejs24.x", "api nodejs22.x"]);
  });

  it("leaves inline code and S3 locations alone", () => {
    expect(
      artifacts({
        code: { bucket: "b", key: "k" },
        functions: { s3: { handler: "a.handler" }, inline: { handler: "index.handler", inline: "exports.handler = async () => 1" } },
      }),
    ).toEqual([]);
    expect(artifacts({ code: "./api", functions: { inline: { handler: "index.handler", inline: "x" } } })).toEqual([]);
  });

  it("has nothing to do without a Pareto::App", () => {
    expect(planPackaging({ Resources: { Topic: { Type: "AWS::SNS::Topic" } } })).toEqual({ ok: true, plan: { appId: "", artifacts: [] } });
  });

  it("reports every problem, a shared bad app path once", () => {
    expect(
      errors({
        code: "../outside",
        functions: {
          a: { handler: "a.handler" },
          b: { handler: "b.handler" },
          java: { handler: "example.Handler::handleRequest", runtime: "java21", code: "./java" },
          bad: { handler: "nodot", code: "./api" },
        },
      }),
    ).toEqual([
      `${APP}.code: '../outside' is outside the template's folder; local code must be inside it`,
      `${APP}.functions.java: \`pareto package\` builds Node.js and Python code; runtime 'java21' has no builder (build it yourself and give code as {bucket, key})`,
      `${APP}.functions.bad.handler: 'nodot' must be <module>.<export>, e.g. src/orders.create`,
    ]);
  });

  it("returns the DSL's schema errors first: nothing is planned from an invalid app", () => {
    expect(errors({ code: "./api", functions: { a: { handlr: "a.handler" } } }).join("\n")).toMatch(/functions\.a/);
  });
});
