/** `pareto graph`: the app as a Mermaid diagram, as text or as a page that draws it offline. */
import { basename } from "node:path";
import { graphPage } from "../../graph/html.js";
import { appGraph } from "../../graph/mermaid.js";
import { option, parseArgs } from "../args.js";
import { refuseOverwritingTemplate, writeText } from "../files.js";
import { EXIT, emit, type Console } from "../output.js";
import { readTemplate, templateName } from "../template-file.js";

const SPEC = { positionals: 1, flags: ["quiet"], options: ["html", "output"], aliases: { o: "output", q: "quiet" } };

export async function graphCommand(argv: string[], out: Console): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [path] = args.positionals;
  const html = option(args, "html");
  refuseOverwritingTemplate(path, { html, output: option(args, "output") });
  // Local code stands for what `pareto package` would upload, so an app not packaged yet draws too.
  const { asPackaged } = await import("../local-app.js");
  const packaged = asPackaged(readTemplate(path), path!);
  const result = packaged.ok ? appGraph(packaged.template) : packaged;
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
