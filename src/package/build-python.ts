/**
 * Python artifacts: the folder's files, plus its requirements.txt installed for the runtime's Python
 * version and architecture (manylinux wheels from PyPI: nothing is compiled on this machine).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PackageError } from "./errors.js";
import { isWithin, type Source } from "./source.js";
import type { ZipFile } from "./zip.js";

const PIP_ARCH: Record<string, string> = { x86_64: "x86_64", arm64: "aarch64" };

/** Bytecode is this machine's Python's, not the runtime's, and embeds timestamps. */
const isBytecode = (name: string) => name.endsWith(".pyc") || name.split("/").at(-1) === "__pycache__";
/** pip's console scripts: unusable on Lambda, and their shebang names this machine's Python. */
const isPipScripts = (name: string) => name === "bin";

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

interface Walk {
  boundary: string;
  skip: (name: string) => boolean;
  /** Named in errors: the DSL path of the code, and the folder as the user knows it. */
  codePath: string;
  folder: string;
}

/** Files under `dir` as [zip name, real path], following symlinks that stay inside the boundary. */
function listFiles(walk: Walk, dir: string, prefix = "", chain: string[] = [realpathSync(dir)]): Array<[string, string]> {
  return readdirSync(dir)
    .sort()
    .flatMap((entry): Array<[string, string]> => {
      const name = `${prefix}${entry}`;
      if (walk.skip(name)) return [];
      const real = realpathSync(join(dir, entry));
      if (!isWithin(walk.boundary, real))
        throw new PackageError([`${walk.codePath}: '${walk.folder}/${name}' links outside the template's folder`]);
      if (!statSync(real).isDirectory()) return [[name, real]];
      if (chain.includes(real)) throw new PackageError([`${walk.codePath}: '${walk.folder}/${name}' is a symlink loop`]);
      return listFiles(walk, join(dir, entry), `${name}/`, [...chain, real]);
    });
}

/** pip's ERROR lines, else its last lines (its warnings, e.g. about running as root, come last). */
function pipFailure(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const errors = lines.filter((line) => line.startsWith("ERROR:"));
  return (errors.length ? errors : lines.slice(-3)).join(" ");
}

async function pipInstall(source: Source, requirements: string, target: string) {
  try {
    await promisify(execFile)("python3", pipArguments(source, requirements, target), { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    const why = code === "ENOENT" ? "python3 is not installed (it runs pip)" : pipFailure(stderr ?? String(error));
    throw new PackageError([
      `${source.codePath}: installing '${source.code}/requirements.txt' for ${source.runtime} (${source.architecture}) failed: ${why}`,
    ]);
  }
}

const readAll = (files: Array<[string, string]>): ZipFile[] => files.map(([name, path]) => ({ name, data: readFileSync(path) }));

async function dependencies(source: Source, requirements: string): Promise<ZipFile[]> {
  const target = mkdtempSync(join(tmpdir(), "pareto-pip-"));
  try {
    await pipInstall(source, requirements, target);
    const skip = (name: string) => isBytecode(name) || isPipScripts(name);
    const walk = { boundary: realpathSync(target), skip, codePath: source.codePath, folder: "(requirements)" };
    return readAll(listFiles(walk, target));
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

export async function buildPython(source: Source): Promise<ZipFile[]> {
  const walk = { boundary: source.boundary, skip: isBytecode, codePath: source.codePath, folder: source.code };
  const own = readAll(listFiles(walk, source.root));
  // The function's own files win over a dependency's file of the same name.
  const files = new Map(
    [...(source.requirements ? await dependencies(source, source.requirements) : []), ...own].map((file) => [file.name, file]),
  );
  return [...files.values()];
}
