/**
 * An event a pattern matches, built over a base event (the shape a source delivers): each field the pattern names
 * keeps the base's value when that already satisfies it, and otherwise gets the simplest value that does (the
 * prefix itself with the base's rest, a number inside the range, the first host of a CIDR block, a value outside an
 * `anything-but`); `{exists: false}` removes the field. The result is checked with `match`, so what is returned
 * always matches; a pattern no event of that base can satisfy is reported instead. Deterministic. Pure.
 */
import { isRecord } from "../expander/intrinsics.js";
import { addressIn, formatIp, parseCidr } from "./ip.js";
import { match, type SubPattern, subPatterns } from "./match.js";
import { fillWildcard, isAbsence, type Leaf, matchesValue } from "./operators.js";

export type Json = Record<string, unknown>;

export interface SatisfyOptions {
  /** Source rules applied after the pattern's fields are set (a bridge's invariants); `fields` are the dotted names set. */
  fixup?: (event: Json, fields: ReadonlySet<string>) => Json;
  /** Patterns the event should preferably not match (the app's other rules). */
  avoid?: readonly unknown[];
}

export type Satisfied = { ok: true; event: Json } | { ok: false; reason: string };

const clone = <T>(value: T): T => structuredClone(value);
const isLeaf = (value: unknown): value is Leaf => value === null || ["string", "number", "boolean"].includes(typeof value);

/** The value at a path, stepping into the first element of arrays of objects. */
function valueAt(event: Json, keys: readonly string[]): unknown {
  let node: unknown = event;
  for (const key of keys) {
    if (Array.isArray(node)) node = node.find(isRecord);
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets a value at a path, creating objects on the way (and stepping into the first element of arrays of objects). */
function setAt(event: Json, keys: readonly string[], value: unknown) {
  let node: Json = event;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    let next = node[key];
    if (Array.isArray(next)) {
      let element = next.find(isRecord);
      if (!element) {
        element = {};
        next.unshift(element);
      }
      next = element;
    } else if (!isRecord(next)) {
      next = {};
      node[key] = next;
    }
    node = next as Json;
  });
}

function removeAt(event: Json, keys: readonly string[]) {
  const parent = valueAt(event, keys.slice(0, -1));
  const owner = Array.isArray(parent) ? parent.filter(isRecord) : isRecord(parent) ? [parent] : [];
  for (const object of owner) delete object[keys[keys.length - 1]];
}

const FILLER = "example";

function numberCandidates(spec: unknown[]): number[] {
  const bounds = new Map<string, number>();
  for (let i = 0; i + 1 < spec.length; i += 2) bounds.set(String(spec[i]), Number(spec[i + 1]));
  const equal = bounds.get("=");
  if (equal !== undefined) return [equal];
  const low = bounds.get(">=") ?? bounds.get(">");
  const high = bounds.get("<=") ?? bounds.get("<");
  const candidates = [0, 1];
  if (low !== undefined) candidates.push(low, Math.floor(low) + 1, low + 1, low + 0.5);
  if (high !== undefined) candidates.push(high, Math.ceil(high) - 1, high - 1, high - 0.5);
  if (low !== undefined && high !== undefined) candidates.push(Math.floor((low + high) / 2), (low + high) / 2);
  return candidates;
}

/** Digits, letters and other characters as `0`, `a` and themselves: `2017-10-02` -> `0000-00-00`. */
const shape = (text: string) => text.replace(/\p{Nd}/gu, "0").replace(/\p{L}/gu, "a");

/**
 * `prefix` laid over the current value when both begin alike (a time keeps its clock: `2017-10-02T12:00:00Z`), else
 * put before it (`uploads/example.txt`), then the prefix with a filler, then the prefix alone.
 */
function prefixed(prefix: string, current: unknown): string[] {
  if (typeof current !== "string") return [prefix + FILLER, prefix];
  const overlay = current.length > prefix.length && shape(current.slice(0, prefix.length)) === shape(prefix);
  return [...(overlay ? [prefix + current.slice(prefix.length)] : []), prefix + current, prefix + FILLER, prefix];
}

/** `suffix` replacing the current value's extension, then a filler with the suffix, then the suffix. */
function suffixed(suffix: string, current: unknown): string[] {
  const stem = typeof current === "string" ? current.replace(/\.[^./]*$/, "") : FILLER;
  return [stem + suffix, FILLER + suffix, suffix];
}

/** Values to try for one matcher, best first (the current value first: the base's value is the realistic one). */
function candidates(matcher: unknown, current: unknown): unknown[] {
  const own = isLeaf(current) ? [current] : [];
  if (!isRecord(matcher)) return [matcher];
  const [operator, argument] = Object.entries(matcher)[0] ?? [];
  const text = isRecord(argument) ? String(argument["equals-ignore-case"]) : String(argument);
  switch (operator) {
    case "prefix":
      return [...own, ...prefixed(text, current)];
    case "suffix":
      return [...own, ...suffixed(text, current)];
    case "equals-ignore-case":
      return [...own, text];
    case "wildcard":
      return [...own, fillWildcard(text, FILLER), fillWildcard(text, "")];
    case "numeric":
      return [...own, ...numberCandidates(Array.isArray(argument) ? argument : [])];
    case "cidr": {
      const block = parseCidr(text);
      return [...own, ...(block ? [formatIp(addressIn(block))] : [])];
    }
    case "exists":
      return [...own, FILLER];
    case "anything-but":
      return [...own, FILLER, "other", "x", "_", `${FILLER}-1`, `${FILLER}-2`, 0, 1, 2, 3, true];
    default:
      return [];
  }
}

/** A value for a field: a current leaf (or array element) that already satisfies it, else the first candidate that does. */
function chooseValue(matchers: readonly unknown[], current: unknown): { value: unknown } | undefined {
  const positive = matchers.filter((matcher) => !isAbsence(matcher));
  if (isLeaf(current) && positive.some((m) => matchesValue(m, current))) return { value: current };
  if (Array.isArray(current) && current.some((item) => isLeaf(item) && positive.some((m) => matchesValue(m, item))))
    return { value: current };
  for (const matcher of positive)
    for (const candidate of candidates(matcher, Array.isArray(current) ? current.find(isLeaf) : current))
      if (isLeaf(candidate) && matchesValue(matcher, candidate)) return { value: Array.isArray(current) ? [candidate] : candidate };
  return undefined;
}

function build(fields: SubPattern, base: Json, options: SatisfyOptions): Json | undefined {
  let event = clone(base);
  for (const field of fields) {
    const onlyAbsence = field.matchers.every(isAbsence);
    const current = valueAt(event, field.keys);
    if (onlyAbsence) {
      removeAt(event, field.keys);
      continue;
    }
    // A field that may be absent and is absent from the base stays absent.
    if (current === undefined && field.matchers.some(isAbsence)) continue;
    const chosen = chooseValue(field.matchers, current);
    if (!chosen) return undefined;
    setAt(event, field.keys, chosen.value);
  }
  if (options.fixup) event = options.fixup(event, new Set(fields.map(({ name }) => name)));
  return event;
}

/** An event over `base` that `pattern` (intrinsics resolved) matches, or why there is none. */
export function satisfy(pattern: unknown, base: Json, options: SatisfyOptions = {}): Satisfied {
  const subs = subPatterns(pattern);
  if (!subs.length) {
    const event = options.fixup ? options.fixup(clone(base), new Set()) : clone(base);
    return { ok: true, event };
  }
  let fallback: Json | undefined;
  let firstMiss: string | undefined;
  for (const fields of subs) {
    const event = build(fields, base, options);
    if (!event) {
      firstMiss ??= "no value satisfies one of its fields";
      continue;
    }
    const result = match(pattern, event);
    if (!result.matched) {
      firstMiss ??= result.message;
      continue;
    }
    if (!(options.avoid ?? []).some((other) => match(other, event).matched)) return { ok: true, event };
    fallback ??= event;
  }
  return fallback ? { ok: true, event: fallback } : { ok: false, reason: firstMiss ?? "no event satisfies it" };
}
