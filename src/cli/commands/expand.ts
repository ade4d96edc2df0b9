/** `pareto expand` and `pareto validate`: the same expansion the macro runs, on a local file. */
import { join } from "node:path";
import { expand, serialise } from "../../expander/index.js";
import type { NestedStack } from "../../expander/template/split.js";
import type { Template } from "../../expander/types.js";
import { option, parseArgs, UsageError } from "../args.js";
import { makeDirectory, refuseOverwritingTemplate, writeText } from "../files.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate, templateDir } from "../template-file.js";

const SPEC = { positionals: 1, flags: ["strict", "json", "quiet"], aliases: { q: "quiet" } };
const EXPAND_SPEC = {
  ...SPEC,
  flags: [...SPEC.flags, "package-dry-run"],
  options: ["output", "out-dir"],
  aliases: { ...SPEC.aliases, o: "output" },
};

function reportFailure(out: Console, errors: string[], warnings: string[]) {
  out.failure(errors, warnings);
  return EXIT.invalid;
}

export async function expandCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, EXPAND_SPEC);
  const [path] = args.positionals;
  const outDir = option(args, "out-dir");
  if (outDir !== undefined && option(args, "output") !== undefined) throw new UsageError("give either --output or --out-dir, not both");
  refuseOverwritingTemplate(path, { output: option(args, "output"), "out-dir": outDir && join(outDir, ROOT_FILE) });
  let template = readTemplate(path);
  if (args.flags.has("package-dry-run")) {
    // What `pareto package` would build, then the expansion with placeholder S3 locations. Packaging
    // (child processes, hashing, zip) is loaded only here: a plain expand starts without it.
    const [{ dryRunPackage }, { planTable }] = await Promise.all([import("../../package/dry-run.js"), import("../../package/report.js")]);
    const dry = dryRunPackage(template, templateDir(path));
    if (!dry.ok) return reportFailure(out, dry.errors, []);
    out.note(dry.sources.length ? planTable(dry.sources) : "no local code to package");
    template = dry.template;
  }
  const result = expand(template, { strict: args.flags.has("strict") });
  if (!result.ok) return reportFailure(out, result.errors, result.warnings);
  result.warnings.forEach(out.warning);
  for (const name of result.inferredParameters) out.note(`inferred parameter: ${name} (declare it, or pass it at deploy time)`);
  if (outDir !== undefined) {
    writeStacks(outDir, result.template, result.stacks);
    out.note(
      result.stacks.length
        ? `wrote ${join(outDir, ROOT_FILE)} and ${result.stacks.length} nested stacks (${result.stacks.map(({ id }) => `${id}.json`).join(", ")})`
        : `wrote ${join(outDir, ROOT_FILE)}`,
    );
    return EXIT.ok;
  }
  if (result.stacks.length)
    throw new UsageError(
      `this app does not fit one stack: it expands into a root and ${result.stacks.length} nested stacks; ` +
        "write them with --out-dir DIR, or deploy with `pareto deploy` (docs/scaling.md)",
    );
  emit(out, serialise(result.template), option(args, "output"));
  return EXIT.ok;
}

/** The file the root template goes to in `--out-dir`; each nested stack's is `<logical ID>.json`, as its TemplateURL says. */
const ROOT_FILE = "template.json";

function writeStacks(dir: string, root: Template, stacks: NestedStack[]) {
  makeDirectory(dir);
  writeText(join(dir, ROOT_FILE), serialise(root));
  for (const { id, template } of stacks) writeText(join(dir, `${id}.json`), serialise(template));
}

export async function validateCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [path] = args.positionals;
  const template = readTemplate(path);
  // Local code is checked as `pareto package` would check it, and stands for what it would upload.
  const { asPackaged } = await import("../local-app.js");
  const packaged = asPackaged(template, path!);
  if (!packaged.ok) return reportFailure(out, packaged.errors, []);
  const result = expand(packaged.template, { strict: args.flags.has("strict") });
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
