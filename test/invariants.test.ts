/**
 * Invariants over every expanded output: each success fixture (test/fixtures/<case>, not error-*) and each
 * example (examples/<name>/template.yaml and examples/patterns/<name>/template.yaml; those with local `code`
 * go through the `--package-dry-run` rewrite first, as `pareto expand --package-dry-run` does: sources are
 * checked on disk, nothing is built).
 * The expansion is whatever `expand` returns now, not expected.json, so a stale golden file hides nothing.
 *
 * One `it` per rule; each collects every violation in every output and expects none, so a failure names
 * the output, the logical ID and what is wrong. Only what the app generated is checked: the user's own
 * resources (the input's `Resources` keys other than the app) pass through untouched and are skipped.
 * The checkers (test/support/invariants.ts) are written from the rules, not from the expander's passes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TAGGING } from "../src/expander/aws/resource-types.js";
import { expand } from "../src/expander/index.js";
import {
  dependencyCycleViolations,
  describeViolation,
  environmentViolations,
  functionPolicyViolations,
  grantsBeforeUseViolations,
  lambdaPermissionViolations,
  literalFindings,
  physicalNameViolations,
  referenceViolations,
  rolePolicyNameViolations,
  tagViolations,
  wildcardResourceViolations,
  type WildcardAllowance,
} from "./support/invariants.js";
import { type ExpandedOutput, loadOutputs, ROOT } from "./support/outputs.js";

/**
 * Rule 1 allow-list: actions a generated policy may grant on `Resource: "*"`, each because the action
 * has no resource-level permissions (IAM's service authorization reference lists no resource type for
 * it), and each documented in docs/security.md ("`Resource: "*"` in generated policies").
 * The other documented cases, DSL actions with nothing to scope to and DSL actions IAM grants only on
 * "*", are the user's choice: they are not allow-listed here but read from each fixture's DSL and from
 * the expansion's warnings (see userWildcardActions in test/support/invariants.ts).
 */
const WILDCARD_ACTIONS: WildcardAllowance[] = [
  {
    actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    reason: 'X-Ray tracing (`tracing: true`): these X-Ray actions support no resource-level permissions, so IAM only accepts Resource "*"',
  },
  {
    actions: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
    reason: "a function in a VPC (`vpc`): Lambda manages its network interfaces with these, which support no resource-level permissions",
  },
];

const loaded = loadOutputs();
const { outputs } = loaded;

/** Rule 1: the warnings of an output's expansion (ExpandedOutput does not keep them), by expanding its input again. */
/** Rule 1: an output of a one-app template written here (App's properties as given), as loadOutputs makes them. */
function expandInline(app: Record<string, unknown>): ExpandedOutput {
  const input = { Resources: { App: { Type: "Pareto::App", Properties: app } } };
  const result = expand(structuredClone(input));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const template = result.template as ExpandedOutput["template"];
  return {
    name: "inline",
    input,
    appId: "App",
    app,
    template,
    generated: Object.keys(template.Resources).filter((id) => id !== "App"),
    generatedOutputs: Object.keys(template.Outputs ?? {}),
    warnings: result.warnings,
  };
}

function expectNone(violations: string[]) {
  expect(violations, `${violations.length} violation(s):\n${violations.join("\n")}`).toEqual([]);
}

describe("invariants of every expanded output", () => {
  it("expands every success fixture and every example", () => {
    expect(loaded.failures.map((f) => `${f.name}: ${f.errors.join("; ")}`)).toEqual([]);
    expect(loaded.fixtures).toBeGreaterThanOrEqual(15);
    expect(loaded.examples).toBeGreaterThanOrEqual(6); // hello, orders, shop and the three patterns
    expect(outputs.length).toBe(loaded.fixtures + loaded.examples);
  });

  it('rule 1: no generated policy allows Resource "*" except allow-listed actions and the user\'s own DSL choices', () => {
    expectNone(outputs.flatMap((output) => wildcardResourceViolations(output, WILDCARD_ACTIONS, output.warnings)).map(describeViolation));
  });

  it('rule 1: a DSL action left on Resource "*" is the user\'s choice only with a warning at its entry', () => {
    const output = expandInline({
      bucket: {},
      functions: { f: { handler: "index.h", inline: "exports.h = async () => {};", permissions: ["s3:GetObject", "s3:ListAllMyBuckets"] } },
    });
    expect(wildcardResourceViolations(output, WILDCARD_ACTIONS, output.warnings).map(describeViolation)).toEqual([]);
    // Without the warning the same policy is a violation: the checker knows no list of such actions.
    const unwarned = wildcardResourceViolations(output, WILDCARD_ACTIONS, []).map(describeViolation);
    expect(unwarned).toHaveLength(1);
    expect(unwarned[0]).toContain('allows ["s3:ListAllMyBuckets"] on Resource "*"');
  });

  it("rule 1: every allow-listed action is documented in docs/security.md", () => {
    const doc = readFileSync(join(ROOT, "docs", "security.md"), "utf8");
    const section = doc.slice(doc.indexOf('## `Resource: "*"` in generated policies'));
    const undocumented = WILDCARD_ACTIONS.flatMap((entry) => entry.actions).filter(
      (action) => !section.split("\n## ")[0].includes(`\`${action}\``),
    );
    expect(undocumented).toEqual([]);
  });

  it("rule 2: every generated Lambda permission has SourceArn and SourceAccount", () => {
    expectNone(outputs.flatMap(lambdaPermissionViolations).map(describeViolation));
  });

  it("rule 3: with app tags, every taggable generated resource carries every app tag in its type's form", () => {
    const tagged = outputs.filter((output) => output.app.tags && Object.keys(output.app.tags).length);
    expect(tagged.length, "outputs whose app has tags").toBeGreaterThan(0);
    expectNone(tagged.flatMap((output) => tagViolations(output).violations).map(describeViolation));
  });

  it("rule 3: reports the taggable types no tagged output exercises", () => {
    const seen = new Set(outputs.flatMap((output) => [...tagViolations(output).taggedTypes]));
    const taggable = Object.entries(TAGGING).flatMap(([type, form]) => (form ? [type] : []));
    const never = taggable.filter((type) => !seen.has(type));
    console.log(
      `rule 3: taggable types checked in outputs with tags: ${[...seen].sort().join(", ") || "none"}\n` +
        `rule 3: taggable types no output with tags generates (not checked): ${never.join(", ") || "none"}`,
    );
    expect(seen.size).toBeGreaterThan(0);
  });

  it("rule 4: grants exist before use (destinations, event source mappings, log subscriptions)", () => {
    expectNone(outputs.flatMap(grantsBeforeUseViolations).map(describeViolation));
  });

  it("rule 5: every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn names something in the output", () => {
    expectNone(outputs.flatMap(referenceViolations).map(describeViolation));
  });

  it("rule 6: no literal partition (arn:aws:) or AWS domain (amazonaws.com) in generated resources and outputs", () => {
    expectNone(outputs.flatMap(literalFindings).map(describeViolation));
  });

  it("rule 7: every physical name fits its limit, resolved for a 128-character stack name", () => {
    expectNone(outputs.flatMap(physicalNameViolations).map(describeViolation));
  });

  it("rule 8: every function's environment fits Lambda's 4 KB, references at their longest", () => {
    expectNone(outputs.flatMap(environmentViolations).map(describeViolation));
  });

  it("rule 9: every function's resource-based policy fits Lambda's 20 KB", () => {
    expectNone(outputs.flatMap(functionPolicyViolations).map(describeViolation));
  });

  it("rule 10: no role's inline policy is named as an earlier version named a policy resource of that role", () => {
    expectNone(outputs.flatMap(rolePolicyNameViolations).map(describeViolation));
  });

  it("rule 11: no circular dependency among the output's resources", () => {
    expectNone(outputs.flatMap(dependencyCycleViolations).map(describeViolation));
  });
});
