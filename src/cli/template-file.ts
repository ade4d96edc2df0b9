import { readFileSync } from "node:fs";
import { UsageError } from "./args.js";
import { parseTemplate } from "./yaml.js";

export function readTemplate(path: string | undefined): unknown {
  if (!path) throw new UsageError("give the template file, e.g. `pareto expand template.yaml`");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read '${path}'`);
  }
  return parseTemplate(text, path);
}
