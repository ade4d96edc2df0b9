/** `pareto expand` and `pareto validate`: the same expansion the macro runs, on a local file. */
import { expand, serialise } from "../../expander/index.js";
import { dryRunPackage } from "../../package/dry-run.js";
import { planTable } from "../../package/report.js";
import { option, parseArgs } from "../args.js";
import { refuseOverwritingTemplate } from "../files.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate, templateDir } from "../template-file.js";

const SPEC = { positionals: 1, flags: ["strict", "json", "quiet"], aliases: { q: "quiet" } };
const EXPAND_SPEC = { ...SPEC, flags: [...SPEC.flags, "package-dry-run"], options: ["output"], aliases: { ...SPEC.aliases, o: "output" } };

function reportFailure(out: Console, errors: string[], warnings: string[]) {
  out.failure(errors, warnings);
  return EXIT.invalid;
}

export function expandCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, EXPAND_SPEC);
  const [path] = args.positionals;
  refuseOverwritingTemplate(path, { output: option(args, "output") });
  let template = readTemplate(path);
  if (args.flags.has("package-dry-run")) {
    // What `pareto package` would build, then the expansion with placeholder S3 locations.
    const dry = dryRunPackage(template, templateDir(path));
    if (!dry.ok) return reportFailure(out, dry.errors, []);
    out.note(dry.sources.length ? planTable(dry.sources) : "no local code to package");
    template = dry.template;
  }
  const result = expand(template, { strict: args.flags.has("strict") });
  if (!result.ok) return reportFailure(out, result.errors, result.warnings);
  result.warnings.forEach(out.warning);
  for (const name of result.inferredParameters) out.note(`inferred parameter: ${name} (declare it, or pass it at deploy time)`);
  emit(out, serialise(result.template), option(args, "output"));
  return EXIT.ok;
}

export function validateCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const result = expand(readTemplate(args.positionals[0]), { strict: args.flags.has("strict") });
  if (!result.ok) return reportFailure(out, result.errors, result.warnings);
  // The expander passes a mapping without Resources through (nothing to expand): zero, not a crash.
  const resources = Object.keys(result.template.Resources ?? {}).length;
  if (args.flags.has("json")) out.result(`${JSON.stringify({ ok: true, errors: [], warnings: result.warnings, resources }, null, 2)}\n`);
  else {
    result.warnings.forEach(out.warning);
    for (const name of result.inferredParameters) out.note(`inferred parameter: ${name}`);
    out.note(`ok: ${resources} resources`);
  }
  return EXIT.ok;
}
