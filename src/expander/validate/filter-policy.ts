/**
 * A topic consumer's `filter` as an SNS filter policy over the message body (`FilterPolicyScope:
 * MessageBody`): the pattern grammar SNS shares with EventBridge (pattern.ts, mode `topic`), and the
 * limits SNS checks when the subscription is created ("Filter policy constraints", SNS developer guide).
 */
import { isRecord } from "../intrinsics.js";
import { childPath } from "./path.js";
import { checkPattern, SNS_NUMERIC_LIMIT } from "./pattern.js";

/** A filter policy has at most five keys; in a nested policy the top-level ones are counted. */
export const MAX_POLICY_KEYS = 5;
/** The values of a policy, multiplied as below, come to at most 150. */
export const MAX_POLICY_COMBINATIONS = 150;

/**
 * SNS's complexity: the product, over every list of values, of its length times the depth of its key
 * (the guide's example: four values three keys deep and three values two keys deep give 3 x 4 x 2 x 3).
 * A `$or` counts as a list of its alternatives, whose own lists count one level deeper.
 */
export function policyCombinations(policy: Record<string, unknown>, depth = 1): number {
  let total = 1;
  for (const [key, value] of Object.entries(policy)) {
    if (Array.isArray(value)) {
      total *= value.length * depth;
      if (key === "$or") for (const alternative of value) if (isRecord(alternative)) total *= policyCombinations(alternative, depth + 1);
    } else if (isRecord(value)) total *= policyCombinations(value, depth + 1);
  }
  return total;
}

/** Plain numbers SNS cannot compare, with their paths (`numeric` operands are checked by pattern.ts). */
function numbersOutOfRange(value: unknown, path: string): string[] {
  if (typeof value === "number")
    return Math.abs(value) > SNS_NUMERIC_LIMIT ? [`${path}: ${value} is outside the range SNS compares (-1e9 to 1e9)`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersOutOfRange(item, childPath(path, i)));
  if (isRecord(value) && !("numeric" in value))
    return Object.entries(value).flatMap(([key, item]) => numbersOutOfRange(item, childPath(path, key)));
  return [];
}

/** Every problem of a topic consumer's filter, each as `<path>: <message>`. */
export function checkFilterPolicy(policy: unknown, path: string): string[] {
  const errors = checkPattern(policy, path, "topic");
  if (!isRecord(policy)) return errors;
  if (errors.length) return [...errors, ...numbersOutOfRange(policy, path)];
  const keys = Object.keys(policy).length;
  if (keys > MAX_POLICY_KEYS)
    return [`${path}: has ${keys} top-level keys; an SNS filter policy has at most ${MAX_POLICY_KEYS} (nest the fields under fewer keys)`];
  const combinations = policyCombinations(policy);
  if (combinations > MAX_POLICY_COMBINATIONS)
    return [
      `${path}: SNS counts ${combinations} combinations of values in this filter (at most ${MAX_POLICY_COMBINATIONS}: each list's length times its depth, multiplied); list fewer values`,
    ];
  return numbersOutOfRange(policy, path);
}
