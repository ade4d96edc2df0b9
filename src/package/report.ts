/** Plain-text tables for what `pareto package` built and what `--package-dry-run` would build. */
import { relative } from "node:path";
import type { Source } from "./source.js";
import type { UploadStatus } from "./upload.js";

export interface Built {
  source: Source;
  key: string;
  size: number;
  status: UploadStatus;
}

const STATUS: Record<UploadStatus, string> = { uploaded: "uploaded", exists: "unchanged (already in S3)" };

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
export function table(headers: string[], rows: string[][], right: number[] = []): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (right.includes(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const functionNames = (source: Source) => source.functions.map((fn) => fn.name).join(", ");
const runtime = (source: Source) => (source.family === "python" ? `${source.runtime} ${source.architecture}` : source.runtime);

export function builtTable(built: Built[], bucket: string): string {
  const rows = built.map((item) => [
    item.source.source,
    runtime(item.source),
    functionNames(item.source),
    formatSize(item.size),
    item.key,
    STATUS[item.status],
  ]);
  const uploaded = built.filter((item) => item.status === "uploaded").length;
  const summary = `${built.length} artifact(s) in s3://${bucket}: ${uploaded} uploaded, ${built.length - uploaded} unchanged`;
  return `${table(["code", "runtime", "functions", "size", "key", "upload"], rows, [3])}\n${summary}`;
}

/** What the build of one artifact takes in, as paths relative to its folder. */
function inputs(source: Source): string {
  if (source.family === "node")
    return source.entries.map((entry) => `esbuild ${relative(source.root, entry.file)} -> ${entry.module}.js`).join(", ");
  return source.requirements ? "the folder + pip install -r requirements.txt" : "the folder";
}

export function planTable(sources: Source[]): string {
  const rows = sources.map((source) => [source.source, runtime(source), functionNames(source), inputs(source)]);
  return table(["code", "runtime", "functions", "builds"], rows);
}
