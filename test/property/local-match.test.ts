/**
 * Properties of local matching over random patterns that Pareto's validator accepts (fixed seed): the event
 * `satisfy` builds for a pattern (what `pareto sample` does for a global event) matches it, whenever the pattern can
 * be satisfied at all; and the event with one matched field changed no longer matches, where that is well defined
 * (the field is outside every `$or`, and its list has no `anything-but` or `exists`): the field removed, or given a
 * value of a type none of its matchers accepts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPattern } from "../../src/expander/validate/pattern.js";
import { type Json, satisfy } from "../../src/local/generate.js";
import { match, subPatterns } from "../../src/local/match.js";
import { globalEvent, SAMPLE_TIME } from "../../src/local/shapes.js";

const SEED = 20250101;
const BASE = globalEvent({ account: "123456789012", region: "us-east-1", partition: "aws", time: SAMPLE_TIME, seed: "property" });

const text = fc.oneof(fc.constantFrom("", "a", "ab", "A", "x/y", "uploads/", ".png", "é", "10.0.0.1", "*"), fc.string({ maxLength: 6 }));
const nonEmpty = text.filter((value) => value !== "");
const wildcard = fc
  .array(fc.constantFrom("a", "b", "*", "/", ".", "\\*", "\\\\", "é"), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""));
const number = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0.5, -2.25, 301.8, 1e6));
const oneOrList = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }));
const bounded = fc
  .tuple(number, number, fc.constantFrom(">", ">="), fc.constantFrom("<", "<="))
  .filter(([low, high]) => low < high)
  .map(([low, high, lower, upper]) => [lower, low, upper, high]);

const matcher: fc.Arbitrary<unknown> = fc.oneof(
  text,
  number,
  fc.constantFrom(true, false, null),
  text.map((prefix) => ({ prefix })),
  text.map((value) => ({ prefix: { "equals-ignore-case": value } })),
  text.map((suffix) => ({ suffix })),
  text.map((value) => ({ suffix: { "equals-ignore-case": value } })),
  text.map((value) => ({ "equals-ignore-case": value })),
  wildcard.map((value) => ({ wildcard: value })),
  fc.oneof(text, number, fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(number, { minLength: 1, maxLength: 3 })).map((value) => ({
    "anything-but": value,
  })),
  fc.constantFrom("prefix", "suffix").chain((operator) => oneOrList(nonEmpty).map((value) => ({ "anything-but": { [operator]: value } }))),
  oneOrList(text).map((value) => ({ "anything-but": { "equals-ignore-case": value } })),
  oneOrList(wildcard).map((value) => ({ "anything-but": { wildcard: value } })),
  fc
    .oneof(
      fc.tuple(fc.constantFrom("=", ">", ">=", "<", "<="), number).map(([operator, value]) => [operator, value]),
      bounded,
    )
    .map((numeric) => ({ numeric })),
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom("10.0.0.0/8", "192.168.1.0/24", "10.1.2.3/31", "0.0.0.0/0", "2001:db8::/32", "fe80::/10").map((cidr) => ({ cidr })),
);

const leaf = fc.array(matcher, { minLength: 1, maxLength: 3 });
const name = fc.constantFrom("a", "b", "c", "state", "size", "key");

const object: fc.Memo<Record<string, unknown>> = fc.memo((depth) =>
  fc
    .tuple(
      fc.dictionary(name, depth > 1 ? fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: object(depth - 1) }) : leaf, {
        minKeys: 1,
        maxKeys: 3,
      }),
      depth > 1 ? fc.option(fc.array(object(depth - 1), { minLength: 2, maxLength: 3 }), { freq: 4 }) : fc.constant(null),
    )
    .map(([fields, or]) => (or ? { ...fields, $or: or } : fields)),
);

const pattern = fc
  .record(
    {
      source: leaf,
      "detail-type": leaf,
      resources: leaf,
      detail: object(3),
    },
    { requiredKeys: [] },
  )
  .filter((candidate) => Object.keys(candidate).length > 0 && checkPattern(candidate, "pattern", "event").length === 0);

/** No event can satisfy a sub-pattern naming a field and a field below it (a value and an object at one place). */
const impossible = (candidate: unknown) =>
  subPatterns(candidate).every((fields) =>
    fields.some(
      (outer) =>
        !outer.matchers.every((m) => JSON.stringify(m) === '{"exists":false}') &&
        fields.some((inner) => inner.name.startsWith(`${outer.name}.`)),
    ),
  );

const isOperator = (m: unknown, ...names: string[]) => typeof m === "object" && m !== null && names.some((n) => n in m);
const stringOnly = (m: unknown) => typeof m === "string" || isOperator(m, "prefix", "suffix", "equals-ignore-case", "wildcard", "cidr");
const numberOnly = (m: unknown) => typeof m === "number" || isOperator(m, "numeric");

function withoutField(event: Json, keys: string[]): Json {
  const copy = structuredClone(event);
  let node: unknown = copy;
  for (const key of keys.slice(0, -1)) node = (node as Json)[key];
  delete (node as Json)[keys[keys.length - 1]];
  return copy;
}

function withValue(event: Json, keys: string[], value: unknown): Json {
  const copy = structuredClone(event);
  let node: unknown = copy;
  for (const key of keys.slice(0, -1)) node = (node as Json)[key];
  (node as Json)[keys[keys.length - 1]] = value;
  return copy;
}

/** Fields written outside every `$or` (and not written again inside one): in every sub-pattern, with the same list. */
function stableFields(candidate: Record<string, unknown>) {
  const subs = subPatterns(candidate);
  const [first, ...rest] = subs;
  return (first ?? []).filter((field) =>
    rest.every((fields) => fields.some((other) => other.name === field.name && other.matchers === field.matchers)),
  );
}

describe("local matching over random valid patterns", () => {
  it("the generator covers every operator", () => {
    const seen = new Set<string>();
    for (const m of fc.sample(matcher, { seed: SEED, numRuns: 2000 }))
      seen.add(typeof m === "object" && m !== null ? Object.keys(m)[0] : m === null ? "null" : typeof m);
    expect([...seen].sort()).toEqual([
      "anything-but",
      "boolean",
      "cidr",
      "equals-ignore-case",
      "exists",
      "null",
      "number",
      "numeric",
      "prefix",
      "string",
      "suffix",
      "wildcard",
    ]);
  });

  it("the sample built for a pattern matches it", () => {
    let built = 0;
    fc.assert(
      fc.property(pattern, (candidate) => {
        const result = satisfy(candidate, BASE);
        if (!result.ok) {
          expect(impossible(candidate), `no sample for ${JSON.stringify(candidate)}: ${result.reason}`).toBe(true);
          return;
        }
        built++;
        const outcome = match(candidate, result.event);
        expect(outcome, JSON.stringify({ pattern: candidate, event: result.event })).toEqual({ matched: true });
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(built).toBeGreaterThan(350);
  });

  it("the sample with one matched field removed, or of a type its matchers refuse, does not match", () => {
    let mutated = 0;
    fc.assert(
      fc.property(pattern, fc.nat(), (candidate, pick) => {
        const result = satisfy(candidate, BASE);
        if (!result.ok) return;
        const fields = stableFields(candidate).filter((field) => !field.matchers.some((m) => isOperator(m, "anything-but", "exists")));
        if (!fields.length) return;
        const field = fields[pick % fields.length];
        mutated++;
        const context = JSON.stringify({ pattern: candidate, field: field.name, event: result.event });
        expect(match(candidate, withoutField(result.event, field.keys)).matched, context).toBe(false);
        const other = field.matchers.every(stringOnly) ? 12345 : field.matchers.every(numberOnly) ? "12345" : undefined;
        if (other !== undefined) expect(match(candidate, withValue(result.event, field.keys, other)).matched, context).toBe(false);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(mutated).toBeGreaterThan(200);
  });
});
