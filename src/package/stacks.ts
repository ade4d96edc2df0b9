/**
 * Nested templates in S3 (docs/scaling.md): each is stored under a key derived from its content, so a
 * key is never overwritten with something else and a rollback still finds the templates of the
 * previous deployment; the root's `TemplateURL`s then point at them. Used by `pareto deploy`,
 * `pareto package` (for templates written by `pareto expand --out-dir`) and the macro.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { serialise } from "../expander/index.js";
import type { Template } from "../expander/types.js";
import { isWithin } from "./source.js";
import { objectKey, type Uploader, type UploadStatus } from "./upload.js";
import { sha256 } from "./zip.js";

export interface StoredTemplate {
  /** The nested stack's logical ID in the root. */
  id: string;
  key: string;
  bytes: number;
  status: UploadStatus;
}

/** One line of progress per stored template. */
export const storedLine = (bucket: string, { id, key, status }: StoredTemplate) =>
  `${id}: s3://${bucket}/${key} (${status === "exists" ? "unchanged" : "uploaded"})`;

/** Puts `body` under `key` (unless an object is there already) in the bucket templates go to. */
export type PutTemplate = (key: string, body: Uint8Array, sha256: string) => Promise<UploadStatus>;

/** Templates through the CLI's uploader (HeadObject, then PutObject when absent). */
export const putTemplateWith =
  (uploader: Uploader): PutTemplate =>
  (key, bytes, hash) =>
    uploader.upload(key, { bytes, sha256: hash, size: bytes.byteLength, contentType: "application/json" });

/** Stores one template under its content's key (`<prefix>/<sha256>.json`). */
export async function storeTemplate(body: Uint8Array, put: PutTemplate, prefix: string | undefined) {
  const hash = sha256(body);
  const key = objectKey(prefix, hash, "json");
  return { key, status: await put(key, body, hash) };
}

/**
 * Where CloudFormation reads a template: a path-style URL (any bucket name works, dots included) in the
 * stack's own region and partition, which is where the bucket must be.
 */
export const templateUrl = (bucket: string, key: string) => ({
  "Fn::Sub": `https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${bucket}/${key}`,
});

/** The same, resolved, for the API (`CreateChangeSet` takes the root's URL as a string). */
export const resolvedTemplateUrl = (bucket: string, key: string, region: string) =>
  `https://s3.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}/${bucket}/${key}`;

/** Serialised as `pareto expand --out-dir` writes it: the bytes the key is derived from. */
export const templateBytes = (template: Template) => new TextEncoder().encode(serialise(template));

/**
 * Stores each nested template and returns the root with every `AWS::CloudFormation::Stack` whose
 * `TemplateURL` names one of them (`<id>.json`, as the expander writes it) pointing at its object.
 */
export async function storeNestedTemplates(
  root: Template,
  nested: ReadonlyArray<{ id: string; body: Uint8Array }>,
  put: PutTemplate,
  location: { bucket: string; prefix?: string },
): Promise<{ template: Template; stored: StoredTemplate[] }> {
  const stored: StoredTemplate[] = [];
  const urls = new Map<string, unknown>();
  for (const { id, body } of nested) {
    const { key, status } = await storeTemplate(body, put, location.prefix);
    stored.push({ id, key, bytes: body.byteLength, status });
    urls.set(id, templateUrl(location.bucket, key));
  }
  const resources: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(root.Resources)) {
    const url = urls.get(id);
    const properties = (resource as { Properties?: Record<string, unknown> }).Properties;
    resources[id] = url === undefined ? resource : { ...(resource as object), Properties: { ...properties, TemplateURL: url } };
  }
  return { template: { ...root, Resources: resources }, stored };
}

/** A root's nested stack whose `TemplateURL` is a local file (as `pareto expand --out-dir` writes them). */
export interface LocalNestedTemplate {
  id: string;
  path: string;
}

const isUrl = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);

/**
 * The local nested templates of `template`, each inside the template's folder; a missing file or one
 * outside the folder is a problem, reported with the resource it belongs to.
 */
export function localNestedTemplates(template: unknown, templateDir: string): { found: LocalNestedTemplate[]; problems: string[] } {
  const found: LocalNestedTemplate[] = [];
  const problems: string[] = [];
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  if (!resources || typeof resources !== "object") return { found, problems };
  const boundary = realpathSync(templateDir);
  for (const [id, resource] of Object.entries(resources)) {
    const { Type, Properties } = (resource ?? {}) as { Type?: unknown; Properties?: { TemplateURL?: unknown } };
    const url = Properties?.TemplateURL;
    if (Type !== "AWS::CloudFormation::Stack" || typeof url !== "string" || isUrl(url)) continue;
    const where = `Resources.${id}.Properties.TemplateURL`;
    let path: string;
    try {
      path = realpathSync(resolve(templateDir, url));
    } catch {
      problems.push(`${where}: '${url}' is neither a URL nor a file next to the template`);
      continue;
    }
    if (!isWithin(boundary, path)) problems.push(`${where}: '${url}' is outside the template's folder`);
    else found.push({ id, path });
  }
  return { found, problems };
}
