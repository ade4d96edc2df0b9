/**
 * `pareto match`: which of an app's rules (its functions' named events) match an EventBridge event, and for each
 * near miss the first field that failed (docs/local.md). Exit 0 when a rule matches, 1 when none does.
 */
import { type ParsedArgs, ArgumentError, option, parseArgs, UsageError } from "../args.js";
import { readText, STDIN } from "../files.js";
import type { Console } from "../output.js";
import { EXIT } from "../output.js";
import { loadLocalApp } from "../local-app.js";
import { readTemplate } from "../template-file.js";
import { isRecord } from "../../expander/intrinsics.js";
import { appRules } from "../../local/app.js";
import { match } from "../../local/match.js";
import { DEFAULT_ENVIRONMENT, uuidFrom } from "../../local/resolve.js";
import { SAMPLE_TIME } from "../../local/shapes.js";

const SPEC = { positionals: 1, flags: ["quiet", "json"], options: ["event", "resolve"], aliases: { q: "quiet" } };

/** `--resolve Id=value`, `--resolve Id.Attribute=value`: the deployed values of references (placeholders otherwise). */
export function resolveOverrides(args: ParsedArgs): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const entry of args.options.get("resolve") ?? []) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new ArgumentError(`--resolve '${entry}' is not ID=VALUE (e.g. AppOrdersQueue.Arn=arn:aws:sqs:...)`);
    overrides.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return overrides;
}

/**
 * The bus a PutEvents entry goes to: its `EventBusName` (the default bus without one, or named `default` or by its
 * ARN); any other name is taken for the app bus, whose name is a placeholder here. An event names no bus.
 */
function busOfEntry(value: Record<string, unknown>): "app" | "default" | undefined {
  if (!("Source" in value || "DetailType" in value || "Detail" in value)) return undefined;
  const name = value.EventBusName;
  return name === undefined || name === "default" || (typeof name === "string" && name.endsWith(":event-bus/default")) ? "default" : "app";
}

/** A PutEvents entry (`Source`, `DetailType`, `Detail`) becomes the event EventBridge would deliver; an event stays as it is. */
function asEvent(value: unknown, file: string): Record<string, unknown> {
  if (!isRecord(value)) throw new UsageError(`${file}: an event is a JSON object`);
  if (busOfEntry(value) === undefined) return value;
  let detail: unknown = {};
  try {
    detail = typeof value.Detail === "string" ? JSON.parse(value.Detail) : (value.Detail ?? {});
  } catch {
    throw new UsageError(`${file}: Detail is not JSON text`);
  }
  return {
    version: "0",
    id: uuidFrom(`entry:${JSON.stringify(value)}`),
    "detail-type": value.DetailType,
    source: value.Source,
    account: DEFAULT_ENVIRONMENT.account,
    time: typeof value.Time === "string" ? value.Time : SAMPLE_TIME,
    region: DEFAULT_ENVIRONMENT.region,
    resources: Array.isArray(value.Resources) ? value.Resources : [],
    detail,
  };
}

/** EventBridge takes entries of at most 256 KB; nesting past this is no event, and would only exhaust the stack. */
const MAX_EVENT_DEPTH = 256;

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    deepest = Math.max(deepest, depth);
    if (node !== null && typeof node === "object" && depth <= MAX_EVENT_DEPTH)
      for (const inner of Object.values(node)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

function readEvent(file: string | undefined): { event: Record<string, unknown>; bus: "app" | "default" | undefined } {
  if (file === undefined)
    throw new ArgumentError("give the event with --event event.json (an EventBridge event, e.g. from `pareto sample`)");
  const text = readText(file);
  const name = file === STDIN ? "<stdin>" : file;
  try {
    const value = JSON.parse(text);
    if (depthOf(value) > MAX_EVENT_DEPTH) throw new UsageError(`${name}: nested more than ${MAX_EVENT_DEPTH} levels deep (not an event)`);
    return { event: asEvent(value, name), bus: isRecord(value) ? busOfEntry(value) : undefined };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file === STDIN ? "standard input" : `'${file}'`} is not JSON: ${(error as Error).message}`);
  }
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd(),
  );
};

export function matchCommand(argv: string[], out: Console): number {
  const args = parseArgs(argv, SPEC);
  const [path] = args.positionals;
  const eventFile = option(args, "event");
  if (path === STDIN && eventFile === STDIN) throw new ArgumentError("the template and the event cannot both be standard input");
  const overrides = resolveOverrides(args);
  const template = readTemplate(path);
  const { event, bus } = readEvent(eventFile);
  const loaded = loadLocalApp(template, path, { overrides });
  if (!loaded.ok) {
    out.failure(loaded.errors, loaded.warnings);
    return EXIT.invalid;
  }
  const { resolver } = loaded.app;
  // An entry for one bus reaches the rules on that bus only.
  const rules = appRules(loaded.app);
  const results = rules
    .filter((rule) => bus === undefined || rule.bus === bus)
    .map((rule) => ({ ...rule, result: match(rule.pattern, event) }));
  const otherBus = rules.length - results.length;
  const matched = results.filter(({ result }) => result.matched);
  const near = results.flatMap(({ result, ...rule }) => (!result.matched && result.matchedFields > 0 ? [{ ...rule, miss: result }] : []));
  const unrelated = results.length - matched.length - near.length;
  if (args.flags.has("json")) {
    const report = {
      matched: matched.map((rule) => ({ function: rule.function, event: rule.event })),
      nearMisses: near.map((rule) => ({ function: rule.function, event: rule.event, field: rule.miss.field, message: rule.miss.message })),
      unrelated,
    };
    out.result(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const rows = [
      ...matched.map((rule) => ["match", rule.function, rule.event, ""]),
      ...near.map((rule) => ["near miss", rule.function, rule.event, rule.miss.message]),
    ];
    if (rows.length) out.result(`${table(rows).join("\n")}\n`);
    if (otherBus)
      out.note(
        `${otherBus} rule${otherBus === 1 ? " is" : "s are"} on the ${bus === "app" ? "default" : "app"} bus, which this entry does not go to (its EventBusName${bus === "app" ? "" : " is absent or default"})`,
      );
    if (!rules.length) out.note("the app has no named events (`events:`) to match");
    else if (unrelated)
      out.note(`${unrelated} other rule${unrelated === 1 ? "" : "s"} share${unrelated === 1 ? "s" : ""} no field with the event`);
    // A placeholder in a failed field: the event is probably from a deployed stack, whose resources have real names.
    const hints = new Set<string>();
    for (const { miss } of near)
      for (const [value, reference] of resolver.placeholders)
        if (miss.message.includes(value))
          hints.add(`${reference} is "${value}" here; give the deployed value with --resolve ${reference.split(" ")[1]}=...`);
    for (const hint of hints) out.note(hint);
  }
  if (!matched.length && !args.flags.has("json")) out.note("no rule matches the event");
  return matched.length ? EXIT.ok : EXIT.invalid;
}
