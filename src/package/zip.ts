/**
 * Deterministic zips: the same files give the same bytes, so an artifact's content hash names it.
 * Everything a zip records besides the contents is fixed: entry order, timestamps, permissions.
 */
import { createHash } from "node:crypto";
// The worker-free build: only the synchronous API is used.
import { zipSync, type Zippable } from "fflate/browser";

export interface ZipFile {
  /** Path inside the zip, `/`-separated. */
  name: string;
  data: Uint8Array;
}

/** Zip's epoch. fflate encodes local time, so build the date in local time to get 00:00 everywhere. */
const MTIME = new Date(1980, 0, 1);
/** Unix (os 3) `-rw-r--r--`: readable by Lambda's user whatever the files had on disk. */
const ATTRIBUTES = { os: 3, attrs: 0o100644 << 16, mtime: MTIME } as const;

export function deterministicZip(files: ZipFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: Zippable = {};
  // Callers give unique names. Object order is insertion order (bar integer-like names, which JS
  // lists first: still the same order for the same files).
  for (const file of sorted) entries[file.name] = [file.data, ATTRIBUTES];
  return zipSync(entries);
}

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
