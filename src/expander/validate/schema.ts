/**
 * Schema validation: runs the ahead-of-time compiled validator (no schema compilation at cold start)
 * and turns ajv's errors into `<DSL path>: <message>` lines a user can act on.
 */
import type { ErrorObject } from "ajv";
import validate from "../../generated/app-validator.js";
import { CONDITION_FUNCTIONS, INTRINSIC_FUNCTIONS, isIntrinsic, isLiteralRecord, isRecord } from "../intrinsics.js";
import { childPath, shown } from "./path.js";
import { didYouMean } from "./suggest.js";

type SchemaNode = Record<string, unknown>;

const segments = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

/** The schema node an error was raised in (the validator is compiled with `verbose`). */
const schemaNode = (error: ErrorObject) => (error.parentSchema ?? {}) as SchemaNode;

/** The DSL path of an ajv instance path, and the value found there. */
function locate(root: unknown, base: string, instancePath: string): { path: string; value: unknown } {
  let path = base;
  let value = root;
  for (const segment of segments(instancePath)) {
    const isIndex = Array.isArray(value);
    path = childPath(path, isIndex ? Number(segment) : segment);
    // Segments are the user's keys: own properties only (a key `constructor` is not Object's).
    const record = value as Record<string, unknown>;
    value = typeof value === "object" && value !== null && Object.hasOwn(record, segment) ? record[segment] : undefined;
  }
  return { path, value };
}

const within = (error: ErrorObject, parent: ErrorObject) =>
  error.instancePath === parent.instancePath || error.instancePath.startsWith(`${parent.instancePath}/`);

/**
 * An `anyOf` failure yields one error per branch. Keep what helps: for an object matched against a
 * structured branch, its own key errors (for a list against a list of mappings, its items' errors); otherwise the
 * node's single `x-message`.
 */
/** A list branch whose items are mappings (a `$ref` to one, or properties of their own). */
const listsMappings = (branch: SchemaNode) => {
  const items = branch.items as SchemaNode | undefined;
  return items !== undefined && (items.$ref !== undefined || items.properties !== undefined);
};

function foldAlternatives(errors: ErrorObject[], root: unknown): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const alternatives = errors.filter((e) => e.keyword === "anyOf").sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const alternative of alternatives) {
    if (dropped.has(alternative)) continue;
    const node = schemaNode(alternative);
    const value = locate(root, "", alternative.instancePath).value;
    const related = errors.filter((e) => e !== alternative && !dropped.has(e) && within(e, alternative));
    const branches = node.anyOf as SchemaNode[];
    // A mapping against a branch with properties, or a list against a branch listing mappings: the errors inside say more.
    const structured =
      (isLiteralRecord(value) && branches.some((branch) => branch.properties !== undefined)) ||
      (Array.isArray(value) && branches.some((branch) => branch.type === "array" && listsMappings(branch)));
    const kept = structured
      ? related.filter(
          (e) => e.instancePath !== alternative.instancePath || e.keyword === "required" || e.keyword === "additionalProperties",
        )
      : [];
    for (const e of related) if (!kept.includes(e)) dropped.add(e);
    if (kept.length) dropped.add(alternative);
  }
  return errors.filter((e) => !dropped.has(e) && !(e.keyword === "propertyNames" && e.propertyName === undefined));
}

/** A value as it appears in a message: JSON, cut short when long. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const typeNames: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
};
const typeName = (type: string) => (Object.hasOwn(typeNames, type) ? typeNames[type] : type);

/** What is wrong with a value shaped like an intrinsic function that is not a valid one, or undefined. */
function intrinsicProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [name] = keys;
  const inner = (value as Record<string, unknown>)[name];
  if (name === "Ref") return typeof inner === "string" && inner ? undefined : "Ref needs the name of a resource or parameter";
  if (CONDITION_FUNCTIONS.has(name))
    return `${name} is a condition function: it belongs in the template's Conditions (use Fn::If with a condition's name here)`;
  if (name.startsWith("Fn::") && !INTRINSIC_FUNCTIONS.has(name))
    return `'${shown(name)}' is not an intrinsic function (${[...INTRINSIC_FUNCTIONS].join(", ")})${didYouMean(name, [...INTRINSIC_FUNCTIONS])}`;
  return undefined;
}

function message(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  const notIntrinsic = intrinsicProblem(value);
  if (notIntrinsic) return notIntrinsic;
  if (isIntrinsic(value) && error.keyword !== "anyOf")
    return "needs a literal value, not an intrinsic function (Pareto decides with it while expanding)";
  switch (error.keyword) {
    case "anyOf":
      return String(schemaNode(error)["x-message"] ?? "is not one of the allowed forms");
    case "required":
      return `missing required key '${params.missingProperty}'`;
    case "type":
      return `must be ${String(params.type).split(",").map(typeName).join(" or ")}`;
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
      return `${show(value)} is not one of: ${allowed.join(", ")}${hint}`;
    }
    case "pattern":
    case "maxLength": {
      const custom = schemaNode(error)["x-message"];
      return custom ? String(custom) : `${error.message}`;
    }
    case "uniqueItems":
      return `lists the same value twice (items ${params.j} and ${params.i})`;
    case "maxItems":
      return `must have at most ${params.limit} items`;
    case "minItems":
      return `must have at least ${params.limit} item${params.limit === 1 ? "" : "s"}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${show(value)} ${error.message}`;
    default:
      return String(error.message);
  }
}

/** Every schema problem of the DSL found at `base` (e.g. `Resources.App.Properties`). */
export function schemaErrors(dsl: unknown, base: string): string[] {
  if (validate(dsl)) return [];
  const lines = new Set<string>();
  for (const error of foldAlternatives(validate.errors ?? [], dsl)) {
    const { path, value } = locate(dsl, base, error.instancePath);
    if (error.keyword === "additionalProperties") {
      const key = String((error.params as Record<string, unknown>).additionalProperty);
      const known = Object.keys((schemaNode(error).properties ?? {}) as object);
      lines.add(`${childPath(path, key)}: unknown key${didYouMean(key, known)}`);
    } else if (error.propertyName !== undefined) {
      lines.add(`${childPath(path, error.propertyName)}: name ${message(error, error.propertyName)}`);
    } else {
      lines.add(`${path}: ${message(error, value)}`);
    }
  }
  return [...lines];
}
