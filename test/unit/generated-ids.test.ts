/**
 * The logical-ID registry (src/expander/names.ts) is the one source of docs/generated-ids.md, of the
 * "could Pareto generate this?" check on references, and of the rule that every generated ID is
 * documented. `UPDATE_DOCS=generated-ids npx vitest run test/unit/generated-ids.test.ts` rewrites the doc.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { expand } from "../../src/expander/index.js";
import { APP_IDS, FUNCTION_IDS, generatedIdTest, type RegisteredIds } from "../../src/expander/names.js";

const DOC = join(import.meta.dirname, "..", "..", "docs", "generated-ids.md");
const FIXTURES = join(import.meta.dirname, "..", "fixtures");

const table = (entries: RegisteredIds[]) =>
  [
    "| ID | what | when |",
    "|---|---|---|",
    ...entries.map((e) => `| ${e.ids.map((id) => `\`${id}\``).join(", ")} | ${e.what} | ${e.when} |`),
  ].join("\n");

function renderDoc(): string {
  return `# Generated logical IDs

<!-- Rendered from the registry in src/expander/names.ts by test/unit/generated-ids.test.ts: edit the registry, then run
     UPDATE_DOCS=generated-ids npx vitest run test/unit/generated-ids.test.ts -->

Every ID is \`hungarorise(<namespace>-<type>)\`: split on \`-\` and \`_\`, capitalise each token (the rest
lower-cased, like Python's \`str.capitalize\`), join. IDs are stable: renaming or adding one function or
event never changes another resource's ID. No hashes. Never change an ID once released: CloudFormation
replaces a resource whose logical ID changes, and stateful resources lose their data.

DSL values may refer to these IDs (\`!Ref AppTable\`, \`!GetAtt AppOrdersQueue.Arn\`); Pareto never turns
such a reference into an inferred parameter. Referring to one the app could generate but does not is an
error: any app-level ID below, and any per-function ID whose \`<F>\` is one of the app's functions.

## App-level

${table(APP_IDS)}

\`<Q>\` is \`hungarorise(q)\`: queue \`to-do\` gives \`AppToDoQueue\`; \`<B>\`, \`<T>\` and \`<G>\` likewise for buckets, tables and groups
(table \`order-lines\` gives \`AppOrderLinesTable\`).

\`<Topic>\` is a topic's name the same way, and \`<I>\` a subscription's place in \`topics.<topic>.subscriptions\` (from 0): a
subscription has no name of its own, its endpoint may be an intrinsic, and an ID holds no hash, so its position names it.
Add subscriptions at the end of the list. SNS keeps one subscription per topic, protocol and endpoint, so an endpoint
that moves to another position is not re-created: CloudFormation's new resource gets the existing subscription, and
deleting the old ID at cleanup then unsubscribes it. To remove a subscription that is not the last, deploy once
without it and every one after it, then again with those after it added back.

## Per function \`<f>\` (namespace \`<f>\`, \`<F>\` = hungarorise(f))

${table(FUNCTION_IDS)}

Layers named in \`layers\` become parameters \`<H(name)>LayerArn\`. Outputs share the ID of the resource
they describe (\`AppBucket\`, \`AppTable\`, \`App<Q>Queue\`, \`AppFailureQueue\`, \`AppApi\` (its URL),
\`AppUserPool\`, \`AppUserPoolClient\`, \`AppIdentityPool\`, \`AppUserPoolDomain\`, \`AppWebsiteBucket\`,
\`AppWebsiteDistribution\`, \`AppBuilderProject\`, \`App<Topic>Topic\` (its ARN), \`<F>Url\` (the function's URL)), plus \`AppWebsiteUrl\`.

## Clashes

Generated resources and parameters share CloudFormation's one namespace with your own resources and
parameters; a clash is an error naming both origins. Generated outputs may not clash with your outputs,
but an output may share a resource's name (as \`HelloFunction\` output for \`HelloFunction\`).
`;
}

describe("the logical-ID registry", () => {
  it("renders docs/generated-ids.md", () => {
    if (process.env.UPDATE_DOCS === "generated-ids") writeFileSync(DOC, renderDoc());
    expect(readFileSync(DOC, "utf8")).toBe(renderDoc());
  });

  it("holds every logical ID any fixture generates", () => {
    const unregistered: string[] = [];
    for (const name of readdirSync(FIXTURES).sort()) {
      const path = join(FIXTURES, name, "template.yaml");
      if (!existsSync(path) || name.startsWith("error-")) continue;
      const input = parseTemplate(readFileSync(path, "utf8"), path) as { Resources?: Record<string, any> };
      const result = expand(input);
      if (!result.ok) continue;
      const userIds = new Set(Object.keys(input.Resources ?? {}));
      const app = Object.values(input.Resources ?? {}).find((resource) => resource?.Type === "Pareto::App");
      const functionNames = Object.keys(app?.Properties?.functions ?? {});
      for (const id of Object.keys(result.template.Resources))
        if (!userIds.has(id) && !generatedIdTest(functionNames)(id)) unregistered.push(`${name}: ${id}`);
    }
    expect(unregistered).toEqual([]);
  });

  it("knows which references name an ID the app could generate", () => {
    expect(generatedIdTest([])("AppAlertsTopic")).toBe(true);
    expect(generatedIdTest([])("AppWebsiteRecordSet")).toBe(true);
    expect(generatedIdTest([])("AppOrdersQueue")).toBe(true);
    expect(generatedIdTest(["resize"])("ResizeFunction")).toBe(true);
    expect(generatedIdTest(["resize"])("ResizeUploadedRule")).toBe(true);
    expect(generatedIdTest(["other"])("ResizeFunction")).toBe(false);
    expect(generatedIdTest(["resize"])("ArtifactsBucket")).toBe(false);
  });

  it("makes a reference to an ID the app does not generate an error, not a parameter", () => {
    const result = expand({
      Resources: {
        App: {
          Type: "Pareto::App",
          Properties: { functions: { hello: { handler: "index.handler", environment: { TOPIC: { Ref: "AppAlertsTopic" } } } } },
        },
      },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      "Resources.App.Properties.functions.hello: refers to 'AppAlertsTopic', which this app does not generate (declare what creates it in the DSL)",
    ]);
  });
});
