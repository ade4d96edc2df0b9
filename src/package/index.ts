/**
 * `pareto package`: plan -> check sources -> build every artifact -> zip -> upload -> rewrite.
 * Everything is built before anything is uploaded, so one bad function stops the run with nothing sent.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { buildNode } from "./build-node.js";
import { buildPython } from "./build-python.js";
import { PackageError } from "./errors.js";
import { sizeProblems } from "./limits.js";
import { planPackaging, type Plan } from "./plan.js";
import type { Built } from "./report.js";
import { rewriteTemplate, type Location } from "./rewrite.js";
import { resolveSources, type Source } from "./source.js";
import { localNestedTemplates, putTemplateWith, type StoredTemplate, storeNestedTemplates } from "./stacks.js";
import type { Template } from "../expander/types.js";
import { createUploader, objectKey } from "./upload.js";
import { deterministicZip, inputSize, writeZipFile, type ZipArtifact, type ZipInput } from "./zip.js";

export interface PackageOptions {
  /** The template's folder: local paths are relative to it, and must stay inside it. */
  templateDir: string;
  bucket: string;
  prefix?: string;
  sourcemap?: boolean;
  /** Endpoint, region, credentials: the SDK's defaults unless given (tests point it at moto). */
  s3?: S3ClientConfig;
  progress?: (message: string) => void;
  /** What packaging skipped (named pipes, sockets, dangling symlinks); `progress` when not given. */
  warn?: (message: string) => void;
  /** Files never packaged, whatever the ignore rules say: the template, the command's own output. */
  exclude?: string[];
}

type BuildOptions = Pick<PackageOptions, "sourcemap" | "warn" | "exclude">;

/** The plan and its sources, or every problem found in the template and on disk. */
export function checkedPlan(template: unknown, templateDir: string): { plan: Plan; sources: Source[] } {
  const planned = planPackaging(template);
  if (!planned.ok) throw new PackageError(planned.errors);
  const resolved = resolveSources(planned.plan, templateDir);
  if (!resolved.ok) throw new PackageError(resolved.errors);
  return { plan: planned.plan, sources: resolved.sources };
}

export { objectKey } from "./upload.js";

/** `exclude` as the absolute and real paths a folder walk meets. */
function excludedPaths(paths: string[] = []): Set<string> {
  const set = new Set<string>();
  for (const path of paths.map((p) => resolve(p))) {
    set.add(path);
    for (const real of [() => realpathSync(path), () => join(realpathSync(dirname(path)), basename(path))]) {
      try {
        set.add(real());
        break;
      } catch {
        // not there (yet): an output is written after packaging
      }
    }
  }
  return set;
}

/** What goes into one artifact's zip, checked against Lambda's limits; nothing is read yet for Python. */
async function artifactInputs(source: Source, options: BuildOptions, work: string): Promise<ZipInput[]> {
  const inputs =
    source.family === "node"
      ? await buildNode(source, { sourcemap: options.sourcemap ?? false })
      : await buildPython(source, { work, exclude: excludedPaths(options.exclude), warn: options.warn });
  const problems = sizeProblems(
    source,
    inputs.map((input) => ({ name: input.name, size: inputSize(input) })),
  );
  if (problems.length) throw new PackageError(problems);
  return inputs;
}

/** One artifact's zip, in memory: the same sources give the same bytes (the ones `pareto package` uploads). */
export async function buildArtifact(source: Source, options: BuildOptions): Promise<Uint8Array> {
  const work = mkdtempSync(join(tmpdir(), "pareto-artifact-"));
  try {
    return deterministicZip(await artifactInputs(source, options, work));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One artifact's zip, written to `<work>.zip` entry by entry; `work` (pip's files) is removed after. */
async function writeArtifact(source: Source, options: BuildOptions, work: string): Promise<ZipArtifact> {
  mkdirSync(work);
  try {
    return writeZipFile(await artifactInputs(source, options, work), `${work}.zip`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds every artifact into `run`, collecting all the problems before giving up. */
async function buildAll(sources: Source[], options: PackageOptions, run: string): Promise<ZipArtifact[]> {
  const artifacts: ZipArtifact[] = [];
  const problems: string[] = [];
  const buildOptions = { ...options, warn: options.warn ?? options.progress };
  for (const [index, source] of sources.entries()) {
    options.progress?.(`building ${source.source} (${source.runtime}) for ${source.functions.map((fn) => fn.name).join(", ")}`);
    try {
      artifacts.push(await writeArtifact(source, buildOptions, join(run, String(index))));
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length) throw new PackageError(problems);
  return artifacts;
}

export interface Packaged {
  template: unknown;
  built: Built[];
  /** Nested stacks' templates uploaded from local files (a root written by `pareto expand --out-dir`). */
  stored: StoredTemplate[];
}

export async function packageTemplate(template: unknown, options: PackageOptions): Promise<Packaged> {
  const { plan, sources } = checkedPlan(template, options.templateDir);
  const nested = localNestedTemplates(template, options.templateDir);
  if (nested.problems.length) throw new PackageError(nested.problems);
  if (!sources.length && !nested.found.length) return { template, built: [], stored: [] };
  // Zips go to disk, one at a time, and are streamed to S3: memory never holds an artifact whole.
  const run = mkdtempSync(join(tmpdir(), "pareto-artifacts-"));
  const built: Built[] = [];
  let stored: StoredTemplate[] = [];
  let packaged = template;
  try {
    const artifacts = await buildAll(sources, options, run);
    const uploader = await createUploader(options.bucket, options.s3 ?? {});
    try {
      for (const [index, source] of sources.entries()) {
        const key = objectKey(options.prefix, artifacts[index].sha256);
        built.push({ source, key, size: artifacts[index].size, status: await uploader.upload(key, artifacts[index]) });
      }
      const locations = new Map<string, Location>(built.map((item) => [item.source.id, { bucket: options.bucket, key: item.key }]));
      packaged = sources.length ? rewriteTemplate(template, plan, locations) : template;
      if (nested.found.length) {
        const bodies = nested.found.map(({ id, path }) => ({ id, body: new Uint8Array(readFileSync(path)) }));
        const result = await storeNestedTemplates(packaged as Template, bodies, putTemplateWith(uploader), {
          bucket: options.bucket,
          prefix: options.prefix,
        });
        packaged = result.template;
        stored = result.stored;
      }
    } finally {
      uploader.close();
    }
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
  return { template: packaged, built, stored };
}
