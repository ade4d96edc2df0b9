/** `pareto init [dir]`: a starter app that validates, expands and deploys as it is. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { starterTemplate } from "../../generated/texts.js";
import { parseArgs, UsageError } from "../args.js";
import { makeDirectory, writeText } from "../files.js";
import { EXIT, type Console } from "../output.js";
import { templateSchema } from "../schema.js";

/** Refuses to replace any file init writes (the user may have edited either) unless --force. */
function refuseOverwriting(paths: string[]) {
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length === 1) throw new UsageError(`${existing[0]} exists; use --force to overwrite it`);
  if (existing.length > 1) throw new UsageError(`${existing.join(" and ")} exist; use --force to overwrite them`);
}

export function initCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, { positionals: 1, flags: ["force", "quiet"], aliases: { q: "quiet" } });
  const dir = resolve(args.positionals[0] ?? ".");
  const template = join(dir, "template.yaml");
  const schema = join(dir, "pareto.schema.json");
  if (!args.flags.has("force")) refuseOverwriting([template, schema]);
  makeDirectory(dir);
  writeText(template, starterTemplate);
  writeText(schema, `${JSON.stringify(templateSchema(), null, 2)}\n`);
  out.note(`created ${template} and pareto.schema.json (editor completion)`);
  out.note(`next: pareto expand ${join(args.positionals[0] ?? ".", "template.yaml")}`);
  return EXIT.ok;
}
