/**
 * Invariants over every expanded output: each success fixture (test/fixtures/<case>, not error-*) and each
 * example (examples/<name>/template.yaml; those with local `code` go through the `--package-dry-run`
 * rewrite first, as `pareto expand --package-dry-run` does: sources are checked on disk, nothing is built).
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
import {
  describeViolation,
  grantsBeforeUseViolations,
  lambdaPermissionViolations,
  literalFindings,
  referenceViolations,
  tagViolations,
  wildcardResourceViolations,
  type LiteralFinding,
  type WildcardAllowance,
} from "./support/invariants.js";
import { loadOutputs, ROOT } from "./support/outputs.js";

/**
 * Rule 1 allow-list: actions a generated policy may grant on `Resource: "*"`, each because the action
 * has no resource-level permissions (IAM's service authorization reference lists no resource type for
 * it), and each documented in docs/security.md ("`Resource: "*"` in generated policies").
 * The other documented case, DSL actions with nothing to scope to, is the user's choice: it is not
 * allow-listed here but read from each fixture's DSL (see userWildcardActions in test/support/invariants.ts).
 */
const WILDCARD_ACTIONS: WildcardAllowance[] = [
  {
    actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    reason: 'X-Ray tracing (`tracing: true`): these X-Ray actions support no resource-level permissions, so IAM only accepts Resource "*"',
  },
];

/**
 * Rule 6 known violations: literal AWS domains or partitions Pareto writes today. Each entry matches one
 * output, one logical ID and a substring of the offending string; anything else fails the test, and an
 * entry that no longer matches fails too (remove it once fixed).
 */
const KNOWN_VIOLATIONS: Array<{ output: string; id: string; text: string; why: string; fix: string }> = [
  {
    output: "fixture:api-private-userpool",
    id: "AppApiAuthorizer",
    text: "https://cognito-idp.${AWS::Region}.amazonaws.com/${AppUserPool}",
    why: "the JWT authorizer's Issuer (the user pool's issuer URL) is written with a literal amazonaws.com",
    fix: "to fix: write the domain as ${AWS::URLSuffix} (https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${AppUserPool}), as the AppApi URL output already does",
  },
  {
    output: "fixture:userpool-google",
    id: "AppApiAuthorizer",
    text: "https://cognito-idp.${AWS::Region}.amazonaws.com/${AppUserPool}",
    why: "same JWT issuer URL as api-private-userpool (any app with a private endpoint)",
    fix: "to fix: ${AWS::URLSuffix} instead of amazonaws.com in the issuer",
  },
];

const loaded = loadOutputs();
const { outputs } = loaded;

function expectNone(violations: string[]) {
  expect(violations, `${violations.length} violation(s):\n${violations.join("\n")}`).toEqual([]);
}

const isKnown = (finding: LiteralFinding) =>
  KNOWN_VIOLATIONS.some((known) => known.output === finding.output && known.id === finding.id && finding.text.includes(known.text));

describe("invariants of every expanded output", () => {
  it("expands every success fixture and every example", () => {
    expect(loaded.failures.map((f) => `${f.name}: ${f.errors.join("; ")}`)).toEqual([]);
    expect(loaded.fixtures).toBeGreaterThanOrEqual(15);
    expect(loaded.examples).toBeGreaterThanOrEqual(1);
    expect(outputs.length).toBe(loaded.fixtures + loaded.examples);
  });

  it('rule 1: no generated policy allows Resource "*" except allow-listed actions and the user\'s own DSL choices', () => {
    expectNone(outputs.flatMap((output) => wildcardResourceViolations(output, WILDCARD_ACTIONS)).map(describeViolation));
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
    expectNone(
      outputs
        .flatMap(literalFindings)
        .filter((finding) => !isKnown(finding))
        .map(describeViolation),
    );
  });

  it("rule 6: every KNOWN_VIOLATIONS entry still occurs (remove the ones fixed)", () => {
    const findings = outputs.flatMap(literalFindings);
    const stale = KNOWN_VIOLATIONS.filter(
      (known) => !findings.some((f) => f.output === known.output && f.id === known.id && f.text.includes(known.text)),
    );
    expect(stale.map((known) => `${known.output} ${known.id}: ${known.text}`)).toEqual([]);
  });
});
