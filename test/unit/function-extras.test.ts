/**
 * Function URLs, secrets and VPC (docs/dsl.md): what the goldens cannot show (warnings, the diagram, the sample
 * event, `pareto invoke`'s variables), and the rules that keep them to the functions the user named.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { expand } from "../../src/expander/index.js";
import { appGraph } from "../../src/graph/mermaid.js";
import { loadApp } from "../../src/local/app.js";
import { sample } from "../../src/local/sample.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const fixture = (name: string) => {
  const file = join(FIXTURES, name, "template.yaml");
  return parseTemplate(readFileSync(file, "utf8"), file);
};
const app = (properties: Record<string, unknown>) => ({ Resources: { App: { Type: "Pareto::App", Properties: properties } } });
type Resources = Record<string, { Type: string; Properties: Record<string, any>; Metadata?: any }>;
const resourcesOf = (result: ReturnType<typeof expand>): Resources => {
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.template.Resources as Resources;
};

describe("function URLs", () => {
  it("warns that auth: none is public, and only then", () => {
    const open = expand(fixture("function-url-public-cors-stream"));
    expect(open.warnings.filter((w) => w.includes("url.auth"))).toEqual([
      expect.stringMatching(/^Resources\.App\.Properties\.functions\.chat\.url\.auth: 'none' makes the URL public/),
    ]);
    expect(expand(fixture("function-url-iam")).warnings.filter((w) => w.includes("url"))).toEqual([]);
  });

  it("makes the function synchronous: no asynchronous invocation config", () => {
    const resources = resourcesOf(expand(app({ functions: { f: { handler: "index.handler", url: {} } } })));
    expect(Object.keys(resources).filter((id) => id.startsWith("F"))).toEqual(["FRole", "FLogGroup", "FFunction", "FUrl"]);
  });

  it("suppresses CKV_AWS_258 only on a public URL", () => {
    const open = resourcesOf(expand(fixture("function-url-public-cors-stream")));
    expect(open.ChatUrl.Metadata.checkov.skip.map((s: { id: string }) => s.id)).toEqual(["CKV_AWS_258"]);
    expect(resourcesOf(expand(fixture("function-url-iam"))).ReportUrl.Metadata).toBeUndefined();
  });

  it("is a node of the diagram", () => {
    const graph = appGraph(fixture("function-url-public-cors-stream"));
    expect(graph.ok && graph.mermaid).toContain('url_chat(["URL chat"])');
    expect(graph.ok && graph.mermaid).toContain('url_chat -->|"public"| fn_chat');
  });

  it("has a sample event of payload format 2.0, anonymous when public, signed with auth: iam", () => {
    for (const [name, fn, signed] of [
      ["function-url-public-cors-stream", "chat", false],
      ["function-url-iam", "report", true],
    ] as const) {
      const loaded = loadApp(fixture(name));
      if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
      const local = loaded.app.functions.find((f) => f.name === fn)!;
      const trigger = local.triggers.find((t) => t.kind === "url")!;
      const result = sample(loaded.app, local, trigger);
      if (!result.ok) throw new Error(result.error);
      const context = result.event.requestContext as Record<string, unknown>;
      expect(result.event).toMatchObject({ version: "2.0", routeKey: "$default", rawPath: "/" });
      expect(context.accountId).toBe(signed ? "123456789012" : "anonymous");
      expect(context.authorizer !== undefined).toBe(signed);
      expect(String(context.domainName)).toMatch(/^[a-z0-9]{32}\.lambda-url\.[a-z0-9-]+\.on\.aws$/);
    }
  });
});

describe("secrets", () => {
  it("are variables of the functions that list them, as pareto invoke reads them", () => {
    const resources = resourcesOf(expand(fixture("secrets-ssm-kms")));
    expect(Object.keys(resources.WorkerFunction.Properties.Environment.Variables)).toEqual([
      "SECRET_DB_PASSWORD",
      "SECRET_FEATURE_FLAGS",
      "SECRET_WEBHOOK",
      "SECRET_SIGNING",
    ]);
  });

  it("grant nothing to a function that lists none", () => {
    const resources = resourcesOf(expand(fixture("secrets-secretsmanager")));
    expect(JSON.stringify(resources.PlainRole)).not.toMatch(/secretsmanager|kms/);
    expect(resources.PlainFunction.Properties.Environment).toBeUndefined();
  });

  it("are read-only nodes of the diagram", () => {
    const graph = appGraph(fixture("secrets-secretsmanager"));
    expect(graph.ok && graph.mermaid).toContain('fn_refund -.->|"reads"| secret_stripe');
  });

  it("lose to the user's own variable of the same name", () => {
    const resources = resourcesOf(
      expand(
        app({
          secrets: { s: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbC123" },
          functions: { f: { handler: "index.handler", secrets: ["s"], environment: { SECRET_S: "mine" } } },
        }),
      ),
    );
    expect(resources.FFunction.Properties.Environment.Variables.SECRET_S).toBe("mine");
  });
});

describe("vpc", () => {
  it("applies to user functions only: the functions Pareto adds stay outside", () => {
    const resources = resourcesOf(expand(fixture("vpc-app-default")));
    const inVpc = Object.entries(resources)
      .filter(([, r]) => r.Type === "AWS::Lambda::Function" && r.Properties.VpcConfig !== undefined)
      .map(([id]) => id);
    expect(inVpc).toEqual(["ReaderFunction", "OwnFunction"]);
    expect(JSON.stringify(resources.AppJobsBridgeRole)).not.toContain("ec2:");
  });

  it("keeps the CKV_AWS_117 suppression on functions outside a VPC only", () => {
    const resources = resourcesOf(expand(fixture("vpc-override-none")));
    const skips = (id: string) => resources[id].Metadata.checkov.skip.map((s: { id: string }) => s.id);
    expect(skips("InsideFunction")).not.toContain("CKV_AWS_117");
    expect(skips("OutsideFunction")).toContain("CKV_AWS_117");
    expect(JSON.stringify(resources.OutsideRole)).not.toContain("ec2:");
  });
});
