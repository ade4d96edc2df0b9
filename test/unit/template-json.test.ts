/**
 * parseTemplate reads JSON with JSON.parse (start-up: the YAML parser is most of a CLI call's time on a
 * fresh process). It must give exactly what the YAML parser gives, and send everything JSON.parse would
 * read differently (a key twice in one object) or not at all to the YAML parser, whose messages stay.
 */
import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { parseTemplate, TemplateSyntaxError } from "../../src/cli/yaml.js";

/** What the YAML path alone makes of a text (JSON is YAML 1.2). */
const viaYaml = (text: string) => parseDocument(text, { uniqueKeys: true }).toJS({ maxAliasCount: 1000 });

describe("a JSON template", () => {
  it("reads as the YAML parser reads it, for any JSON value, pretty or not", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify({ Resources: { App: value } }, null, pretty ? 2 : undefined);
        expect(parseTemplate(text, "t.json")).toStrictEqual(viaYaml(text));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps escapes, unusual keys and numbers as YAML does", () => {
    const text = '{"__proto__": {"a": 1}, "k\\u0065y": "\\u00e9\\n\\"", "n": [-0, 1e400, 12345678901234567890, 1.50], "": null}';
    const parsed = parseTemplate(text, "t.json") as Record<string, unknown>;
    expect(parsed).toStrictEqual(viaYaml(text));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
  });

  it("with a key twice in one object, is refused with the YAML parser's location", () => {
    for (const text of ['{"a": 1, "a": 2}', '{"x": {"a": 1, "\\u0061": 2}}', '[{"a": 1}, {"b": {"c": 1, "c": 1}}]']) {
      expect(() => parseTemplate(text, "t.json"), text).toThrow(TemplateSyntaxError);
      expect(() => parseTemplate(text, "t.json"), text).toThrow(/^t\.json:1:\d+: Map keys must be unique/);
    }
  });

  it("may have the same key in different objects, and key-like strings in values and arrays", () => {
    const text = '{"a": {"a": "a:"}, "b": ["a", "a", {"a": ":"}], "c": {"a": {"a": 1}}}';
    expect(parseTemplate(text, "t.json")).toStrictEqual({ a: { a: "a:" }, b: ["a", "a", { a: ":" }], c: { a: { a: 1 } } });
  });

  it("that JSON.parse refuses goes to the YAML parser (which may read it, or say where it fails)", () => {
    expect(parseTemplate('{"a": 1, }', "t.json")).toStrictEqual({ a: 1 }); // YAML flow mappings allow the trailing comma
    expect(parseTemplate("{a: !Ref B}", "t.yaml")).toStrictEqual({ a: { Ref: "B" } });
    expect(() => parseTemplate('{"a": [1, 2}', "t.json")).toThrow(UsageError);
  });
});
