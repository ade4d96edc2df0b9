/** `pareto expand` and `pareto validate`: the same expansion the macro runs, on a local file. */
import { dirname, resolve } from "node:path";
import { expand, serialise } from "../../expander/index.js";
import { dryRunPackage } from "../../package/dry-run.js";
import { planTable } from "../../package/report.js";
import { option, parseArgs } from "../args.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate } from "../template-file.js";

const SPEC = { flags: ["strict", "json", "quiet"], options: ["output"], aliases: { o: "output", q: "quiet" } };
const EXPAND_SPEC = { ...SPEC, flags: [...SPEC.flags, "package-dry-run"] };

function reportFailure(out: Console, errors: string[], warnings: string[], json: boolean) {
  if (json) out.result(`${JSON.stringify({ ok: false, errors, warnings }, null, 2)}\n`);
  else {
    warnings.forEach(out.warning);
    errors.forEach(out.error);
  }
  return EXIT.invalid;
}

export function expandCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, EXPAND_SPEC);
  const json = args.flags.has("json");
  let template = readTemplate(args.positionals[0]);
  if (args.flags.has("package-dry-run")) {
    // What `pareto package` would build, then the expansion with placeholder S3 locations.
    const dry = dryRunPackage(template, dirname(resolve(args.positionals[0])));
    if (!dry.ok) return reportFailure(out, dry.errors, [], json);
    out.note(dry.sources.length ? planTable(dry.sources) : "no local code to package");
    template = dry.template;
  }
  const result = expand(template, { strict: args.flags.has("strict") });
  if (!result.ok) return reportFailure(out, result.errors, result.warnings, json);
  result.warnings.forEach(out.warning);
  for (const name of result.inferredParameters) out.note(`inferred parameter: ${name} (declare it, or pass it at deploy time)`);
  emit(out, serialise(result.template), option(args, "output"));
  return EXIT.ok;
}

export function validateCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const result = expand(readTemplate(args.positionals[0]), { strict: args.flags.has("strict") });
  const json = args.flags.has("json");
  if (!result.ok) return reportFailure(out, result.errors, result.warnings, json);
  const resources = Object.keys(result.template.Resources).length;
  if (json) out.result(`${JSON.stringify({ ok: true, errors: [], warnings: result.warnings, resources }, null, 2)}\n`);
  else {
    result.warnings.forEach(out.warning);
    for (const name of result.inferredParameters) out.note(`inferred parameter: ${name}`);
    out.note(`ok: ${resources} resources`);
  }
  return EXIT.ok;
}
