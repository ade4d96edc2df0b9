/**
 * The DSL schema documents itself: every property has a `description` (editors show it; the
 * generated types carry it as JSDoc), every `default` is a value its property accepts, and the
 * expander's defaults (src/generated/defaults.ts) are exactly the schema's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { DEFAULT_SOURCES, DEFAULTS } from "../../src/generated/defaults.js";

type Node = Record<string, unknown>;

const root = join(import.meta.dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8")) as Node;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);
const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every schema node, with its JSON pointer (not descending into values such as `enum`, `default`, `const`). */
function* nodes(node: Node, pointer = ""): Generator<[string, Node]> {
  yield [pointer, node];
  for (const [keyword, value] of Object.entries(node)) {
    if (["properties", "$defs", "patternProperties"].includes(keyword) && isNode(value)) {
      for (const [name, child] of Object.entries(value))
        if (isNode(child)) yield* nodes(child, `${pointer}/${keyword}/${escapePointer(name)}`);
    } else if (["anyOf", "oneOf", "allOf", "prefixItems"].includes(keyword) && Array.isArray(value)) {
      for (const [i, child] of value.entries()) if (isNode(child)) yield* nodes(child, `${pointer}/${keyword}/${i}`);
    } else if (
      ["items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains"].includes(keyword) &&
      isNode(value)
    ) {
      yield* nodes(value, `${pointer}/${keyword}`);
    }
  }
}

/** Every property of every object in the schema (including `$defs` and `anyOf` branches), by pointer. */
const properties: [string, Node][] = [...nodes(schema)].flatMap(([pointer, node]) =>
  isNode(node.properties)
    ? Object.entries(node.properties).map(([name, property]): [string, Node] => [
        `${pointer}/properties/${escapePointer(name)}`,
        property as Node,
      ])
    : [],
);
const withDefault = [...nodes(schema)].filter(([, node]) => node.default !== undefined);

const atPath = (path: string) => path.split(".").reduce<unknown>((value, key) => (value as Node | undefined)?.[key], DEFAULTS);

describe("DSL schema documentation", () => {
  it("walks the whole schema", () => {
    expect(properties.length).toBeGreaterThan(100);
    expect(withDefault.length).toBeGreaterThan(10);
  });

  it("gives every property a description", () => {
    const missing = properties.filter(([, property]) => typeof property.description !== "string" || !property.description.trim());
    expect(
      missing.map(([pointer]) => pointer),
      "properties without a description",
    ).toEqual([]);
  });

  it("writes defaults only on properties", () => {
    const propertyPointers = new Set(properties.map(([pointer]) => pointer));
    expect(withDefault.map(([pointer]) => pointer).filter((pointer) => !propertyPointers.has(pointer))).toEqual([]);
  });

  it("gives every default a value its property accepts", () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary(["x-message"]);
    ajv.addSchema(schema);
    const rejected = withDefault.flatMap(([pointer, node]) => {
      const validate = ajv.compile({ $ref: `${String(schema.$id)}#${pointer}` });
      return validate(node.default) ? [] : [`${pointer}: ${JSON.stringify(node.default)} ${ajv.errorsText(validate.errors)}`];
    });
    expect(rejected).toEqual([]);
  });

  it("generates DEFAULTS with exactly the schema's defaults", () => {
    const sources = Object.entries(DEFAULT_SOURCES) as [string, string][];
    // Every default in the schema has an entry naming where it is declared, and every entry names one.
    expect([...new Set(sources.map(([, pointer]) => pointer))].sort()).toEqual(withDefault.map(([pointer]) => pointer).sort());
    const declared = new Map(withDefault);
    for (const [path, pointer] of sources) expect(atPath(path), `DEFAULTS.${path}`).toEqual(declared.get(pointer)?.default);
    // And nothing else: DEFAULTS rebuilt from those entries is DEFAULTS.
    const rebuilt: Node = {};
    for (const [path, pointer] of sources) {
      const keys = path.split(".");
      const scope = keys.slice(0, -1).reduce<Node>((node, key) => {
        node[key] ??= {};
        return node[key] as Node;
      }, rebuilt);
      scope[keys.at(-1)!] = declared.get(pointer)?.default;
    }
    expect(DEFAULTS).toEqual(rebuilt);
  });

  it("carries every description and default into the generated types as JSDoc", () => {
    const types = readFileSync(join(root, "src", "generated", "dsl.ts"), "utf8");
    const comments = [...types.matchAll(/\/\*\*\n([\s\S]*?)\*\//g)].map((match) => match[1].replace(/^ \* ?/gm, ""));
    const documented = (text: string) => comments.some((comment) => comment.split("\n").includes(text));
    const descriptions = [...nodes(schema)].flatMap(([pointer, node]) =>
      typeof node.description === "string" && !documented(node.description.replace(/\*\//g, "*\\/")) ? [pointer] : [],
    );
    expect(descriptions, "descriptions missing from src/generated/dsl.ts").toEqual([]);
    const defaults = withDefault.flatMap(([pointer, node]) => (documented(`@default ${JSON.stringify(node.default)}`) ? [] : [pointer]));
    expect(defaults, "defaults missing from src/generated/dsl.ts").toEqual([]);
  });
});
