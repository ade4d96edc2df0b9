/** `pareto schema [--app]`: the JSON Schema for editors (the whole template, or only the App's properties). */
import { parseArgs } from "../args.js";
import { EXIT, type Console } from "../output.js";
import { appSchema, templateSchema } from "../schema.js";

export function schemaCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, { flags: ["app", "quiet"], aliases: { q: "quiet" } });
  out.result(`${JSON.stringify(args.flags.has("app") ? appSchema : templateSchema(), null, 2)}\n`);
  return EXIT.ok;
}
