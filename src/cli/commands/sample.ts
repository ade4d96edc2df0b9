/** `pareto sample`: the event a function's trigger delivers, shaped as AWS delivers it and matched by its rule (docs/local.md). */
import { closest, option, parseArgs, UsageError } from "../args.js";
import type { Console } from "../output.js";
import { EXIT } from "../output.js";
import { loadLocalApp } from "../local-app.js";
import { readTemplate } from "../template-file.js";
import type { LocalApp, LocalFunction, Trigger } from "../../local/app.js";
import { sample } from "../../local/sample.js";
import { resolveOverrides } from "./match.js";

const SPEC = { positionals: 2, flags: ["quiet"], options: ["event", "resolve"], aliases: { q: "quiet" } };

/** The function a command names, or a usage error listing the app's functions. */
export function findFunction(app: LocalApp, name: string | undefined): LocalFunction {
  const names = app.functions.map((fn) => fn.name);
  if (!name) throw new UsageError(`give the function after the template, e.g. \`pareto sample template.yaml ${names[0] ?? "worker"}\``);
  const fn = app.functions.find((candidate) => candidate.name === name);
  if (fn) return fn;
  const near = closest(name, names);
  throw new UsageError(
    `function '${name}' is not in the app${near ? `; did you mean '${near}'?` : ""} (functions: ${names.join(", ") || "none"})`,
  );
}

/** A function's trigger: the one named by --event, or its only one. */
export function findTrigger(fn: LocalFunction, wanted: string | undefined): Trigger {
  const names = fn.triggers.map((trigger) => trigger.name);
  if (!names.length) throw new UsageError(`function '${fn.name}' has no trigger (it is invoked with the SDK): there is no event to sample`);
  if (wanted === undefined) {
    if (names.length === 1) return fn.triggers[0];
    throw new UsageError(`function '${fn.name}' has ${names.length} triggers; choose one with --event: ${names.join(", ")}`);
  }
  const trigger = fn.triggers.find((candidate) => candidate.name === wanted);
  if (trigger) return trigger;
  throw new UsageError(`function '${fn.name}' has no trigger '${wanted}' (its triggers: ${names.join(", ")})`);
}

export function sampleCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const [path, name] = args.positionals;
  const overrides = resolveOverrides(args);
  const loaded = loadLocalApp(readTemplate(path), path, { overrides });
  if (!loaded.ok) {
    out.failure(loaded.errors, loaded.warnings);
    return EXIT.invalid;
  }
  const fn = findFunction(loaded.app, name);
  const result = sample(loaded.app, fn, findTrigger(fn, option(args, "event")));
  if (!result.ok) {
    out.failure([result.error]);
    return EXIT.invalid;
  }
  out.result(`${JSON.stringify(result.event, null, 2)}\n`);
  return EXIT.ok;
}
