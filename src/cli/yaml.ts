/** Reading templates as CloudFormation does: JSON or YAML with the short-form intrinsic tags. */
import { type Document, parseDocument, type Tags, type YAMLError, type YAMLMap, type YAMLSeq } from "yaml";

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

export class TemplateSyntaxError extends Error {}

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

export function parseTemplate(text: string, filename: string): unknown {
  const document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, prettyErrors: true });
  const problem = document.errors.length ? located(filename, document.errors[0]) : unknownTag(document, text, filename);
  if (problem) throw new TemplateSyntaxError(problem);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new TemplateSyntaxError(`${filename}: ${aliasProblem(error)}`);
  }
}
