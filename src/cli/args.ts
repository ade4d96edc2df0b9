/** A small argument parser: positionals, `--flag`, `--option value` and repeated options. */

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string[]>;
}

export interface ArgSpec {
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
      parsed.positionals.push(arg);
      continue;
    }
    const raw = arg.replace(/^--?/, "");
    const [name, inline] =
      raw.includes("=") && arg.startsWith("--") ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)] : [raw, undefined];
    const long = spec.aliases && Object.hasOwn(spec.aliases, name) ? spec.aliases[name] : name;
    if (spec.flags?.includes(long)) parsed.flags.add(long);
    else if (spec.options?.includes(long)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${long} needs a value`);
      parsed.options.set(long, [...(parsed.options.get(long) ?? []), value]);
    } else throw new UsageError(`unknown option '${arg}'`);
  }
  return parsed;
}

export const option = (args: ParsedArgs, name: string) => args.options.get(name)?.at(-1);
