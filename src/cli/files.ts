/**
 * The user's files: what cannot be read or written is a usage error saying which path and why, never a
 * crash, and no output may land on the template it was made from.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { UsageError } from "./args.js";

/** The template argument that means standard input. */
export const STDIN = "-";

/** A short reason from a file-system error; Node's own wording (without code and path) for the rare ones. */
export function why(error: unknown, missing: string): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case "ENOENT":
      return missing;
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a folder on the path is a file";
    case "EEXIST": // only mkdir raises it: a file where the folder should be
      return "is a file, not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return String(message ?? error)
        .replace(/^E[A-Z]+: /, "")
        .replace(/, \w+ '.*'$/, "");
  }
}

/** The text of a file, or of standard input for `-`. */
export function readText(path: string): string {
  try {
    return readFileSync(path === STDIN ? 0 : path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path === STDIN ? "standard input" : `'${path}'`}: ${why(error, "no such file")}`);
  }
}

export function writeText(path: string, text: string) {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write '${path}': ${why(error, "no such directory")}`);
  }
}

export function makeDirectory(path: string) {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot write '${path}': ${why(error, "no such directory")}`);
  }
}

/** The file a path names, following symlinks; undefined when there is none (writing it reports why). */
function fileAt(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before anything is written, an output that is the template itself by any name (`./t.yaml`,
 * a symlink, a hard link): the device and inode say so where comparing paths cannot.
 */
export function refuseOverwritingTemplate(template: string | undefined, outputs: Record<string, string | undefined>) {
  const input = template && template !== STDIN ? fileAt(template) : undefined;
  if (!input) return;
  for (const [name, path] of Object.entries(outputs)) {
    const output = path ? fileAt(path) : undefined;
    if (output && output.dev === input.dev && output.ino === input.ino)
      throw new UsageError(`--${name} '${path}' is the template '${template}'; write to another file`);
  }
}
