/**
 * EventBridge event-pattern matching, done locally (docs/local.md). It follows event-ruler, the library EventBridge
 * matches with, in the way it reads both sides:
 *
 * - the pattern becomes sub-patterns, one per combination of `$or` alternatives, each a map from a dotted field name
 *   (`detail.object.key`) to its list of matchers; a field written twice keeps its last list (`JsonRuleCompiler`);
 * - the event becomes its leaves (strings, numbers, booleans, null), each with its dotted name and the array
 *   elements it sits in; objects and arrays are never values, so `exists` sees leaves only (`Event`);
 * - a sub-pattern matches when each of its fields, taken in sorted order, has a leaf that one of its matchers
 *   accepts, all chosen leaves lying in the same element of every array they share ("array consistency",
 *   `ACFinder`), or, for `{exists: false}`, no leaf consistent with the leaves chosen so far.
 *
 * A miss reports the first field (in the order written) that no leaf satisfies: `detail.size: 12 is not in numeric
 * [">", 100]`. Pure.
 */
import { isRecord } from "../expander/intrinsics.js";
import { describeMatchers, isAbsence, type Leaf, matchesValue } from "./operators.js";

/** One field of a sub-pattern: its dotted name, its keys as written (to build events), and its matchers. */
export interface RuleField {
  name: string;
  keys: string[];
  matchers: unknown[];
}

export type SubPattern = RuleField[];

/** The sub-patterns a pattern stands for (its `$or`s expanded), each field in the order written. */
export function subPatterns(pattern: unknown): SubPattern[] {
  if (!isRecord(pattern)) return [];
  let rules: Map<string, RuleField>[] = [];
  const visit = (object: Record<string, unknown>, keys: string[]) => {
    for (const [key, value] of Object.entries(object)) {
      if (key === "$or" && Array.isArray(value) && value.length >= 2 && value.every(isRecord)) {
        const before = rules;
        rules = [];
        for (const alternative of value) {
          const saved = rules;
          rules = before.length ? before.map((rule) => new Map(rule)) : [new Map()];
          visit(alternative, keys);
          rules = [...saved, ...rules];
        }
      } else if (isRecord(value)) visit(value, [...keys, key]);
      else if (Array.isArray(value)) {
        if (!rules.length) rules.push(new Map());
        const field = { name: [...keys, key].join("."), keys: [...keys, key], matchers: value };
        for (const rule of rules) rule.set(field.name, field);
      }
    }
  };
  visit(pattern, []);
  return rules.map((rule) => [...rule.values()]);
}

/** A leaf of the event: its value and, for each array it lies in an element of, that element's index. */
export interface EventLeaf {
  value: Leaf;
  arrays: ReadonlyMap<number, number>;
}

/** The leaves of an event by dotted name. */
export function eventLeaves(event: Record<string, unknown>): Map<string, EventLeaf[]> {
  const leaves = new Map<string, EventLeaf[]>();
  let arrayCount = 0;
  const add = (name: string, value: Leaf, arrays: ReadonlyMap<number, number>) => {
    const list = leaves.get(name) ?? [];
    list.push({ value, arrays });
    leaves.set(name, list);
  };
  const walk = (node: unknown, name: string, arrays: ReadonlyMap<number, number>) => {
    if (Array.isArray(node)) {
      const id = arrayCount++;
      node.forEach((element, index) => {
        if (element !== null && typeof element === "object") walk(element, name, new Map([...arrays, [id, index]]));
        else add(name, element as Leaf, arrays);
      });
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) walk(value, name ? `${name}.${key}` : key, arrays);
    } else if (name) add(name, node as Leaf, arrays);
  };
  walk(event, "", new Map());
  return leaves;
}

/** The union of two array memberships, or undefined when they place one array at two different elements. */
function consistent(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): ReadonlyMap<number, number> | undefined {
  if (!b.size) return a;
  if (!a.size) return b;
  for (const [id, index] of b) if (a.has(id) && a.get(id) !== index) return undefined;
  return new Map([...a, ...b]);
}

/** Ruler's search: fields in sorted order, each leaf tried, array elements kept consistent. */
function subPatternMatches(fields: SubPattern, leaves: Map<string, EventLeaf[]>): boolean {
  const sorted = [...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A field's answer depends only on the array elements chosen so far: remembered, so that arrays of many values
  // cost their length per field rather than its power.
  const failed = new Set<string>();
  const search = (index: number, arrays: ReadonlyMap<number, number>): boolean => {
    if (index === sorted.length) return true;
    const key = `${index}|${[...arrays].map(([id, element]) => `${id}:${element}`).join(",")}`;
    if (failed.has(key)) return false;
    const found = tryField(index, arrays);
    if (!found) failed.add(key);
    return found;
  };
  const tryField = (index: number, arrays: ReadonlyMap<number, number>): boolean => {
    const { name, matchers } = sorted[index];
    const candidates = leaves.get(name) ?? [];
    const positive = matchers.filter((matcher) => !isAbsence(matcher));
    for (const leaf of candidates) {
      const joined = consistent(arrays, leaf.arrays);
      if (joined && positive.some((matcher) => matchesValue(matcher, leaf.value)) && search(index + 1, joined)) return true;
    }
    if (positive.length < matchers.length && !candidates.some((leaf) => consistent(arrays, leaf.arrays))) return search(index + 1, arrays);
    return false;
  };
  return search(0, new Map());
}

export interface Miss {
  /** The dotted name of the field that failed ("" when the event itself is not an object). */
  field: string;
  /** `<field>: <why>`. */
  message: string;
  /** How many fields of the closest sub-pattern hold on their own (a near miss has some). */
  matchedFields: number;
  fields: number;
}

export type MatchResult = { matched: true } | ({ matched: false } & Miss);

const shown = (value: Leaf) => JSON.stringify(value);

/** Whether a field holds on its own (array consistency aside), and if not, why. */
function fieldProblem(field: RuleField, leaves: Map<string, EventLeaf[]>): string | undefined {
  const present = leaves.get(field.name) ?? [];
  const positive = field.matchers.filter((matcher) => !isAbsence(matcher));
  const absenceAllowed = positive.length < field.matchers.length;
  if (!present.length) {
    if (absenceAllowed) return undefined;
    const below = [...leaves.keys()].some((name) => name.startsWith(`${field.name}.`));
    return `${below ? "is an object, not a value" : "is absent"} (the pattern needs ${describeMatchers(positive)})`;
  }
  if (present.some((leaf) => positive.some((matcher) => matchesValue(matcher, leaf.value)))) return undefined;
  const values = present.length === 1 ? shown(present[0].value) : `[${present.map((leaf) => shown(leaf.value)).join(", ")}]`;
  if (!positive.length) return `${values} is present, but the pattern needs it absent (exists: false)`;
  return `${values} is not in ${describeMatchers(field.matchers)}`;
}

function diagnose(fields: SubPattern, leaves: Map<string, EventLeaf[]>): Miss {
  const problems = fields.map((field) => ({ field, problem: fieldProblem(field, leaves) }));
  const failed = problems.filter(({ problem }) => problem !== undefined);
  const matchedFields = fields.length - failed.length;
  if (failed.length) {
    const [{ field, problem }] = failed;
    return { field: field.name, message: `${field.name}: ${problem}`, matchedFields, fields: fields.length };
  }
  const names = fields.map(({ name }) => name);
  return {
    field: names[0] ?? "",
    message: `${names.join(", ")}: each matches, but not all in the same element of an array (EventBridge matches the fields of one array element together)`,
    matchedFields: fields.length - 1,
    fields: fields.length,
  };
}

/** Whether an event matches a pattern whose intrinsic functions are resolved; for a miss, the first field that failed. */
export function match(pattern: unknown, event: unknown): MatchResult {
  if (!isRecord(event)) return { matched: false, field: "", message: "the event is not a JSON object", matchedFields: 0, fields: 0 };
  const subs = subPatterns(pattern);
  if (!subs.length) return { matched: true };
  const leaves = eventLeaves(event);
  if (subs.some((fields) => subPatternMatches(fields, leaves))) return { matched: true };
  let best: Miss | undefined;
  for (const fields of subs) {
    const miss = diagnose(fields, leaves);
    if (!best || miss.matchedFields > best.matchedFields) best = miss;
  }
  return { matched: false, ...(best as Miss) };
}
