/** `pareto graph`: the app as a Mermaid diagram, as text or as a page that draws it offline. */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { graphPage } from "../../graph/html.js";
import { appGraph } from "../../graph/mermaid.js";
import { option, parseArgs } from "../args.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate } from "../template-file.js";

const SPEC = { flags: ["quiet"], options: ["html", "output"], aliases: { o: "output", q: "quiet" } };

export function graphCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const path = args.positionals[0];
  const result = appGraph(readTemplate(path));
  if (!result.ok) {
    result.errors.forEach(out.error);
    return EXIT.invalid;
  }
  const html = option(args, "html");
  if (html) {
    writeFileSync(html, graphPage(`${basename(path!)}: Pareto app`, result.mermaid));
    out.note(`wrote ${html}`);
  }
  if (!html || option(args, "output")) emit(out, result.mermaid, option(args, "output"));
  return EXIT.ok;
}
