/**
 * Deterministic zips: the same files give the same bytes, so an artifact's content hash names it.
 * Everything a zip records besides the contents is fixed: entry order, timestamps, permissions.
 *
 * The archive is written here (fflate only deflates): fflate's `zipSync` takes the files as an object
 * keyed by entry name, and a file named `__proto__` set that object's prototype instead of adding an
 * entry. The bytes are those `zipSync` wrote for every other name, so existing artifacts keep their hash.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
// The worker-free build: only the synchronous API is used.
import { deflateSync } from "fflate/browser";

export interface ZipFile {
  /** Path inside the zip, `/`-separated. */
  name: string;
  data: Uint8Array;
}

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
function entryOrder(files: ZipFile[]): ZipFile[] {
  const byName = new Map<string, ZipFile>();
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) byName.set(file.name, file);
  const entries = [...byName.values()];
  const indices = entries.filter((file) => isArrayIndex(file.name)).sort((a, b) => Number(a.name) - Number(b.name));
  return [...indices, ...entries.filter((file) => !isArrayIndex(file.name))];
}

interface Entry {
  name: Uint8Array;
  flags: number;
  crc: number;
  size: number;
  compressed: Uint8Array;
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
  view.setUint32(at + 14, entry.compressed.length, true);
  view.setUint32(at + 18, entry.size, true);
  view.setUint16(at + 22, entry.name.length, true);
  view.setUint16(at + 24, 0, true);
}

export function deterministicZip(files: ZipFile[]): Uint8Array {
  const encoder = new TextEncoder();
  let offset = 0;
  const entries: Entry[] = entryOrder(files).map((file) => {
    const name = encoder.encode(file.name);
    if (name.length > 0xffff) throw new RangeError(`zip entry name longer than 65535 bytes: ${file.name.slice(0, 60)}...`);
    const entry: Entry = {
      name,
      flags: name.length !== file.name.length ? UTF8_NAME : 0,
      crc: crc32(file.data),
      size: file.data.length,
      compressed: deflateSync(file.data),
      offset,
    };
    offset += 30 + name.length + entry.compressed.length;
    return entry;
  });
  const directorySize = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0);
  const zip = new Uint8Array(offset + directorySize + 22);
  const view = new DataView(zip.buffer);
  for (const entry of entries) {
    view.setUint32(entry.offset, LOCAL_HEADER, true);
    writeCommon(view, entry.offset + 4, entry);
    zip.set(entry.name, entry.offset + 30);
    zip.set(entry.compressed, entry.offset + 30 + entry.name.length);
  }
  let at = offset;
  for (const entry of entries) {
    view.setUint32(at, CENTRAL_HEADER, true);
    view.setUint8(at + 4, VERSION);
    view.setUint8(at + 5, UNIX);
    writeCommon(view, at + 6, entry);
    // Comment length, disk number and internal attributes stay 0.
    view.setUint32(at + 38, ATTRIBUTES, true);
    view.setUint32(at + 42, entry.offset, true);
    zip.set(entry.name, at + 46);
    at += 46 + entry.name.length;
  }
  view.setUint32(at, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, directorySize, true);
  view.setUint32(at + 16, offset, true);
  return zip;
}

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
