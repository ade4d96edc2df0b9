/**
 * `pareto package`: plan -> check sources -> build every artifact -> zip -> upload -> rewrite.
 * Everything is built before anything is uploaded, so one bad function stops the run with nothing sent.
 */
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { buildNode } from "./build-node.js";
import { buildPython } from "./build-python.js";
import { PackageError } from "./errors.js";
import { planPackaging, type Plan } from "./plan.js";
import type { Built } from "./report.js";
import { rewriteTemplate, type Location } from "./rewrite.js";
import { resolveSources, type Source } from "./source.js";
import { createUploader } from "./upload.js";
import { deterministicZip, sha256 } from "./zip.js";

export interface PackageOptions {
  /** The template's folder: local paths are relative to it, and must stay inside it. */
  templateDir: string;
  bucket: string;
  prefix?: string;
  sourcemap?: boolean;
  /** Endpoint, region, credentials: the SDK's defaults unless given (tests point it at moto). */
  s3?: S3ClientConfig;
  progress?: (message: string) => void;
}

/** The plan and its sources, or every problem found in the template and on disk. */
export function checkedPlan(template: unknown, templateDir: string): { plan: Plan; sources: Source[] } {
  const planned = planPackaging(template);
  if (!planned.ok) throw new PackageError(planned.errors);
  const resolved = resolveSources(planned.plan, templateDir);
  if (!resolved.ok) throw new PackageError(resolved.errors);
  return { plan: planned.plan, sources: resolved.sources };
}

/** `<prefix>/<sha256>.zip`: the same content always lands on the same key. */
export const objectKey = (prefix: string | undefined, hash: string) => {
  const folder = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return folder ? `${folder}/${hash}.zip` : `${hash}.zip`;
};

/** One artifact's zip: the same sources give the same bytes. */
export async function buildArtifact(source: Source, options: Pick<PackageOptions, "sourcemap">): Promise<Uint8Array> {
  const files = source.family === "node" ? await buildNode(source, { sourcemap: options.sourcemap ?? false }) : await buildPython(source);
  return deterministicZip(files);
}

/** Builds every artifact, collecting all the problems before giving up. */
async function buildAll(sources: Source[], options: PackageOptions): Promise<Uint8Array[]> {
  const zips: Uint8Array[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    options.progress?.(`building ${source.source} (${source.runtime}) for ${source.functions.map((fn) => fn.name).join(", ")}`);
    try {
      zips.push(await buildArtifact(source, options));
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length) throw new PackageError(problems);
  return zips;
}

export async function packageTemplate(template: unknown, options: PackageOptions): Promise<{ template: unknown; built: Built[] }> {
  const { plan, sources } = checkedPlan(template, options.templateDir);
  if (!sources.length) return { template, built: [] };
  const zips = await buildAll(sources, options);
  const uploader = await createUploader(options.bucket, options.s3 ?? {});
  const built: Built[] = [];
  try {
    for (const [index, source] of sources.entries()) {
      const key = objectKey(options.prefix, sha256(zips[index]));
      built.push({ source, key, size: zips[index].length, status: await uploader.upload(key, zips[index]) });
    }
  } finally {
    uploader.close();
  }
  const locations = new Map<string, Location>(built.map((item) => [item.source.id, { bucket: options.bucket, key: item.key }]));
  return { template: rewriteTemplate(template, plan, locations), built };
}
