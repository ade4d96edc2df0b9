/**
 * A plan's artifacts checked against the disk: the path exists, stays inside the template's folder
 * once symlinks are resolved, and holds each handler's module.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { childPath } from "../expander/validate/path.js";
import { outsideMessage, type Artifact, type Plan, type PlannedFunction } from "./plan.js";

/** Where esbuild finds a handler's module; Lambda loads the bundle as `<module>.js`. */
export interface NodeEntry {
  module: string;
  file: string;
}

export interface Source extends Artifact {
  /** Real path of the folder whose files (Python) or modules (Node) make the artifact. */
  root: string;
  /** The template's folder (real path): nothing packaged may come from outside it. */
  boundary: string;
  /** Node only: one entry per handler module. */
  entries: NodeEntry[];
  /** Python only: the folder's requirements.txt, when it has one. */
  requirements?: string;
}

export type SourcesResult = { ok: true; sources: Source[] } | { ok: false; errors: string[] };

const NODE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

export const isWithin = (boundary: string, path: string) => path === boundary || path.startsWith(boundary + sep);

/** The first candidate that is a file, as a real path. */
function findFile(root: string, candidates: string[]): string | undefined {
  const found = candidates.map((name) => join(root, name)).find((path) => existsSync(path) && statSync(path).isFile());
  return found && realpathSync(found);
}

function moduleCandidates(artifact: Artifact, module: string): string[] {
  return artifact.family === "node" ? NODE_EXTENSIONS.map((ext) => `${module}${ext}`) : [`${module}.py`, `${module}/__init__.py`];
}

/** The handler's module file in a folder, or an error naming what was looked for. */
function findModule(artifact: Artifact, root: string, boundary: string, fn: PlannedFunction): { file: string } | { error: string } {
  const candidates = moduleCandidates(artifact, fn.module);
  const file = findFile(root, candidates);
  const where = childPath(fn.path, "handler");
  if (!file) return { error: `${where}: module '${fn.module}' not found in '${artifact.code}' (looked for ${candidates.join(", ")})` };
  if (!isWithin(boundary, file)) return { error: `${where}: '${fn.module}' links outside the template's folder` };
  return { file };
}

/** Node takes a file as the handler's module; Python needs the folder (its other files go in the zip). */
function resolveFile(artifact: Artifact, path: string, boundary: string): Source | { errors: string[] } {
  if (artifact.family === "python") return { errors: [`${artifact.codePath}: '${artifact.code}' is a file; Python code must be a folder`] };
  const entries = [...new Set(artifact.functions.map((fn) => fn.module))].map((module) => ({ module, file: path }));
  return { ...artifact, root: dirname(path), boundary, entries };
}

function resolveFolder(artifact: Artifact, root: string, boundary: string): Source | { errors: string[] } {
  const errors: string[] = [];
  const entries = new Map<string, NodeEntry>();
  for (const fn of artifact.functions) {
    const found = findModule(artifact, root, boundary, fn);
    if ("error" in found) errors.push(found.error);
    else entries.set(fn.module, { module: fn.module, file: found.file });
  }
  if (errors.length) return { errors };
  if (artifact.family === "node") return { ...artifact, root, boundary, entries: [...entries.values()] };
  const requirements = join(root, "requirements.txt");
  // pip would wait forever on a named pipe; a symlink out of the folder is refused with the folder's files.
  if (existsSync(requirements) && !statSync(requirements).isFile())
    return { errors: [`${artifact.codePath}: '${artifact.code}/requirements.txt' is not a regular file`] };
  return { ...artifact, root, boundary, entries: [], requirements: existsSync(requirements) ? requirements : undefined };
}

function resolveSource(artifact: Artifact, templateDir: string): Source | { errors: string[] } {
  const boundary = realpathSync(templateDir);
  const path = resolve(boundary, artifact.source);
  if (!existsSync(path)) return { errors: [`${artifact.codePath}: '${artifact.code}' does not exist (looked for ${path})`] };
  const real = realpathSync(path);
  if (!isWithin(boundary, real)) return { errors: [outsideMessage(artifact.codePath, artifact.code)] };
  return statSync(real).isDirectory() ? resolveFolder(artifact, real, boundary) : resolveFile(artifact, real, boundary);
}

export function resolveSources(plan: Plan, templateDir: string): SourcesResult {
  const resolved = plan.artifacts.map((artifact) => resolveSource(artifact, templateDir));
  const errors = resolved.flatMap((item) => ("errors" in item ? item.errors : []));
  if (errors.length) return { ok: false, errors };
  return { ok: true, sources: resolved as Source[] };
}
