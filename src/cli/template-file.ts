import { dirname, resolve } from "node:path";
import { UsageError } from "./args.js";
import { readText, STDIN } from "./files.js";
import { parseTemplate } from "./yaml.js";

/** How messages name the template: its path, or `<stdin>`. */
export const templateName = (path: string) => (path === STDIN ? "<stdin>" : path);

/** The folder local code paths are relative to: the template's, or the working folder for standard input. */
export const templateDir = (path: string) => (path === STDIN ? process.cwd() : dirname(resolve(path)));

export function readTemplate(path: string | undefined): unknown {
  if (!path) throw new UsageError("give the template file (or - for standard input), e.g. `pareto expand template.yaml`");
  return parseTemplate(readText(path), templateName(path));
}
