/**
 * The EventBridge event-pattern grammar ("Event patterns" and "Content filtering" in the EventBridge
 * user guide), and the Lambda event-filtering subset of it for `consume.filter`. Every problem is
 * reported with the path down to the bad leaf; nothing throws.
 */
import { isIntrinsic } from "../intrinsics.js";
import { childPath } from "./path.js";
import { didYouMean } from "./suggest.js";

export type PatternMode = "event" | "filter";

/** Top-level fields of an EventBridge event (the envelope); `detail` holds the source's own fields. */
export const ENVELOPE = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

/** EventBridge compares numbers between -5.0e9 and 5.0e9 (documented limit of numeric matching). */
const NUMERIC_LIMIT = 5e9;
/** EventBridge rejects a pattern whose `$or` expands into more than 1000 combinations. */
const MAX_OR_COMBINATIONS = 1000;
/** Lambda's FilterCriteria pattern is a string of at most 4096 characters. */
const MAX_FILTER_LENGTH = 4096;

type Check = (value: unknown, path: string, mode: PatternMode) => string[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The row of `table` for an operator the user wrote. Only the table's own rows count: `toString`,
 * `constructor` or `__proto__` are unknown operators, not what Object.prototype has under that name.
 */
const row = <T>(table: Readonly<Record<string, T>>, operator: string): T | undefined =>
  Object.hasOwn(table, operator) ? table[operator] : undefined;

/** A string, or an intrinsic function CloudFormation resolves to one. */
const isText = (value: unknown) => typeof value === "string" || isIntrinsic(value);
const isTextList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isText);

const mustBeText = (value: unknown, path: string, what = "a string"): string[] => (isText(value) ? [] : [`${path}: must be ${what}`]);

const textOrTextList = (value: unknown, path: string): string[] =>
  isText(value) || isTextList(value) ? [] : [`${path}: must be a string or a non-empty list of strings`];

function checkWildcard(value: unknown, path: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  if (!values.length || !values.every(isText)) return [`${path}: must be a string or a non-empty list of strings`];
  // EventBridge rejects consecutive wildcard characters ("**").
  return values.flatMap((v, i) =>
    typeof v === "string" && /(?<!\\)\*\*/.test(v)
      ? [`${Array.isArray(value) ? childPath(path, i) : path}: consecutive '*' are not allowed in a wildcard`]
      : [],
  );
}

/** `{prefix: "a"}` or `{prefix: {equals-ignore-case: "a"}}` (the same for suffix). */
function checkAffix(value: unknown, path: string): string[] {
  if (isObject(value) && !isIntrinsic(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== "equals-ignore-case") return [`${path}: must be a string or {equals-ignore-case: <string>}`];
    return mustBeText(value["equals-ignore-case"], childPath(path, "equals-ignore-case"));
  }
  return mustBeText(value, path);
}

const ANYTHING_BUT_OPERATORS: Record<string, (value: unknown, path: string) => string[]> = {
  prefix: textOrTextList,
  suffix: textOrTextList,
  "equals-ignore-case": textOrTextList,
  wildcard: checkWildcard,
};

function checkAnythingBut(value: unknown, path: string, mode: PatternMode): string[] {
  if (typeof value === "string" || typeof value === "number" || isIntrinsic(value)) return [];
  if (Array.isArray(value)) {
    if (!value.length) return [`${path}: must list at least one value`];
    const allText = value.every(isText);
    const allNumbers = value.every((v) => typeof v === "number");
    return allText || allNumbers ? [] : [`${path}: must list only strings or only numbers`];
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1) return [`${path}: must have exactly one operator (prefix, suffix, equals-ignore-case or wildcard)`];
    const [operator] = keys;
    const check = row(ANYTHING_BUT_OPERATORS, operator);
    if (!check) return [`${childPath(path, operator)}: unknown operator${didYouMean(operator, Object.keys(ANYTHING_BUT_OPERATORS))}`];
    if (mode === "filter" && operator !== "prefix")
      return [`${childPath(path, operator)}: Lambda event filtering does not support anything-but with ${operator}`];
    return check(value[operator], childPath(path, operator));
  }
  return [`${path}: must be a string, a number, a list of them, or {prefix|suffix|equals-ignore-case|wildcard: ...}`];
}

const LOWER = new Set([">", ">="]);
const UPPER = new Set(["<", "<="]);

function checkNumeric(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || ![2, 4].includes(value.length))
    return [`${path}: must be [operator, number] or [lower operator, number, upper operator, number]`];
  const errors: string[] = [];
  for (let i = 0; i < value.length; i += 2) {
    const operator = value[i];
    const number = value[i + 1];
    if (typeof operator !== "string" || ![...LOWER, ...UPPER, "="].includes(operator))
      errors.push(`${childPath(path, i)}: ${JSON.stringify(operator)} is not a numeric operator (=, >, >=, <, <=)`);
    if (typeof number !== "number" || !Number.isFinite(number))
      errors.push(`${childPath(path, i + 1)}: ${JSON.stringify(number)} is not a number`);
    else if (Math.abs(number) > NUMERIC_LIMIT)
      errors.push(`${childPath(path, i + 1)}: ${number} is outside the range EventBridge compares (-5e9 to 5e9)`);
  }
  if (errors.length || value.length === 2) return errors;
  if (!LOWER.has(value[0]) || !UPPER.has(value[2])) return [`${path}: a range is a lower bound (> or >=) then an upper bound (< or <=)`];
  return value[1] < value[3] ? [] : [`${path}: the lower bound must be below the upper bound`];
}

function checkCidr(value: unknown, path: string): string[] {
  if (typeof value !== "string") return [`${path}: must be a CIDR block such as 10.0.0.0/24`];
  const [address, bits, ...rest] = value.split("/");
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(address ?? "");
  const v6 = !v4 && /^[0-9a-fA-F:]+$/.test(address ?? "") && (address ?? "").includes(":");
  const max = v4 ? 32 : 128;
  const validBits = bits !== undefined && /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  return (v4 || v6) && validBits && rest.length === 0 ? [] : [`${path}: '${value}' is not a valid CIDR block`];
}

/** One row per content filter: how its operand is checked, and whether Lambda filters support it. */
const FILTERS: Record<string, { check: Check; lambda: boolean }> = {
  prefix: { check: (v, p) => checkAffix(v, p), lambda: true },
  suffix: { check: (v, p) => checkAffix(v, p), lambda: true },
  "anything-but": { check: checkAnythingBut, lambda: true },
  numeric: { check: (v, p) => checkNumeric(v, p), lambda: true },
  exists: { check: (v, p) => (typeof v === "boolean" ? [] : [`${p}: must be true or false`]), lambda: true },
  cidr: { check: (v, p) => checkCidr(v, p), lambda: false },
  "equals-ignore-case": { check: (v, p) => mustBeText(v, p), lambda: true },
  wildcard: { check: (v, p) => checkWildcard(v, p), lambda: false },
};

function checkMatcher(item: unknown, path: string, mode: PatternMode): string[] {
  if (item === null || ["string", "number", "boolean"].includes(typeof item) || isIntrinsic(item)) return [];
  if (!isObject(item)) return [`${path}: must be a value or a content filter such as {prefix: "a"}`];
  const keys = Object.keys(item);
  if (keys.length !== 1) return [`${path}: a content filter has exactly one operator (found ${keys.length ? keys.join(", ") : "none"})`];
  const [operator] = keys;
  const filter = row(FILTERS, operator);
  const operatorPath = childPath(path, operator);
  if (!filter) return [`${path}: unknown content filter '${operator}'${didYouMean(operator, Object.keys(FILTERS))}`];
  if (mode === "filter" && !filter.lambda) return [`${operatorPath}: Lambda event filtering does not support '${operator}'`];
  return filter.check(item[operator], operatorPath, mode);
}

function checkLeaf(value: unknown, path: string, mode: PatternMode): string[] {
  if (!Array.isArray(value)) return [`${path}: must be a list of values to match (for example ["value"])`];
  if (!value.length) return [`${path}: must list at least one value`];
  return value.flatMap((item, i) => checkMatcher(item, childPath(path, i), mode));
}

function checkObject(pattern: Record<string, unknown>, path: string, mode: PatternMode, topLevel: boolean): string[] {
  const keys = Object.keys(pattern);
  if (!keys.length) return [`${path}: must match on at least one field`];
  return keys.flatMap((key) => {
    const value = pattern[key];
    const fieldPath = childPath(path, key);
    if (key === "$or") return checkOr(value, fieldPath, mode, topLevel);
    if (topLevel && mode === "event" && !ENVELOPE.includes(key))
      return [
        `${fieldPath}: '${key}' is not a field of an EventBridge event${didYouMean(key, ENVELOPE)} (put the source's own fields under 'detail')`,
      ];
    if (isObject(value) && !isIntrinsic(value)) return checkObject(value, fieldPath, mode, false);
    return checkLeaf(value, fieldPath, mode);
  });
}

function checkOr(value: unknown, path: string, mode: PatternMode, topLevel: boolean): string[] {
  if (!Array.isArray(value) || value.length < 2) return [`${path}: must list at least two alternative patterns`];
  return value.flatMap((alternative, i) =>
    isObject(alternative)
      ? checkObject(alternative, childPath(path, i), mode, topLevel)
      : [`${childPath(path, i)}: each alternative must be a pattern (a mapping of fields)`],
  );
}

/** How many plain patterns the `$or`s of a pattern expand into (AWS caps this). */
function combinations(pattern: unknown): number {
  if (!isObject(pattern)) return 1;
  let total = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or" && Array.isArray(value)) total *= value.reduce((sum: number, alternative) => sum + combinations(alternative), 0);
    else if (isObject(value)) total *= combinations(value);
  }
  return total;
}

/** Every problem of a pattern, each as `<path>: <message>`. */
export function checkPattern(pattern: unknown, path: string, mode: PatternMode): string[] {
  if (!isObject(pattern)) return [`${path}: must be a mapping of fields to lists of values`];
  const errors = checkObject(pattern, path, mode, true);
  if (errors.length) return errors;
  const count = combinations(pattern);
  if (count > MAX_OR_COMBINATIONS)
    return [`${path}: its $or alternatives expand into ${count} combinations; EventBridge allows at most ${MAX_OR_COMBINATIONS}`];
  const length = JSON.stringify(pattern).length;
  if (mode === "filter" && length > MAX_FILTER_LENGTH)
    return [`${path}: is ${length} characters as JSON; Lambda filters allow at most ${MAX_FILTER_LENGTH}`];
  return [];
}
