/** Reading templates as CloudFormation does: JSON or YAML with the short-form intrinsic tags. */
import { parseDocument, type Tags, type YAMLMap, type YAMLSeq } from "yaml";

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

export function parseTemplate(text: string, filename: string): unknown {
  const document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length) {
    const [first] = document.errors;
    const where = first.linePos ? `${filename}:${first.linePos[0].line}:${first.linePos[0].col}` : filename;
    throw new TemplateSyntaxError(`${where}: ${first.message.split("\n")[0]}`);
  }
  return document.toJS({ maxAliasCount: 1000 });
}
