/** `pareto graph`: the app as a Mermaid diagram, as text or as a page that draws it offline. */
import { basename } from "node:path";
import { graphPage } from "../../graph/html.js";
import { appGraph } from "../../graph/mermaid.js";
import { option, parseArgs } from "../args.js";
import { refuseOverwritingTemplate, writeText } from "../files.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate, templateName } from "../template-file.js";

const SPEC = { positionals: 1, flags: ["quiet"], options: ["html", "output"], aliases: { o: "output", q: "quiet" } };

export function graphCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const [path] = args.positionals;
  const html = option(args, "html");
  refuseOverwritingTemplate(path, { html, output: option(args, "output") });
  const result = appGraph(readTemplate(path));
  if (!result.ok) {
    result.errors.forEach(out.error);
    return EXIT.invalid;
  }
  if (html) {
    writeText(html, graphPage(`${basename(templateName(path!))}: Pareto app`, result.mermaid));
    out.note(`wrote ${html}`);
  }
  if (!html || option(args, "output")) emit(out, result.mermaid, option(args, "output"));
  return EXIT.ok;
}
