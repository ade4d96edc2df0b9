/**
 * The files of a folder that go into a zip (docs/packaging.md, "What gets packaged"): regular files
 * and folders, symlinks followed while they stay inside the boundary, the ignore rules applied.
 * Nothing is read here, only listed with its size, so the limits are checked before any file is read.
 */
import { readdirSync, readlinkSync, realpathSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import type { Ignore } from "./ignore.js";
import { isWithin } from "./source.js";
import type { DiskFile } from "./zip.js";

export interface WalkOptions {
  /** Real path nothing may resolve outside of (the template's folder, or pip's install folder). */
  boundary: string;
  ignore: Ignore;
  /** Absolute paths never packaged whatever the rules say: the template, the command's own output. */
  exclude?: ReadonlySet<string>;
  /** Named in messages: the DSL path of the code, and the folder as the user wrote it. */
  codePath: string;
  folder: string;
}

export interface Walked {
  files: DiskFile[];
  /** Entries left out that are neither files nor folders (FIFOs, sockets, devices, dangling symlinks). */
  warnings: string[];
  /** Entries that stop the build: symlinks out of the boundary, symlink loops. */
  errors: string[];
}

/** What a non-regular entry is, in words. */
function kind(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** The entry's stats with symlinks followed, or undefined for a symlink to nothing (dangling, or a loop). */
function follow(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ELOOP" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

export function walkFolder(root: string, options: WalkOptions): Walked {
  const walked: Walked = { files: [], warnings: [], errors: [] };
  const shown = (name: string) => `'${options.folder}/${name}'`;
  const excluded = (...paths: string[]) => paths.some((path) => options.exclude?.has(path));

  const visit = (dir: string, prefix: string, chain: string[]) => {
    for (const entry of readdirSync(dir).sort()) {
      const name = `${prefix}${entry}`;
      const path = join(dir, entry);
      const stats = follow(path);
      if (excluded(path) || options.ignore.ignores(name, stats?.isDirectory() ?? false)) continue;
      if (!stats) {
        walked.warnings.push(`${options.codePath}: skipped ${shown(name)}: a symlink to nothing ('${readlinkSync(path)}')`);
        continue;
      }
      const real = realpathSync(path);
      if (excluded(real)) continue;
      if (!isWithin(options.boundary, real)) {
        walked.errors.push(`${options.codePath}: ${shown(name)} links outside the template's folder`);
        continue;
      }
      if (stats.isDirectory()) {
        if (chain.includes(real)) walked.errors.push(`${options.codePath}: ${shown(name)} is a symlink loop`);
        else visit(path, `${name}/`, [...chain, real]);
      } else if (stats.isFile()) walked.files.push({ name, path: real, size: stats.size });
      else walked.warnings.push(`${options.codePath}: skipped ${shown(name)}: ${kind(stats)}, not a regular file or folder`);
    }
  };
  visit(root, "", [realpathSync(root)]);
  return walked;
}
