/**
 * Every expanded output the invariant tests check: each success fixture (test/fixtures/<case> not
 * named error-*) and each example (examples/<name>/template.yaml and examples/patterns/<name>/template.yaml),
 * expanded by whatever `expand` does now.
 *
 * Examples whose code is a local path cannot be expanded as written (the code must be packaged first);
 * they go through `dryRunPackage` first, as `pareto expand --package-dry-run` does: it checks the
 * sources on disk (read only) and writes placeholder S3 locations, building and uploading nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseTemplate } from "../../src/cli/yaml.js";
import { expand } from "../../src/expander/index.js";
import { type DryRun, dryRunPackage } from "../../src/package/dry-run.js";

export const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");
const EXAMPLES = join(ROOT, "examples");

type Json = Record<string, unknown>;

export interface ExpandedOutput {
  /** `fixture:<case>` or `example:<name>`. */
  name: string;
  /** The template as read (after the dry-run packaging rewrite, for examples with local code). */
  input: Json;
  /** Logical ID of the Pareto::App in the input, if any. */
  appId: string | undefined;
  /** The app's properties (its DSL) as written, or {} when there is no app. */
  app: Json;
  /** What `expand` returned. */
  template: Json & { Resources: Record<string, Json>; Parameters?: Json; Outputs?: Json };
  /** Logical IDs of resources the expansion generated (not written by the user). */
  generated: string[];
  /** Output IDs the expansion generated (not written by the user). */
  generatedOutputs: string[];
  /** The expansion's warnings (`<DSL path>: ...`). */
  warnings: string[];
}

/** The outputs that could not be produced, with why: the invariant tests fail on any. */
export interface ExpansionFailure {
  name: string;
  errors: string[];
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** An example's template (`examples/<name>/template.yaml`) as `pareto expand --package-dry-run` reads it. */
export function exampleTemplate(name: string): DryRun {
  const path = join(EXAMPLES, name, "template.yaml");
  return dryRunPackage(parseTemplate(readFileSync(path, "utf8"), path), dirname(path));
}

/** exampleTemplate, for a test that cannot go on without it. */
export function exampleTemplateOrThrow(name: string): Json {
  const dry = exampleTemplate(name);
  if (!dry.ok) throw new Error(`examples/${name}: ${dry.errors.join("\n")}`);
  return dry.template as Json;
}

function load(name: string, path: string, failures: ExpansionFailure[]): ExpandedOutput | undefined {
  let input = parseTemplate(readFileSync(path, "utf8"), path) as Json;
  if (name.startsWith("example:")) {
    const dry = exampleTemplate(name.slice("example:".length));
    if (!dry.ok) {
      failures.push({ name, errors: dry.errors });
      return undefined;
    }
    input = dry.template as Json;
  }
  // expand may not mutate its input, but keep our copy of what the user wrote independent of it anyway.
  const written = structuredClone(input);
  const result = expand(input);
  if (!result.ok) {
    failures.push({ name, errors: result.errors });
    return undefined;
  }
  const userResources = isObject(written.Resources) ? written.Resources : {};
  const appEntry = Object.entries(userResources).find(([, r]) => isObject(r) && r.Type === "Pareto::App");
  const appId = appEntry?.[0];
  const app = appEntry && isObject((appEntry[1] as Json).Properties) ? ((appEntry[1] as Json).Properties as Json) : {};
  const template = result.template as ExpandedOutput["template"];
  const userOutputs = isObject(written.Outputs) ? written.Outputs : {};
  return {
    name,
    input: written,
    appId,
    app,
    template,
    generated: Object.keys(template.Resources ?? {}).filter((id) => !(id in userResources)),
    generatedOutputs: Object.keys(template.Outputs ?? {}).filter((id) => !(id in userOutputs)),
    warnings: result.warnings,
  };
}

/** Every example app: `examples/<name>` and the rewritten public patterns `examples/patterns/<name>`. */
export function exampleNames(): string[] {
  const apps = (dir: string) => readdirSync(join(EXAMPLES, dir)).filter((name) => existsSync(join(EXAMPLES, dir, name, "template.yaml")));
  return [...apps("."), ...apps("patterns").map((name) => `patterns/${name}`)].sort();
}

export function loadOutputs(): { outputs: ExpandedOutput[]; failures: ExpansionFailure[]; fixtures: number; examples: number } {
  const failures: ExpansionFailure[] = [];
  const fixtures = readdirSync(FIXTURES)
    // Success fixtures as test/golden.test.ts tells them apart: every case not named error-*.
    .filter((name) => existsSync(join(FIXTURES, name, "template.yaml")) && !name.startsWith("error-"))
    .sort();
  const examples = exampleNames();
  const outputs = [
    ...fixtures.map((name) => load(`fixture:${name}`, join(FIXTURES, name, "template.yaml"), failures)),
    ...examples.map((name) => load(`example:${name}`, join(EXAMPLES, name, "template.yaml"), failures)),
  ].filter((output): output is ExpandedOutput => output !== undefined);
  return { outputs, failures, fixtures: fixtures.length, examples: examples.length };
}
