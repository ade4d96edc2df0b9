/**
 * What a Python folder's zip leaves out: default rules, then the folder's `.paretoignore`
 * (docs/packaging.md). A small subset of .gitignore: one glob per line, `#` comments, `!` re-includes,
 * a trailing `/` matches folders only, a `/` at the start or in the middle anchors the glob to the
 * folder, `*` and `?` stop at `/`, `**` crosses folders, `\` escapes. The last matching rule wins.
 * Rules are regular expressions: no object is ever keyed by a file name.
 */

/** The defaults, as if written first in every `.paretoignore` (so a `!` line can re-include them). */
export const DEFAULT_IGNORE = [
  ".*", // dotfiles and dot-folders: .git/, .env, .venv/, .DS_Store, editor and tool caches, .paretoignore
  "node_modules/",
  "__pycache__/", // bytecode from this machine's Python does not match the runtime's, and embeds timestamps
  "*.pyc",
];

export const IGNORE_FILE = ".paretoignore";

interface Rule {
  negate: boolean;
  folderOnly: boolean;
  pattern: RegExp;
}

/** A glob (without `!` and trailing `/`) as the source of a regular expression matching whole paths. */
function globSource(glob: string): string {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "\\" && i + 1 < glob.length) source += literal(glob[++i]);
    else if (char === "*" && glob[i + 1] === "*") {
      const slashAfter = glob[i + 2] === "/";
      const atSegmentStart = i === 0 || glob[i - 1] === "/";
      i += slashAfter && atSegmentStart ? 2 : 1;
      // `**/` is zero or more folders; `**` elsewhere is anything, slashes included.
      source += slashAfter && atSegmentStart ? "(?:.*/)?" : ".*";
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += literal(char);
  }
  return source;
}

const literal = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function parseRule(line: string): Rule | undefined {
  let text = line.replace(/(?<!\\)\s+$/, "");
  if (!text || text.startsWith("#")) return undefined;
  const negate = text.startsWith("!");
  if (negate) text = text.slice(1);
  const folderOnly = text.endsWith("/");
  if (folderOnly) text = text.replace(/\/+$/, "");
  if (!text) return undefined;
  const anchored = text.includes("/");
  const body = globSource(text.replace(/^\/+/, ""));
  // `/**` at the end matches everything inside; a folder rule also covers what is inside the folder.
  return { negate, folderOnly, pattern: new RegExp(`^${anchored ? "" : "(?:.*/)?"}${body}$`) };
}

export interface Ignore {
  /** Whether the file or folder at `path` (relative to the code folder, `/`-separated) is left out. */
  ignores(path: string, isFolder: boolean): boolean;
}

/** The default rules followed by `lines` (the `.paretoignore` file's, when there is one). */
export function ignoreRules(lines: string[] = []): Ignore {
  const rules = [...DEFAULT_IGNORE, ...lines].map(parseRule).filter((rule): rule is Rule => rule !== undefined);
  return {
    ignores(path, isFolder) {
      let ignored = false;
      for (const rule of rules) if ((isFolder || !rule.folderOnly) && rule.pattern.test(path)) ignored = !rule.negate;
      return ignored;
    },
  };
}

/** Rules that leave nothing out (pip's install folder: bytecode and scripts are filtered separately). */
export const KEEP_ALL: Ignore = { ignores: () => false };
