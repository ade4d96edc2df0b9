/**
 * One value of an event against one item of a pattern's list, with EventBridge's semantics for every form Pareto
 * validates (src/expander/validate/pattern.ts). The semantics follow event-ruler, the library EventBridge matches
 * with (`ByteMachine.transitionOn`, `JsonRuleCompiler`), and the EventBridge user guide where they differ
 * (docs/aws-rules.md, "Matching events locally"). Pure.
 */
import { isRecord } from "../expander/intrinsics.js";
import { inBlock, ipBytes, parseCidr, sameAddress } from "./ip.js";

/** A leaf of an event: what EventBridge compares (objects and arrays are walked, never compared). */
export type Leaf = string | number | boolean | null;

/**
 * Numeric matching "is limited to values between -5.0e9 and +5.0e9 inclusive" (EventBridge user guide, "Numeric
 * matching"): outside it a number never satisfies `numeric`, and is never excluded by a numeric `anything-but`.
 */
export const NUMERIC_LIMIT = 5e9;
const comparable = (value: number) => Math.abs(value) <= NUMERIC_LIMIT;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Case variants of one character as ruler builds them (the character, its lower and its upper case). */
function caseless(text: string): string {
  return [...text]
    .map((char) => {
      const variants = [...new Set([char, char.toLowerCase(), char.toUpperCase()])].map(escapeRegex);
      return variants.length === 1 ? variants[0] : `(?:${variants.join("|")})`;
    })
    .join("");
}

const regexCache = new Map<string, RegExp>();
function cached(key: string, build: () => string): RegExp {
  let regex = regexCache.get(key);
  if (!regex) {
    regex = new RegExp(build(), "u");
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex;
}

export const equalsIgnoreCase = (value: string, text: string) => cached(`=${text}`, () => `^${caseless(text)}$`).test(value);
export const startsIgnoreCase = (value: string, text: string) => cached(`^${text}`, () => `^${caseless(text)}`).test(value);
export const endsIgnoreCase = (value: string, text: string) => cached(`$${text}`, () => `${caseless(text)}$`).test(value);

/** A wildcard: `*` any run of characters (none included), `\*` a star, `\\` a backslash; the whole value must match. */
export function wildcardMatches(value: string, wildcard: string): boolean {
  return cached(`*${wildcard}`, () => {
    let source = "^";
    for (let i = 0; i < wildcard.length; i++) {
      const char = wildcard[i];
      if (char === "\\" && i + 1 < wildcard.length) source += escapeRegex(wildcard[++i]);
      else source += char === "*" ? "[\\s\\S]*" : escapeRegex(char);
    }
    return `${source}$`;
  }).test(value);
}

/** The text a wildcard stands for with every `*` replaced by `fill` (escapes undone). */
export function fillWildcard(wildcard: string, fill: string): string {
  let text = "";
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i];
    if (char === "\\" && i + 1 < wildcard.length) text += wildcard[++i];
    else text += char === "*" ? fill : char;
  }
  return text;
}

/** `[op, n]` or `[op, low, op, high]`, each bound checked. */
export function numericMatches(value: number, spec: unknown[]): boolean {
  if (!comparable(value)) return false;
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const bound = spec[i + 1] as number;
    const ok =
      spec[i] === "="
        ? value === bound
        : spec[i] === ">"
          ? value > bound
          : spec[i] === ">="
            ? value >= bound
            : spec[i] === "<"
              ? value < bound
              : spec[i] === "<="
                ? value <= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

/**
 * A plain string in a pattern that reads as an IP address matches that address in any spelling (ruler turns it into
 * a one-address range: `CIDR.ipToRangeIfPossible`); other strings match exactly.
 */
function stringEquals(value: Leaf, text: string): boolean {
  if (typeof value !== "string") return false;
  if (value === text) return true;
  const address = ipBytes(text);
  const other = address && ipBytes(value);
  return Boolean(address && other && sameAddress(address, other));
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * `anything-but` needs a value (an absent field never matches it) and excludes only values of its own kind: a string
 * list never excludes a number, `true` or `null`, a number list never excludes a string (ruler compares the bytes
 * of the value as JSON, with the quotes of a string).
 */
function anythingBut(argument: unknown, value: Leaf): boolean {
  if (isRecord(argument)) {
    const [operator, operand] = Object.entries(argument)[0] ?? [];
    if (typeof value !== "string") return true;
    const texts = asList(operand).filter((text): text is string => typeof text === "string");
    switch (operator) {
      case "prefix":
        return !texts.some((text) => value.startsWith(text));
      case "suffix":
        return !texts.some((text) => value.endsWith(text));
      case "equals-ignore-case":
        return !texts.some((text) => equalsIgnoreCase(value, text));
      case "wildcard":
        return !texts.some((text) => wildcardMatches(value, text));
      default:
        return false;
    }
  }
  const excluded = asList(argument);
  if (typeof value === "string") return !excluded.some((item) => item === value);
  if (typeof value === "number") return !comparable(value) || !excluded.some((item) => typeof item === "number" && item === value);
  return true;
}

/** Whether one leaf satisfies one item of a pattern list. `{exists: false}` is about absence: the caller handles it. */
export function matchesValue(matcher: unknown, value: Leaf): boolean {
  if (matcher === null || typeof matcher === "boolean") return value === matcher;
  if (typeof matcher === "number") return typeof value === "number" && value === matcher;
  if (typeof matcher === "string") return stringEquals(value, matcher);
  if (!isRecord(matcher)) return false;
  const [operator, argument] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case "prefix":
      if (typeof value !== "string") return false;
      return isRecord(argument) ? startsIgnoreCase(value, String(argument["equals-ignore-case"])) : value.startsWith(String(argument));
    case "suffix":
      if (typeof value !== "string") return false;
      return isRecord(argument) ? endsIgnoreCase(value, String(argument["equals-ignore-case"])) : value.endsWith(String(argument));
    case "equals-ignore-case":
      return typeof value === "string" && equalsIgnoreCase(value, String(argument));
    case "wildcard":
      return typeof value === "string" && wildcardMatches(value, String(argument));
    case "numeric":
      return typeof value === "number" && Array.isArray(argument) && numericMatches(value, argument);
    case "cidr": {
      const block = typeof argument === "string" ? parseCidr(argument) : undefined;
      const address = typeof value === "string" ? ipBytes(value) : undefined;
      return Boolean(block && address && inBlock(address, block));
    }
    case "exists":
      return argument === true;
    case "anything-but":
      return anythingBut(argument, value);
    default:
      return false;
  }
}

export const isAbsence = (matcher: unknown) => isRecord(matcher) && matcher.exists === false && Object.keys(matcher).length === 1;

/** One item of a pattern list, as messages show it: `"a"`, `prefix "uploads/"`, `numeric [">", 100]`. */
export function describeMatcher(matcher: unknown): string {
  if (!isRecord(matcher)) return JSON.stringify(matcher);
  const [operator, argument] = Object.entries(matcher)[0] ?? [];
  const shown = (value: unknown) => JSON.stringify(value).replace(/,(?=["\d\-[{tfn])/g, ", ");
  if ((operator === "prefix" || operator === "suffix") && isRecord(argument))
    return `${operator} (ignoring case) ${shown(argument["equals-ignore-case"])}`;
  if (operator === "exists") return `exists: ${argument}`;
  return `${operator} ${shown(argument)}`;
}

/** A pattern list as messages show it: one operator alone, anything else as a list. */
export function describeMatchers(matchers: readonly unknown[]): string {
  if (matchers.length === 1 && isRecord(matchers[0])) return describeMatcher(matchers[0]);
  return `[${matchers.map(describeMatcher).join(", ")}]`;
}
