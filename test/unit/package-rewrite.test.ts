import { describe, expect, it } from "vitest";
import { expand } from "../../src/expander/index.js";
import { planPackaging, type Plan } from "../../src/package/plan.js";
import { rewriteTemplate, type Location } from "../../src/package/rewrite.js";

const template = (properties: Record<string, unknown>) => ({
  AWSTemplateFormatVersion: "2010-09-09",
  Transform: "Pareto",
  Parameters: { Stage: { Type: "String" } },
  Resources: {
    App: { Type: "Pareto::App", Properties: properties },
    Topic: { Type: "AWS::SNS::Topic", Properties: { TopicName: { "Fn::Sub": "${Stage}-topic" } } },
  },
  Outputs: { TopicArn: { Value: { Ref: "Topic" } } },
});

function plan(input: unknown): Plan {
  const result = planPackaging(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.plan;
}

/** Each artifact at `keys/<its id>`, so a test can tell which one a function got. */
const locations = (p: Plan) => new Map<string, Location>(p.artifacts.map((a) => [a.id, { bucket: "art", key: `keys/${a.id}` }]));

function rewrite(input: unknown) {
  const p = plan(input);
  return rewriteTemplate(input, p, locations(p)) as ReturnType<typeof template>;
}

const props = (t: ReturnType<typeof template>) => t.Resources.App.Properties as Record<string, any>;

describe("rewriteTemplate", () => {
  it("replaces the app's path in place when its functions share one artifact; the rest is untouched", () => {
    const input = template({
      memory: 256,
      code: "./api",
      functions: {
        quote: { handler: "src/quote.handler", memory: 1024 },
        create: { handler: "src/orders.create" },
        receipt: { handler: "receipt.handler", runtime: "python3.13", code: "./receipt" },
      },
    });
    const before = structuredClone(input);
    const output = rewrite(input);
    expect(input).toEqual(before);
    expect(output).toEqual({
      ...before,
      Resources: {
        ...before.Resources,
        App: {
          Type: "Pareto::App",
          Properties: {
            memory: 256,
            code: { bucket: "art", key: "keys/api nodejs24.x" },
            functions: {
              quote: { handler: "src/quote.handler", memory: 1024 },
              create: { handler: "src/orders.create" },
              receipt: {
                handler: "receipt.handler",
                runtime: "python3.13",
                code: { bucket: "art", key: "keys/receipt python3.13 x86_64" },
              },
            },
          },
        },
      },
    });
    expect(Object.keys(props(output))).toEqual(["memory", "code", "functions"]);
  });

  it("gives each function its own location when the app's path builds into several artifacts", () => {
    const output = rewrite(
      template({
        code: "./api",
        functions: {
          a: { handler: "a.handler" },
          b: { handler: "b.handler", runtime: "nodejs22.x" },
          c: { handler: "c.handler", inline: "x" },
        },
      }),
    );
    expect(props(output).code).toBeUndefined();
    expect(props(output).functions).toEqual({
      a: { handler: "a.handler", code: { bucket: "art", key: "keys/api nodejs24.x" } },
      b: { handler: "b.handler", runtime: "nodejs22.x", code: { bucket: "art", key: "keys/api nodejs22.x" } },
      c: { handler: "c.handler", inline: "x" },
    });
  });

  it("never shares one location object between places (YAML would write aliases)", () => {
    const output = rewrite(
      template({ code: "./api", functions: { a: { handler: "a.handler" }, b: { handler: "b.handler", runtime: "nodejs22.x" } } }),
    );
    const { a, b } = props(output).functions;
    expect(a.code).not.toBe(b.code);
  });

  it("returns the template as it is when nothing is local", () => {
    const input = template({ code: { bucket: "b", key: "k" }, functions: { a: { handler: "a.handler" } } });
    expect(rewrite(input)).toBe(input);
  });

  it("gives a template the expander accepts", () => {
    const output = rewrite(
      template({
        code: "./api",
        functions: { a: { handler: "a.handler" }, r: { handler: "r.handler", runtime: "python3.13", code: "./r" } },
      }),
    );
    const expanded = expand(output);
    if (!expanded.ok) throw new Error(expanded.errors.join("\n"));
    expect((expanded.template.Resources.AFunction as { Properties: { Code: unknown } }).Properties.Code).toEqual({
      S3Bucket: "art",
      S3Key: "keys/api nodejs24.x",
    });
  });
});
