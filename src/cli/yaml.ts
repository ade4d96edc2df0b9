/** Reading templates as CloudFormation does: JSON or YAML with the short-form intrinsic tags. */
import { createRequire } from "node:module";
import type { Document, Tags, YAMLError, YAMLMap, YAMLSeq } from "yaml";
import { UsageError } from "./args.js";

/** Set by scripts/build.mjs in the CLI bundle: the yaml library bundled as one CommonJS file beside this chunk. */
declare const PARETO_YAML_BUNDLE: string | undefined;
const requireHere = createRequire(import.meta.url);
let yaml: typeof import("yaml") | undefined;

/**
 * The YAML parser, loaded (synchronously) the first time a template is not plain JSON: a JSON template
 * never loads it (start-up is most of a CLI call). From sources (tests, the benchmark) it is the yaml
 * package itself.
 */
function yamlLibrary(): typeof import("yaml") {
  yaml ??= requireHere(typeof PARETO_YAML_BUNDLE === "string" ? PARETO_YAML_BUNDLE : "yaml") as typeof import("yaml");
  return yaml;
}

const FUNCTIONS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Length",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "ToJsonString",
  "Transform",
];

function intrinsicTags(name: string, key: string, scalar: (value: string) => unknown = (value) => value): Tags {
  const wrap = (value: unknown) => ({ [key]: value });
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(scalar(value)) },
    { tag: `!${name}`, collection: "seq", resolve: (seq) => wrap((seq as YAMLSeq).toJSON()) },
    { tag: `!${name}`, collection: "map", resolve: (map) => wrap((map as YAMLMap).toJSON()) },
  ];
}

const CUSTOM_TAGS: Tags = [
  ...intrinsicTags("Ref", "Ref"),
  ...intrinsicTags("Condition", "Condition"),
  // `!GetAtt A.B` is split at the first dot, as CloudFormation does.
  ...intrinsicTags("GetAtt", "Fn::GetAtt", (value) => {
    const dot = value.indexOf(".");
    return dot < 0 ? value : [value.slice(0, dot), value.slice(dot + 1)];
  }),
  ...FUNCTIONS.flatMap((name) => intrinsicTags(name, `Fn::${name}`)),
];

/** A usage error (exit 2), without the command's usage line after it (the mistake is in the file). */
export class TemplateSyntaxError extends UsageError {}

/** `file:line:col: message`, without the position the yaml library repeats at the end of its first line. */
function located(filename: string, problem: YAMLError, message = problem.message.split("\n")[0]): string {
  const where = problem.linePos ? `${filename}:${problem.linePos[0].line}:${problem.linePos[0].col}` : filename;
  return `${where}: ${message.replace(/ at line \d+, column \d+:?$/, "")}`;
}

/** CloudFormation rejects a tag it does not know; the yaml library only warns, and drops the tag. */
function unknownTag(document: Document, text: string, filename: string): string | undefined {
  const warning = document.warnings.find((problem) => problem.code === "TAG_RESOLVE_FAILED");
  if (!warning) return undefined;
  const tag = text.slice(...warning.pos);
  return located(filename, warning, `unknown tag '${tag}' (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !If, ...)`);
}

const MAX_ALIAS_COUNT = 1000;

/** toJS throws ReferenceError for aliases: one with no anchor before it, or an alias bomb (too many expansions). */
function aliasProblem(error: ReferenceError): string {
  const missing = /^Unresolved alias.*: (.+)$/.exec(error.message);
  if (missing) return `alias '*${missing[1]}' has no anchor '&${missing[1]}' before it`;
  return `YAML aliases expand past the limit (${MAX_ALIAS_COUNT} aliased nodes)`;
}

/** In valid JSON: a string (with the colon after it when it is a key) or a bracket. */
const JSON_TOKENS = /"(?:[^"\\]|\\.)*"(\s*:)?|[{}[\]]/g;

/** Whether some object of this valid JSON text has a key twice (JSON.parse keeps the last one). */
function hasDuplicateKey(json: string): boolean {
  const scopes: Array<Set<string> | undefined> = []; // per open bracket: an object's keys so far, or undefined for an array
  for (const [token, colon] of json.matchAll(JSON_TOKENS)) {
    if (token === "{" || token === "[") scopes.push(token === "{" ? new Set() : undefined);
    else if (token === "}" || token === "]") scopes.pop();
    else if (colon) {
      const quoted = token.slice(0, token.length - colon.length);
      const key = quoted.includes("\\") ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
      const keys = scopes.at(-1);
      if (keys?.has(key)) return true;
      keys?.add(key);
    }
  }
  return false;
}

/**
 * A JSON template (what `pareto expand` writes and tools generate) read with JSON.parse: the value the
 * YAML parser gives for it (JSON is YAML), without running the YAML parser, which on a fresh process is
 * most of the time of `pareto expand file.json`. Undefined for text JSON.parse refuses and for JSON with
 * a key twice in one object (refused by the YAML parser and CloudFormation, kept by JSON.parse): the YAML
 * parser reads those, and locates the problem.
 */
function parseJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKey(text) ? undefined : value;
}

export function parseTemplate(text: string, filename: string): unknown {
  const json = parseJson(text);
  if (json !== undefined) return json;
  const document = yamlLibrary().parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, prettyErrors: true });
  const problem = document.errors.length ? located(filename, document.errors[0]) : unknownTag(document, text, filename);
  if (problem) throw new TemplateSyntaxError(problem);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new TemplateSyntaxError(`${filename}: ${aliasProblem(error)}`);
  }
}
