/**
 * Lambda's limits on a .zip deployment package, checked before anything is zipped or uploaded.
 *
 * Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), "Deployment
 * package (.zip file archive) size": 50 MB zipped for a direct upload to the Lambda API, 250 MB unzipped
 * including layers; "MB" there is 1024 KB, and Lambda's own error reads "Unzipped size must be smaller
 * than 262144000 bytes". `pareto package` always goes through S3 (CloudFormation's `S3Bucket`/`S3Key`),
 * to which the 50 MB direct-upload quota does not apply, so the unzipped size is the one to check.
 */
import { formatSize } from "./report.js";
import type { Source } from "./source.js";

/** 250 MB, Lambda's MB: 262,144,000 bytes, for a function's code and all its layers, unzipped. */
export const UNZIPPED_LIMIT = 250 * 1024 * 1024;
/** A zip without zip64 records its entry count in 16 bits. */
export const ENTRY_LIMIT = 0xffff;

export interface Sized {
  name: string;
  size: number;
}

/** The biggest top-level files and folders: where to look when an artifact is too big. */
function largest(files: Sized[]): string {
  const totals = new Map<string, number>();
  for (const file of files) {
    const slash = file.name.indexOf("/");
    const top = slash < 0 ? file.name : `${file.name.slice(0, slash)}/`;
    totals.set(top, (totals.get(top) ?? 0) + file.size);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([name, size]) => `${name} ${formatSize(size)}`)
    .join(", ");
}

const what = (source: Source) =>
  `'${source.code}' (${source.family === "python" ? `${source.runtime} ${source.architecture}` : source.runtime})`;

/** The problems that keep these files from making a Lambda deployment package, if any. */
export function sizeProblems(source: Source, files: Sized[]): string[] {
  const problems: string[] = [];
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > UNZIPPED_LIMIT)
    problems.push(
      `${source.codePath}: ${what(source)} is ${formatSize(total)} unzipped; Lambda allows 250 MB (${UNZIPPED_LIMIT.toLocaleString("en-US")} bytes) ` +
        `for a function's code and layers together (largest: ${largest(files)})`,
    );
  if (files.length > ENTRY_LIMIT)
    problems.push(
      `${source.codePath}: ${what(source)} has ${files.length} files; a zip holds at most ${ENTRY_LIMIT} (leave some out with ${".paretoignore"})`,
    );
  return problems;
}
