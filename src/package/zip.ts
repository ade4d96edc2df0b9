/**
 * Deterministic zips: the same files give the same bytes, so an artifact's content hash names it.
 * Everything a zip records besides the contents is fixed: entry order, timestamps, permissions.
 *
 * The archive is written here (fflate only deflates): fflate's `zipSync` takes the files as an object
 * keyed by entry name, and a file named `__proto__` set that object's prototype instead of adding an
 * entry. The bytes are those `zipSync` wrote for every other name, so existing artifacts keep their hash.
 * Entries are written one at a time (to a file, for `pareto package`), never the whole archive at once.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
// The worker-free build: only the synchronous API is used.
import { deflateSync } from "fflate/browser";

export interface ZipFile {
  /** Path inside the zip, `/`-separated. */
  name: string;
  data: Uint8Array;
}

/** A file read only when its entry is written: a zip never needs its inputs in memory together. */
export interface DiskFile {
  name: string;
  /** Real path of a regular file. */
  path: string;
  /** Its size when listed (the limits are checked on it before anything is read). */
  size: number;
}

export type ZipInput = ZipFile | DiskFile;

export const inputSize = (file: ZipInput) => ("data" in file ? file.data.length : file.size);

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 2.0: what deflate needs to extract. */
const VERSION = 20;
/** "Made by" Unix (os 3), so the external attributes hold a Unix mode. */
const UNIX = 3;
/** `-rw-r--r--`: readable by Lambda's user whatever the files had on disk. */
const ATTRIBUTES = (0o100644 << 16) >>> 0;
const DEFLATE = 8;
/** General purpose bit 11: the name is UTF-8. */
const UTF8_NAME = 0x800;
/** Zip's epoch, 1980-01-01 00:00:00, in MS-DOS form. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Names JavaScript objects list first, in numeric order (array indices): `zipSync` wrote them first. */
const isArrayIndex = (name: string) => /^(0|[1-9]\d*)$/.test(name) && Number(name) < 2 ** 32 - 1;

/** Entries in order: array-index names by number, then the others by name; a repeated name keeps its last file. */
function entryOrder<T extends { name: string }>(files: T[]): T[] {
  const byName = new Map<string, T>();
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) byName.set(file.name, file);
  const entries = [...byName.values()];
  const indices = entries.filter((file) => isArrayIndex(file.name)).sort((a, b) => Number(a.name) - Number(b.name));
  return [...indices, ...entries.filter((file) => !isArrayIndex(file.name))];
}

/** What the central directory needs of an entry once its data is written (and let go). */
interface Entry {
  name: Uint8Array;
  flags: number;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

/** The fields local and central headers share, from "version needed" to the extra field's length. */
function writeCommon(view: DataView, at: number, entry: Entry) {
  view.setUint16(at, VERSION, true);
  view.setUint16(at + 2, entry.flags, true);
  view.setUint16(at + 4, DEFLATE, true);
  view.setUint16(at + 6, DOS_TIME, true);
  view.setUint16(at + 8, DOS_DATE, true);
  view.setUint32(at + 10, entry.crc, true);
  view.setUint32(at + 14, entry.compressedSize, true);
  view.setUint32(at + 18, entry.size, true);
  view.setUint16(at + 22, entry.name.length, true);
  view.setUint16(at + 24, 0, true);
}

/** Reads each file into one buffer, reused from entry to entry: it grows to the largest file, no further. */
function fileReader(): (path: string) => Uint8Array {
  let buffer = Buffer.alloc(0);
  return (path) => {
    // Non-blocking: opening a named pipe put there since the listing must not wait for a writer.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new Error(`${path} is no longer a regular file`);
      const size = stats.size;
      if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
      let done = 0;
      for (let read = -1; done < size && read !== 0; done += read) read = readSync(fd, buffer, done, size - done, done);
      return buffer.subarray(0, done);
    } finally {
      closeSync(fd);
    }
  };
}

export interface ZipSummary {
  /** Bytes written: the zip's size. */
  size: number;
  /** The files' total size, as Lambda counts it against its unzipped limit. */
  unzippedSize: number;
  entries: number;
}

/**
 * Writes the zip through `write`, one entry at a time: each file is read, deflated and written before
 * the next is read, so memory holds one file (and its deflated bytes), never the whole archive.
 */
export function writeZip(files: ZipInput[], write: (chunk: Uint8Array) => void): ZipSummary {
  const encoder = new TextEncoder();
  const entries: Entry[] = [];
  let offset = 0;
  let unzippedSize = 0;
  const read = fileReader();
  const ordered = entryOrder(files);
  if (ordered.length > 0xffff) throw new RangeError(`a zip without zip64 holds at most 65535 entries, not ${ordered.length}`);
  for (const file of ordered) {
    const name = encoder.encode(file.name);
    if (name.length > 0xffff) throw new RangeError(`zip entry name longer than 65535 bytes: ${file.name.slice(0, 60)}...`);
    const data = "data" in file ? file.data : read(file.path);
    const compressed = deflateSync(data);
    const entry: Entry = {
      name,
      flags: name.length !== file.name.length ? UTF8_NAME : 0,
      crc: crc32(data),
      size: data.length,
      compressedSize: compressed.length,
      offset,
    };
    const header = new Uint8Array(30 + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, LOCAL_HEADER, true);
    writeCommon(view, 4, entry);
    header.set(name, 30);
    write(header);
    write(compressed);
    entries.push(entry);
    offset += header.length + compressed.length;
    unzippedSize += data.length;
  }
  const directorySize = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0);
  const directory = new Uint8Array(directorySize + 22);
  const view = new DataView(directory.buffer);
  let at = 0;
  for (const entry of entries) {
    view.setUint32(at, CENTRAL_HEADER, true);
    view.setUint8(at + 4, VERSION);
    view.setUint8(at + 5, UNIX);
    writeCommon(view, at + 6, entry);
    // Comment length, disk number and internal attributes stay 0.
    view.setUint32(at + 38, ATTRIBUTES, true);
    view.setUint32(at + 42, entry.offset, true);
    directory.set(entry.name, at + 46);
    at += 46 + entry.name.length;
  }
  view.setUint32(at, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, directorySize, true);
  view.setUint32(at + 16, offset, true);
  write(directory);
  return { size: offset + directory.length, unzippedSize, entries: entries.length };
}

/** The zip in memory (small archives, tests). */
export function deterministicZip(files: ZipInput[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  writeZip(files, (chunk) => chunks.push(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

export interface ZipArtifact extends ZipSummary {
  /** Where the zip was written. */
  path: string;
  sha256: string;
}

/** The zip written to `path`, hashed as it is written. */
export function writeZipFile(files: ZipInput[], path: string): ZipArtifact {
  const hash = createHash("sha256");
  const fd = openSync(path, "w");
  try {
    const summary = writeZip(files, (chunk) => {
      hash.update(chunk);
      for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
    });
    return { ...summary, path, sha256: hash.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
