/**
 * The tools the field trusts, on every golden output: cfn-lint (zero errors, zero warnings) and checkov
 * (zero failed checks; Pareto's suppressions travel in each resource's Metadata with their reason).
 * The same on the benchmark's app of 400 functions, split into a root and nested stacks (docs/scaling.md),
 * its root as deployed (TemplateURLs pointing at S3). And on the macro's own template.yaml:
 * `sam validate --lint`, the metadata `sam publish` reads, and `sam build`.
 * `WRITE_RESULTS=1` records the per-fixture results in test/results/validators.json (docs/security.md).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { expand, serialise } from "../../src/expander/index.js";
import { paretoTemplate } from "../../bench/generate.js";
import { storeNestedTemplates, templateBytes } from "../../src/package/stacks.js";
import { exampleNames, exampleTemplateOrThrow } from "../support/outputs.js";
import { securityDoc } from "./security-doc.js";
import { ROOT, run, tools } from "./tools.js";

const FIXTURES = join(ROOT, "test", "fixtures");
const fixtures = readdirSync(FIXTURES)
  .filter((name) => existsSync(join(FIXTURES, name, "expected.json")))
  .sort();

/**
 * The bundled examples are held to the same tools: expanded into dist/validate/ (the README quotes them),
 * those with local code after the `--package-dry-run` rewrite (placeholder S3 locations, nothing built).
 */
const EXAMPLES = exampleNames();
const exampleId = (name: string) => `example-${name.replace("/", "-")}`;
function expandedExample(name: string): string {
  const result = expand(exampleTemplateOrThrow(name));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const out = join(ROOT, "dist", "validate", `${exampleId(name)}.json`);
  mkdirSync(join(ROOT, "dist", "validate"), { recursive: true });
  writeFileSync(out, serialise(result.template));
  return out;
}

/** The benchmark's app of 400 functions: its root (with S3 URLs, as `pareto deploy` sends it) and each nested stack. */
async function splitApp(): Promise<Array<{ name: string; file: string }>> {
  const result = expand(paretoTemplate(400));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const nested = result.stacks.map(({ id, template }) => ({ id, body: templateBytes(template) }));
  const { template: root } = await storeNestedTemplates(result.template, nested, async () => "uploaded", { bucket: "artifacts" });
  const dir = join(ROOT, "dist", "validate");
  mkdirSync(dir, { recursive: true });
  const written = [
    { name: "scale-400-root", template: root },
    ...result.stacks.map(({ id, template }) => ({ name: `scale-400-${id}`, template })),
  ];
  return written.map(({ name, template }) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, serialise(template));
    return { name, file };
  });
}

const scale = await splitApp();
const recorded = [...fixtures, ...EXAMPLES.map(exampleId)];
const outputs = [...recorded, ...scale.map(({ name }) => name)];
const files = [
  ...fixtures.map((name) => join(FIXTURES, name, "expected.json")),
  ...EXAMPLES.map(expandedExample),
  ...scale.map(({ file }) => file),
];

interface LintFinding {
  Level: string;
  Rule: { Id: string };
  Filename: string;
  Message: string;
}

function lintAll(): Map<string, LintFinding[]> {
  const result = run(tools.cfnLint, ["--format", "json", "--", ...files]);
  const findings: LintFinding[] = result.stdout.trim() ? JSON.parse(result.stdout) : [];
  const byFile = new Map<string, LintFinding[]>(files.map((file) => [file, []]));
  for (const finding of findings) {
    const file = join(ROOT, relative(ROOT, finding.Filename));
    // A finding that maps to no known file must not vanish: it is charged to every file.
    for (const list of byFile.has(file) ? [byFile.get(file)!] : byFile.values()) list.push(finding);
  }
  return byFile;
}

interface CheckovResult {
  passed: number;
  failed: Array<{ id: string; resource: string }>;
  skipped: Array<{ id: string; resource: string }>;
}

function checkovAll(): Map<string, CheckovResult> {
  // Relative paths, as a user runs it: checkov 3.3's CKV_AWS_45 misfires on absolute paths.
  const relativeFiles = files.map((file) => relative(ROOT, file));
  // Not --quiet: it drops passed and skipped checks from the JSON report.
  const result = run(tools.checkov, [
    "--framework",
    "cloudformation",
    "--compact",
    "--skip-download",
    "-o",
    "json",
    "-f",
    ...relativeFiles,
  ]);
  const report = JSON.parse(result.stdout);
  const byFile = new Map<string, CheckovResult>(files.map((file) => [file, { passed: 0, failed: [], skipped: [] }]));
  const entry = (path: string) => byFile.get(join(ROOT, path.replace(/^\//, "")))!;
  const checks = (report.results ?? {}) as Record<string, Array<{ check_id: string; file_path: string; resource: string }>>;
  for (const check of checks.passed_checks ?? []) entry(check.file_path).passed++;
  for (const check of checks.failed_checks ?? []) entry(check.file_path).failed.push({ id: check.check_id, resource: check.resource });
  for (const check of checks.skipped_checks ?? []) entry(check.file_path).skipped.push({ id: check.check_id, resource: check.resource });
  return byFile;
}

describe("validators on every golden output", () => {
  const lint = lintAll();
  const checkov = checkovAll();

  it("has outputs to check", () => expect(files.length).toBeGreaterThanOrEqual(15));

  for (const [i, name] of outputs.entries()) {
    it(`cfn-lint: ${name}`, () => {
      const findings = (lint.get(files[i]) ?? []).filter((f) => f.Level === "Error" || f.Level === "Warning");
      expect(findings.map((f) => `${f.Level} ${f.Rule.Id}: ${f.Message}`)).toEqual([]);
    });
    it(`checkov: ${name}`, () => {
      const result = checkov.get(files[i])!;
      expect(result.failed).toEqual([]);
      expect(result.passed, "checkov scanned the file").toBeGreaterThan(0);
    });
  }

  it("records the results for docs/security.md", () => {
    if (process.env.WRITE_RESULTS !== "1") return;
    const results = Object.fromEntries(
      recorded.map((name, i) => {
        const findings = lint.get(files[i]) ?? [];
        const count = (level: string) => findings.filter((f) => f.Level === level).length;
        const check = checkov.get(files[i])!;
        return [
          name,
          {
            cfnLint: { errors: count("Error"), warnings: count("Warning"), informational: count("Informational") },
            checkov: { passed: check.passed, failed: check.failed.length, skipped: [...new Set(check.skipped.map((s) => s.id))].sort() },
          },
        ];
      }),
    );
    mkdirSync(join(ROOT, "test", "results"), { recursive: true });
    writeFileSync(join(ROOT, "test", "results", "validators.json"), `${JSON.stringify(results, null, 2)}\n`);
    const versions = {
      cfnLint: run(tools.cfnLint, ["--version"]).stdout.trim().replace("cfn-lint ", ""),
      checkov: run(tools.checkov, ["--version"]).stdout.trim(),
    };
    writeFileSync(join(ROOT, "docs", "security.md"), securityDoc(results, versions));
  });
});

describe("the macro's SAM template", () => {
  const env = { SAM_CLI_TELEMETRY: "0", AWS_DEFAULT_REGION: "us-east-1", AWS_REGION: "us-east-1" };

  it("passes sam validate --lint", () => {
    const result = run(tools.sam, ["validate", "--lint", "--template", "template.yaml"], { env });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("has the metadata `sam publish` reads (SAM CLI's own parser and checks)", () => {
    // What `sam publish` does before calling the Serverless Application Repository (which needs AWS):
    // parse the template, read AWS::ServerlessRepo::Application, and require what creating an
    // application and its version require. The field rules: test/unit/sar-metadata.test.ts.
    const script = [
      "import json, sys",
      "from samcli.vendor.serverlessrepo.parser import parse_template, get_app_metadata",
      "metadata = get_app_metadata(parse_template(open(sys.argv[1]).read()))",
      'metadata.validate(["author", "description", "name", "semantic_version"])',
      "print(json.dumps(metadata.template_dict))",
    ].join("\n");
    const result = run(tools.samPython, ["-c", script, "template.yaml"], { env });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(JSON.parse(result.stdout)).toMatchObject({ Name: "pareto-macro", SpdxLicenseId: "MIT", SemanticVersion: version });
  });

  it("builds with sam build (esbuild, no Docker)", () => {
    // In a copy of what a user deploying the macro has: sam installs production dependencies where it builds.
    const source = mkdtempSync(join(tmpdir(), "pareto-sam-source-"));
    for (const entry of ["template.yaml", "samconfig.toml", "package.json", "package-lock.json", "tsconfig.json", "src", "schemas"])
      cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
    const buildDir = join(source, ".aws-sam", "build");
    const result = run(tools.sam, ["build", "--template", "template.yaml", "--build-dir", buildDir], { env, cwd: source });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(existsSync(join(buildDir, "MacroFunction", "handler.js"))).toBe(true);
  });
});
