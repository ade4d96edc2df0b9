/** `pareto init [dir]`: a starter app that validates, expands and deploys as it is. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { starterTemplate } from "../../generated/texts.js";
import { parseArgs, UsageError } from "../args.js";
import { EXIT, type Console } from "../output.js";
import { templateSchema } from "../schema.js";

export function initCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, { flags: ["force", "quiet"], aliases: { q: "quiet" } });
  const dir = resolve(args.positionals[0] ?? ".");
  const template = join(dir, "template.yaml");
  if (existsSync(template) && !args.flags.has("force")) throw new UsageError(`${template} exists; use --force to overwrite it`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(template, starterTemplate);
  writeFileSync(join(dir, "pareto.schema.json"), `${JSON.stringify(templateSchema(), null, 2)}\n`);
  out.note(`created ${template} and pareto.schema.json (editor completion)`);
  out.note(`next: pareto expand ${join(args.positionals[0] ?? ".", "template.yaml")}`);
  return EXIT.ok;
}
