/**
 * A small argument parser: positionals, `--flag`, `--option value` and repeated options. Anything a
 * command does not take is an error: a typo silently ignored is a run that did something else.
 */

export class UsageError extends Error {}

/** A mistake in the command line itself (not in a file it names): main follows it with the command's usage. */
export class ArgumentError extends UsageError {}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string[]>;
}

export interface ArgSpec {
  /** how many positional arguments the command takes at most (none unless given) */
  positionals?: number;
  flags?: string[];
  options?: string[];
  /** short alias -> long name, e.g. o -> output */
  aliases?: Record<string, string>;
}

export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("-") || arg === "-") {
      if (parsed.positionals.length >= (spec.positionals ?? 0)) throw new ArgumentError(`unexpected argument '${arg}'`);
      parsed.positionals.push(arg);
      continue;
    }
    const raw = arg.replace(/^--?/, "");
    const [name, inline] =
      raw.includes("=") && arg.startsWith("--") ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)] : [raw, undefined];
    const long = spec.aliases && Object.hasOwn(spec.aliases, name) ? spec.aliases[name] : name;
    if (spec.flags?.includes(long)) {
      // `--strict=false` would otherwise mean --strict.
      if (inline !== undefined) throw new ArgumentError(`--${long} takes no value`);
      parsed.flags.add(long);
    } else if (spec.options?.includes(long)) {
      const value = inline ?? argv[++i];
      // `-o --strict` is a forgotten value, not a file named --strict (`--output=--strict` still is).
      if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-"))
        throw new ArgumentError(`--${long} needs a value`);
      parsed.options.set(long, [...(parsed.options.get(long) ?? []), value]);
    } else {
      const near = closest(name, [...(spec.flags ?? []), ...(spec.options ?? [])]);
      throw new ArgumentError(`unknown option '${arg}'${near ? `; did you mean --${near}?` : ""}`);
    }
  }
  return parsed;
}

export const option = (args: ParsedArgs, name: string) => args.options.get(name)?.at(-1);

/** An endpoint option: checked here, so a typo is a usage error rather than an SDK failure after the build. */
export function urlOption(args: ParsedArgs, name: string): string | undefined {
  const value = option(args, name);
  if (value !== undefined && !(URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol)))
    throw new ArgumentError(`--${name} '${value}' is not an http(s) URL, e.g. http://127.0.0.1:5055`);
  return value;
}

/** Edit distance where swapping two neighbours counts as one edit (the commonest typo). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** What the user most likely meant: the nearest candidate within a third of the word, or the only one it begins. */
export function closest(word: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const [nearest] = candidates
    .map((candidate) => ({ candidate, edits: distance(word, candidate) }))
    .filter(({ edits }) => edits <= limit)
    .sort((a, b) => a.edits - b.edits);
  if (nearest) return nearest.candidate;
  const extended = candidates.filter((candidate) => word.length >= 3 && candidate.startsWith(word));
  return extended.length === 1 ? extended[0] : undefined;
}
