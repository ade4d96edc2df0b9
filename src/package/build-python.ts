/**
 * Python artifacts: the folder's files, plus its requirements.txt installed for the runtime's Python
 * version and architecture (manylinux wheels from PyPI: nothing is compiled on this machine).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { PackageError } from "./errors.js";
import { IGNORE_FILE, type Ignore, ignoreRules } from "./ignore.js";
import { isWithin, type Source } from "./source.js";
import { type Walked, walkFolder } from "./walk.js";
import type { DiskFile } from "./zip.js";

const PIP_ARCH: Record<string, string> = { x86_64: "x86_64", arm64: "aarch64" };

/** `python3.13` -> `3.13`. */
const pythonVersion = (runtime: string) => runtime.replace(/^python/, "");

export function pipArguments(source: Source, requirements: string, target: string): string[] {
  const arch = Object.hasOwn(PIP_ARCH, source.architecture) ? PIP_ARCH[source.architecture] : source.architecture;
  return [
    ...["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--no-compile"],
    ...["--target", target, "-r", requirements],
    // Lambda's Python runtimes run Amazon Linux 2023 (glibc 2.34): manylinux_2_28 wheels work there too.
    ...["--platform", `manylinux2014_${arch}`, "--platform", `manylinux_2_28_${arch}`, "--only-binary=:all:"],
    ...["--python-version", pythonVersion(source.runtime), "--implementation", "cp"],
  ];
}

export interface PythonBuildOptions {
  /** An empty folder for pip to install into; it must outlive the zip (the files are read from it). */
  work: string;
  /** Absolute paths never packaged: the template, the command's own output. */
  exclude?: ReadonlySet<string>;
  /** Entries skipped because they are not regular files or folders. */
  warn?: (message: string) => void;
}

/** The folder's `.paretoignore` lines, if it has one (a regular file inside the template's folder). */
function ignoreLines(source: Source): string[] {
  const path = join(source.root, IGNORE_FILE);
  if (!existsSync(path)) return [];
  if (!statSync(path).isFile() || !isWithin(source.boundary, realpathSync(path)))
    throw new PackageError([`${source.codePath}: '${source.code}/${IGNORE_FILE}' must be a regular file inside the template's folder`]);
  return readFileSync(path, "utf8").split(/\r?\n/);
}

/** The lines of a requirements file, continuation lines joined, comments dropped (pip's own reading). */
function requirementLines(text: string): Array<{ line: number; text: string }> {
  const lines: Array<{ line: number; text: string }> = [];
  let pending: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const current = pending ?? { line: index + 1, text: "" };
    const stripped = raw.replace(/(^|\s)#.*$/, "");
    if (stripped.endsWith("\\")) {
      current.text += stripped.slice(0, -1);
      pending = current;
      return;
    }
    current.text += stripped;
    pending = undefined;
    if (current.text.trim()) lines.push({ line: current.line, text: current.text.trim() });
  });
  return lines;
}

/** `-r x`, `-rx`, `--requirement x`, `--requirement=x` (and the same for `-c`): the file it names. */
function nestedFile(text: string): string | undefined {
  const match = /^(?:-[rc]\s*|--(?:requirement|constraint)(?:\s*=\s*|\s+))(\S.*)$/.exec(text);
  // pip expands ${VAR} (upper case, digits, underscores) and leaves an unset one as written.
  return match?.[1]
    .trim()
    .replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => (Object.hasOwn(process.env, name) ? (process.env[name] ?? whole) : whole));
}

/**
 * The files pip would read besides requirements.txt (nested `-r`/`-c`), checked to be inside the
 * template's folder: pip quotes a line it cannot parse, and a file from elsewhere (`-r /etc/passwd`) must
 * not end up in the error. URLs are pip's to fetch.
 */
function checkNestedRequirements(source: Source, file: string, seen = new Set<string>()): string[] {
  const real = realpathSync(file);
  const shown = (path: string) => relative(source.boundary, path).split(sep).join("/");
  if (seen.has(real)) return [];
  if (!statSync(real).isFile()) return [`${source.codePath}: '${shown(real)}' is not a regular file`]; // pip would wait on a pipe
  seen.add(real);
  return requirementLines(readFileSync(real, "utf8")).flatMap(({ line, text }) => {
    const named = nestedFile(text);
    if (named === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(named)) return [];
    const path = resolve(dirname(real), named);
    const target = existsSync(path) ? realpathSync(path) : path;
    if (!isWithin(source.boundary, target))
      return [
        `${source.codePath}: '${shown(real)}' line ${line} has pip read '${named}', outside the template's folder ` +
          "(requirements files must stay inside it)",
      ];
    if (!existsSync(path)) return []; // pip says it is missing
    if (!statSync(path).isFile()) return [`${source.codePath}: '${shown(real)}' line ${line}: '${named}' is not a regular file`];
    return checkNestedRequirements(source, path, seen);
  });
}

/** A file pip quotes from (`... (from line 1 of /etc/passwd)`) that is outside the template's folder. */
function quotedOutside(source: Source, lines: string[]): string | undefined {
  for (const line of lines) {
    const quoted = /\(from line \d+ of (.+?)\)\s*$/.exec(line)?.[1];
    if (!quoted) continue;
    const path = resolve(quoted); // pip runs in this process's working folder
    if (!isWithin(source.boundary, existsSync(path) ? realpathSync(path) : path)) return quoted;
  }
  return undefined;
}

/**
 * pip's ERROR lines, else its last lines (its warnings, e.g. about running as root, come last); nothing
 * of them when pip quotes a file outside the template's folder (pip's configuration can name one).
 */
function pipFailure(source: Source, stderr: string): string {
  const lines = stderr.trim().split("\n");
  const outside = quotedOutside(source, lines);
  if (outside) return `pip could not read '${outside}' (outside the template's folder: what pip said about it is not shown)`;
  const errors = lines.filter((line) => line.startsWith("ERROR:"));
  return (errors.length ? errors : lines.slice(-3)).join(" ");
}

async function pipInstall(source: Source, requirements: string, target: string) {
  try {
    await promisify(execFile)("python3", pipArguments(source, requirements, target), { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    const why = code === "ENOENT" ? "python3 is not installed (it runs pip)" : pipFailure(source, stderr ?? String(error));
    throw new PackageError([
      `${source.codePath}: installing '${source.code}/requirements.txt' for ${source.runtime} (${source.architecture}) failed: ${why}`,
    ]);
  }
}

/**
 * pip's install folder, without bytecode (this machine's Python's, not the runtime's, with timestamps)
 * and console scripts in bin/ (unusable on Lambda; their shebang names this machine's Python).
 */
const DEPENDENCY_RULES: Ignore = { ignores: (name) => name === "bin" || name.endsWith(".pyc") || name.split("/").at(-1) === "__pycache__" };

function walked(result: Walked, warn: PythonBuildOptions["warn"]): DiskFile[] {
  if (result.errors.length) throw new PackageError(result.errors);
  for (const warning of result.warnings) warn?.(warning);
  return result.files;
}

async function dependencies(source: Source, requirements: string, options: PythonBuildOptions): Promise<DiskFile[]> {
  const nested = checkNestedRequirements(source, requirements);
  if (nested.length) throw new PackageError(nested);
  const target = join(options.work, "requirements");
  mkdirSync(target);
  await pipInstall(source, requirements, target);
  const walk = { boundary: realpathSync(target), ignore: DEPENDENCY_RULES, codePath: source.codePath, folder: "(requirements)" };
  return walked(walkFolder(target, walk), options.warn);
}

/** The folder's files (its ignore rules applied) and its requirements, listed: read when zipped. */
export async function buildPython(source: Source, options: PythonBuildOptions): Promise<DiskFile[]> {
  const rules = ignoreRules(ignoreLines(source));
  const walk = { boundary: source.boundary, ignore: rules, exclude: options.exclude, codePath: source.codePath, folder: source.code };
  const own = walked(walkFolder(source.root, walk), options.warn);
  // The function's own files win over a dependency's file of the same name.
  const deps = source.requirements ? await dependencies(source, source.requirements, options) : [];
  return [...new Map([...deps, ...own].map((file) => [file.name, file])).values()];
}
