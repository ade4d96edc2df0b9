/**
 * The EventBridge event-pattern grammar ("Event patterns" and "Content filtering" in the EventBridge
 * user guide), and two subsets of it for `consume.filter`: Lambda event filtering (a queue or a stream)
 * and SNS filter policies (a topic, whose own limits are in filter-policy.ts). Every problem is
 * reported with the path down to the bad leaf; nothing throws.
 */
import { isIntrinsic, isRecord } from "../intrinsics.js";
import { childPath } from "./path.js";
import { didYouMean } from "./suggest.js";

export type PatternMode = "event" | "filter" | "topic";

/** Top-level fields of an EventBridge event (the envelope); `detail` holds the source's own fields. */
export const ENVELOPE = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

/** EventBridge compares numbers between -5.0e9 and 5.0e9 (documented limit of numeric matching). */
const NUMERIC_LIMIT = 5e9;
/** SNS compares numbers between -1e9 and 1e9 ("Filter policy constraints", SNS developer guide). */
export const SNS_NUMERIC_LIMIT = 1e9;
/** EventBridge rejects a pattern whose `$or` expands into more than 1000 combinations. */
const MAX_OR_COMBINATIONS = 1000;
/** Lambda's FilterCriteria pattern is a string of at most 4096 characters. */
const MAX_FILTER_LENGTH = 4096;
/**
 * The most wildcard complexity EventBridge accepts in a rule ("Rule is too complex"). AWS does not publish the
 * number; 10 is the per-rule limit event-ruler's README gives for its own complexity evaluator, and it agrees with
 * what EventBridge was seen to do (complexity 9 accepted, 12 refused).
 */
const MAX_WILDCARD_COMPLEXITY = 10;
/**
 * Field names event-ruler refuses inside a `$or` (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP): its operators,
 * the numeric comparators and names it keeps for future operators.
 */
const OR_RESERVED = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

type Check = (value: unknown, path: string, mode: PatternMode) => string[];

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

/**
 * What event-ruler's WildcardParser refuses in a wildcard: a backslash escapes only `*` and a backslash (so a
 * trailing lone backslash is an error), and two unescaped `*` in a row.
 */
function wildcardProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") {
      const next = text.codePointAt(i + 1);
      if (next === undefined) return "ends in a lone '\\' (write '\\\\' for a backslash)";
      if (next !== 0x2a && next !== 0x5c)
        return `'\\${String.fromCodePoint(next)}' is not an escape EventBridge accepts (only '\\*' for a '*' and '\\\\' for a '\\')`;
      i++;
    } else if (text[i] === "*" && text[i + 1] === "*") return "consecutive '*' are not allowed in a wildcard";
  }
  return undefined;
}

const wildcardText = (value: string, path: string): string[] => {
  const problem = wildcardProblem(value);
  return problem ? [`${path}: ${problem}`] : [];
};

/** `{wildcard: "dir/*.png"}` takes one string: event-ruler refuses a list here (unlike inside anything-but). */
function checkWildcard(value: unknown, path: string): string[] {
  if (typeof value === "string") return wildcardText(value, path);
  if (isIntrinsic(value)) return [];
  return [`${path}: must be a string (a wildcard takes one pattern; write several as separate {wildcard: ...} items)`];
}

/** `{anything-but: {wildcard: ...}}` takes a string or a list of them, each a valid wildcard. */
function checkWildcardSet(value: unknown, path: string): string[] {
  const errors = textOrTextList(value, path);
  if (errors.length) return errors;
  if (typeof value === "string") return wildcardText(value, path);
  return Array.isArray(value) ? value.flatMap((v, i) => (typeof v === "string" ? wildcardText(v, childPath(path, i)) : [])) : [];
}

/** `{anything-but: {prefix|suffix: ...}}`: a string or a list of them, none empty (event-ruler: "Null prefix/suffix not allowed"). */
const checkAffixSet =
  (operator: string) =>
  (value: unknown, path: string): string[] => {
    const errors = textOrTextList(value, path);
    if (errors.length) return errors;
    const empty = `an empty ${operator} is not allowed in anything-but`;
    if (value === "") return [`${path}: ${empty}`];
    return Array.isArray(value) ? value.flatMap((v, i) => (v === "" ? [`${childPath(path, i)}: ${empty}`] : [])) : [];
  };

/** `{prefix: "a"}` or `{prefix: {equals-ignore-case: "a"}}` (the same for suffix; SNS takes the plain form only). */
function checkAffix(value: unknown, path: string, mode: PatternMode): string[] {
  if (isRecord(value) && !isIntrinsic(value)) {
    if (mode === "topic") return [`${path}: must be a string (SNS filter policies do not support equals-ignore-case here)`];
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== "equals-ignore-case") return [`${path}: must be a string or {equals-ignore-case: <string>}`];
    return mustBeText(value["equals-ignore-case"], childPath(path, "equals-ignore-case"));
  }
  return mustBeText(value, path);
}

const ANYTHING_BUT_OPERATORS: Record<string, (value: unknown, path: string) => string[]> = {
  prefix: checkAffixSet("prefix"),
  suffix: checkAffixSet("suffix"),
  "equals-ignore-case": textOrTextList,
  wildcard: checkWildcardSet,
};

function checkAnythingBut(value: unknown, path: string, mode: PatternMode): string[] {
  if (typeof value === "string" || typeof value === "number" || isIntrinsic(value)) return [];
  if (Array.isArray(value)) {
    if (!value.length) return [`${path}: must list at least one value`];
    const allText = value.every(isText);
    const allNumbers = value.every((v) => typeof v === "number");
    return allText || allNumbers ? [] : [`${path}: must list only strings or only numbers`];
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1) return [`${path}: must have exactly one operator (prefix, suffix, equals-ignore-case or wildcard)`];
    const [operator] = keys;
    const check = row(ANYTHING_BUT_OPERATORS, operator);
    if (!check) return [`${childPath(path, operator)}: unknown operator${didYouMean(operator, Object.keys(ANYTHING_BUT_OPERATORS))}`];
    if (mode === "filter" && operator !== "prefix")
      return [`${childPath(path, operator)}: Lambda event filtering does not support anything-but with ${operator}`];
    if (mode === "topic" && operator !== "prefix")
      return [`${childPath(path, operator)}: SNS filter policies do not support anything-but with ${operator}`];
    if (mode === "topic" && !isText(value[operator]))
      return [`${childPath(path, operator)}: must be a string (SNS takes one prefix in anything-but)`];
    return check(value[operator], childPath(path, operator));
  }
  return [`${path}: must be a string, a number, a list of them, or {prefix|suffix|equals-ignore-case|wildcard: ...}`];
}

const LOWER = new Set([">", ">="]);
const UPPER = new Set(["<", "<="]);

function checkNumeric(value: unknown, path: string, mode: PatternMode): string[] {
  const [limit, range] =
    mode === "topic" ? [SNS_NUMERIC_LIMIT, "SNS compares (-1e9 to 1e9)"] : [NUMERIC_LIMIT, "EventBridge compares (-5e9 to 5e9)"];
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
    else if (Math.abs(number) > limit) errors.push(`${childPath(path, i + 1)}: ${number} is outside the range ${range}`);
  }
  if (errors.length || value.length === 2) return errors;
  if (!LOWER.has(value[0]) || !UPPER.has(value[2])) return [`${path}: a range is a lower bound (> or >=) then an upper bound (< or <=)`];
  return value[1] < value[3] ? [] : [`${path}: the lower bound must be below the upper bound`];
}

/**
 * The bytes of an address as event-ruler reads it: it accepts only dotted digits (IPv4) or hex and colons (IPv6),
 * then Java's InetAddress parses them (an IPv4 literal is at most 15 characters; an IPv6 group is at most 0xffff).
 */
export function addressBytes(address: string): number[] | undefined {
  if (/^\d+(\.\d+){3}$/.test(address)) {
    const octets = address.split(".").map(Number);
    return address.length <= 15 && octets.every((o) => o <= 255) ? octets : undefined;
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(address)) return undefined;
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === "" ? [] : half.split(":")));
  if (!groups.flat().every((g) => /^[0-9a-fA-F]+$/.test(g) && Number.parseInt(g, 16) <= 0xffff)) return undefined;
  const count = groups.flat().length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const [head, tail = []] = groups;
  const words = [...head, ...Array<string>(8 - count).fill("0"), ...tail].map((g) => Number.parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  // Java turns an IPv4-mapped IPv6 address (::ffff:0a00:1) into the IPv4 address, and the IPv4 mask bound applies.
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff ? bytes.slice(12) : bytes;
}

/**
 * event-ruler's CIDR.cidr: one '/', a whole-number mask, an IPv4 or IPv6 address, and a mask below the address
 * width (/0-/31, /0-/127: ruler refuses /32 and /128; a single address is matched by listing it as a plain value).
 */
function checkCidr(value: unknown, path: string): string[] {
  if (typeof value !== "string") return [`${path}: must be a CIDR block such as 10.0.0.0/24`];
  const bad = (why: string) => [`${path}: '${value}' is not a valid CIDR block: ${why}`];
  const parts = value.split("/");
  if (parts.length !== 2) return bad("it needs exactly one '/' between the address and the mask");
  const [address, bits] = parts;
  if (!/^[+-]?\d{1,10}$/.test(bits)) return bad(`the mask '${bits}' is not a whole number`);
  if (Number(bits) < 0) return bad("the mask must not be negative");
  const bytes = addressBytes(address);
  if (!bytes) return bad(`'${address}' is not an IPv4 or IPv6 address`);
  const max = bytes.length * 8 - 1;
  if (Number(bits) > max)
    return bad(`an ${bytes.length === 4 ? "IPv4" : "IPv6"} mask is at most ${max} (to match one address, list it as a plain value)`);
  return [];
}

/**
 * One row per content filter: how its operand is checked, and whether Lambda filters and SNS filter
 * policies support it ("Amazon SNS subscription filter policies" lists SNS's operators).
 */
const FILTERS: Record<string, { check: Check; lambda: boolean; sns: boolean }> = {
  prefix: { check: checkAffix, lambda: true, sns: true },
  suffix: { check: checkAffix, lambda: true, sns: true },
  "anything-but": { check: checkAnythingBut, lambda: true, sns: true },
  numeric: { check: checkNumeric, lambda: true, sns: true },
  exists: { check: (v, p) => (typeof v === "boolean" ? [] : [`${p}: must be true or false`]), lambda: true, sns: true },
  cidr: { check: (v, p) => checkCidr(v, p), lambda: false, sns: true },
  "equals-ignore-case": { check: (v, p) => mustBeText(v, p), lambda: true, sns: true },
  wildcard: { check: (v, p) => checkWildcard(v, p), lambda: false, sns: false },
};

function checkMatcher(item: unknown, path: string, mode: PatternMode): string[] {
  if (item === null || ["string", "number", "boolean"].includes(typeof item) || isIntrinsic(item)) return [];
  if (!isRecord(item)) return [`${path}: must be a value or a content filter such as {prefix: "a"}`];
  const keys = Object.keys(item);
  if (keys.length !== 1) return [`${path}: a content filter has exactly one operator (found ${keys.length ? keys.join(", ") : "none"})`];
  const [operator] = keys;
  const filter = row(FILTERS, operator);
  const operatorPath = childPath(path, operator);
  if (!filter) return [`${path}: unknown content filter '${operator}'${didYouMean(operator, Object.keys(FILTERS))}`];
  if (mode === "filter" && !filter.lambda) return [`${operatorPath}: Lambda event filtering does not support '${operator}'`];
  if (mode === "topic" && !filter.sns) return [`${operatorPath}: SNS filter policies do not support '${operator}'`];
  return filter.check(item[operator], operatorPath, mode);
}

function checkLeaf(value: unknown, path: string, mode: PatternMode): string[] {
  if (!Array.isArray(value)) return [`${path}: must be a list of values to match (for example ["value"])`];
  if (!value.length) return [`${path}: must list at least one value`];
  return value.flatMap((item, i) => checkMatcher(item, childPath(path, i), mode));
}

/** `insideOr`: below an alternative of a `$or`, where event-ruler refuses its operator names as field names. */
function checkObject(pattern: Record<string, unknown>, path: string, mode: PatternMode, topLevel: boolean, insideOr: boolean): string[] {
  const keys = Object.keys(pattern);
  if (!keys.length) return [`${path}: must match on at least one field`];
  return keys.flatMap((key) => {
    const value = pattern[key];
    const fieldPath = childPath(path, key);
    if (key === "$or") return checkOr(value, fieldPath, mode, topLevel);
    if (insideOr && OR_RESERVED.has(key))
      return [`${fieldPath}: '${key}' is an operator name, which EventBridge does not accept as a field name inside $or`];
    if (topLevel && mode === "event" && !ENVELOPE.includes(key))
      return [
        `${fieldPath}: '${key}' is not a field of an EventBridge event${didYouMean(key, ENVELOPE)} (put the source's own fields under 'detail')`,
      ];
    if (isRecord(value) && !isIntrinsic(value)) return checkObject(value, fieldPath, mode, false, insideOr);
    return checkLeaf(value, fieldPath, mode);
  });
}

function checkOr(value: unknown, path: string, mode: PatternMode, topLevel: boolean): string[] {
  if (!Array.isArray(value) || value.length < 2) return [`${path}: must list at least two alternative patterns`];
  return value.flatMap((alternative, i) =>
    isRecord(alternative)
      ? checkObject(alternative, childPath(path, i), mode, topLevel, true)
      : [`${childPath(path, i)}: each alternative must be a pattern (a mapping of fields)`],
  );
}

/** How many plain patterns the `$or`s of a pattern expand into (AWS caps this). */
function combinations(pattern: unknown): number {
  if (!isRecord(pattern)) return 1;
  let total = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or" && Array.isArray(value)) total *= value.reduce((sum: number, alternative) => sum + combinations(alternative), 0);
    else if (isRecord(value)) total *= combinations(value);
  }
  return total;
}

/*
 * Wildcard complexity, as event-ruler's MachineComplexityEvaluator measures it. The rule's sub-patterns (its `$or`
 * expanded) that hold a wildcard go into one matching machine, as ruler's README shows a service limiting complexity
 * per rule; the complexity is the most wildcard patterns a worst-case value keeps alive at once in any one field's byte
 * automaton. Where ruler's machine building is intricate (whether two sub-patterns end up sharing a field's automaton,
 * wildcards added twice, paths shared after a `*`) this takes the smaller answer, so its count stays at or below
 * ruler's (as compared on tens of thousands of random patterns): it should not refuse what EventBridge accepts, while
 * a few patterns that EventBridge refuses may pass.
 */

/** A wildcard pattern of a field: its identity (ruler's pattern equality) and its strings. */
type WildcardTerm = { identity: string; texts: string[] };
/** A sub-pattern: each field's dotted name, with its DSL path and its list of matchers. */
type SubRule = Map<string, { path: string; items: unknown[] }>;

/** The sub-patterns JsonRuleCompiler makes: each `$or` alternative forks every sub-pattern built so far. */
function subRules(pattern: Record<string, unknown>, names: string[], path: string, rules: SubRule[]): SubRule[] {
  let current = rules;
  for (const [key, value] of Object.entries(pattern)) {
    const fieldPath = childPath(path, key);
    if (key === "$or" && Array.isArray(value)) {
      const before = current;
      const fork = () => before.map((rule) => new Map(rule));
      current = value.flatMap((alternative, i) =>
        isRecord(alternative) ? subRules(alternative, names, childPath(fieldPath, i), fork()) : [],
      );
    } else if (isRecord(value) && !isIntrinsic(value)) current = subRules(value, [...names, key], fieldPath, current);
    else if (Array.isArray(value)) for (const rule of current) rule.set([...names, key].join("."), { path: fieldPath, items: value });
  }
  return current;
}

function wildcardTerm(item: unknown): WildcardTerm | undefined {
  if (!isRecord(item)) return undefined;
  if (typeof item.wildcard === "string") return { identity: `wildcard:${item.wildcard}`, texts: [item.wildcard] };
  const negated = isRecord(item["anything-but"]) ? item["anything-but"].wildcard : undefined;
  const texts = (Array.isArray(negated) ? negated : [negated]).filter((t): t is string => typeof t === "string");
  if (!texts.length) return undefined;
  const unique = [...new Set(texts)].sort();
  return { identity: `anything-but-wildcard:${JSON.stringify(unique)}`, texts: unique };
}

/**
 * The field automata of the wildcard-bearing sub-patterns. Ruler adds a sub-pattern's fields in sorted order, each
 * field's automaton hanging off the state its earlier fields led to. Sub-patterns share a field's automaton here
 * only when every earlier field has the same non-wildcard matchers (ruler then surely reaches the same state); a
 * field behind one that is only `{exists: false}` is skipped, as ruler's evaluator does not look there.
 */
function fieldAutomata(rules: SubRule[]): Map<string, { path: string; terms: Map<string, WildcardTerm> }> {
  const automata = new Map<string, { path: string; terms: Map<string, WildcardTerm> }>();
  rules.forEach((rule, index) => {
    if (![...rule.values()].some(({ items }) => items.some((item) => wildcardTerm(item)))) return;
    let route = "";
    for (const name of [...rule.keys()].sort()) {
      const { path, items } = rule.get(name) as { path: string; items: unknown[] };
      const key = `${route}\u0000${name}`;
      const automaton = automata.get(key) ?? { path, terms: new Map() };
      automata.set(key, automaton);
      for (const term of items.map(wildcardTerm)) if (term) automaton.terms.set(term.identity, term);
      if (items.every((item) => isRecord(item) && item.exists === false)) return;
      const values = items.map((item) => JSON.stringify(item)).sort();
      route = items.some((item) => wildcardTerm(item)) ? `${key}\u0000#${index}` : `${key}\u0000${JSON.stringify([...new Set(values)])}`;
    }
  });
  return automata;
}

/** The bytes ruler matches a wildcard against: the value in its JSON quotes, UTF-8, `*` as -1 (any run of bytes). */
function wildcardBytes(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  const tokens = [0x22];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x5c) tokens.push(bytes[++i]);
    else tokens.push(bytes[i] === 0x2a ? -1 : bytes[i]);
  }
  tokens.push(0x22);
  return tokens;
}

type ByteState = { literal: Map<number, number[]>; any: number[]; weight: Set<string>; prefix: Map<number, number>; star: number };
const byteState = (): ByteState => ({ literal: new Map(), any: [], weight: new Set(), prefix: new Map(), star: 0 });
/** Sets of states explored before giving up on a field (the count so far is then a lower bound, so nothing is refused wrongly). */
const MAX_EXPLORED = 20_000;

/**
 * ByteMachine's automaton for one field's wildcard patterns (shared up to and including the first `*`, then a path of
 * its own per pattern, a looping state per `*`), then MachineComplexityEvaluator's walk over the sets of states one
 * input byte can reach: each set scores the patterns reachable from its states, plus those behind a `*` one step
 * ahead. Stops once at `ceiling` (well above the limit, to report how far over a pattern is without long searches).
 */
function fieldComplexity(terms: Iterable<WildcardTerm>, ceiling: number): number {
  const states = [byteState()];
  const ends = new Map<string, number>();
  const alphabet = new Set<number>();
  const addEdge = (from: number, byte: number, to: number) => {
    alphabet.add(byte);
    states[from].literal.set(byte, [...(states[from].literal.get(byte) ?? []), to]);
  };
  for (const { identity, texts } of terms) {
    // The strings of one anything-but pattern share their paths after the first `*` too (ruler often does so), which
    // only lowers the count.
    const own = new Map<string, number>();
    for (const text of texts) {
      const tokens = wildcardBytes(text);
      let current = 0;
      let previous = -1;
      let determinate = true;
      tokens.forEach((token, i) => {
        const terminal = i === tokens.length - 1;
        let next = 0;
        if (terminal) next = ends.get(identity) ?? 0;
        else if (token === -1 && determinate) {
          next = states[current].star;
          if (!next) states[current].star = states.length;
        } else if (determinate) next = states[current].prefix.get(token) ?? 0;
        else next = own.get(`${current} ${token}`) ?? 0;
        if (token === -1) determinate = false;
        const created = !next;
        if (created) {
          next = states.length;
          states.push(byteState());
          if (terminal) ends.set(identity, next);
          else if (determinate) states[current].prefix.set(token, next);
          else own.set(`${current} ${token}`, next);
        }
        if (token === -1) {
          if (!states[next].any.length) {
            states[current].any.push(next);
            states[next].any = [next];
          }
        } else if (terminal || created) {
          addEdge(current, token, next);
          // A `*` also matches nothing: the byte after it is reachable from the state before it.
          if (i > 0 && tokens[i - 1] === -1) addEdge(previous, token, next);
        }
        states[next].weight.add(identity);
        previous = current;
        current = next;
      });
    }
  }
  const bytes = [-1, ...alphabet];
  const pending = [[0]];
  const seen = new Set<string>();
  let maximum = 0;
  while (pending.length && seen.size < MAX_EXPLORED) {
    const active = pending.pop() as number[];
    for (const byte of bytes) {
      const reached = new Set<number>();
      for (const id of active) {
        for (const next of states[id].any) reached.add(next);
        for (const next of states[id].literal.get(byte) ?? []) reached.add(next);
      }
      if (!reached.size) continue;
      let complexity = 0;
      for (const id of reached) {
        complexity += states[id].weight.size;
        for (const star of states[id].any) if (!reached.has(star)) complexity += states[star].weight.size;
      }
      if (complexity >= ceiling) return complexity;
      maximum = Math.max(maximum, complexity);
      const set = [...reached].sort((a, b) => a - b);
      const key = set.join(",");
      if (!seen.has(key)) {
        seen.add(key);
        pending.push(set);
      }
    }
  }
  return maximum;
}

/** The first field whose wildcards exceed EventBridge's complexity limit, if any. */
function checkComplexity(pattern: Record<string, unknown>, path: string): string[] {
  const ceiling = 4 * MAX_WILDCARD_COMPLEXITY;
  for (const automaton of fieldAutomata(subRules(pattern, [], path, [new Map()])).values()) {
    const complexity = automaton.terms.size ? fieldComplexity(automaton.terms.values(), ceiling) : 0;
    if (complexity > MAX_WILDCARD_COMPLEXITY)
      return [
        `${automaton.path}: these wildcards are too complex for EventBridge (complexity ${complexity}${complexity >= ceiling ? " or more" : ""}, at most ${MAX_WILDCARD_COMPLEXITY}): use fewer '*', or fewer repeated characters after a '*'`,
      ];
  }
  return [];
}

/** Every problem of a pattern, each as `<path>: <message>`. */
export function checkPattern(pattern: unknown, path: string, mode: PatternMode): string[] {
  if (!isRecord(pattern)) return [`${path}: must be a mapping of fields to lists of values`];
  const errors = checkObject(pattern, path, mode, true, false);
  if (errors.length) return errors;
  const count = combinations(pattern);
  if (count > MAX_OR_COMBINATIONS)
    return [`${path}: its $or alternatives expand into ${count} combinations; EventBridge allows at most ${MAX_OR_COMBINATIONS}`];
  if (mode === "event") {
    const complex = checkComplexity(pattern, path);
    if (complex.length) return complex;
  }
  const length = JSON.stringify(pattern).length;
  if (mode === "filter" && length > MAX_FILTER_LENGTH)
    return [`${path}: is ${length} characters as JSON; Lambda filters allow at most ${MAX_FILTER_LENGTH}`];
  return [];
}
