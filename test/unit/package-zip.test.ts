import { unzipSync } from "fflate/browser";
import { describe, expect, it } from "vitest";
import { objectKey } from "../../src/package/index.js";
import { deterministicZip, sha256, type ZipFile } from "../../src/package/zip.js";

const text = (value: string) => new TextEncoder().encode(value);
const FILES: ZipFile[] = [
  { name: "src/quote.js", data: text("exports.handler = async () => 1;\n") },
  { name: "README", data: text("hello") },
  { name: "src/orders.js", data: text("exports.create = async () => 2;\n".repeat(50)) },
];

/** Offsets of the central directory's entries (signature PK\1\2). */
function centralEntries(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const offsets: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) offsets.push(i);
  return offsets;
}

describe("deterministicZip", () => {
  it("gives the same bytes whatever order the files come in", () => {
    expect(deterministicZip(FILES)).toEqual(deterministicZip([...FILES].reverse()));
    expect(sha256(deterministicZip(FILES))).toBe(sha256(deterministicZip([FILES[1], FILES[2], FILES[0]])));
  });

  it("holds the files, sorted by name", () => {
    const files = unzipSync(deterministicZip(FILES));
    expect(Object.keys(files)).toEqual(["README", "src/orders.js", "src/quote.js"]);
    expect(new TextDecoder().decode(files["src/quote.js"])).toBe("exports.handler = async () => 1;\n");
  });

  it("records 1980-01-01 00:00 and -rw-r--r-- (Unix) for every entry", () => {
    const zip = deterministicZip(FILES);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const entries = centralEntries(zip);
    expect(entries).toHaveLength(3);
    for (const at of entries) {
      expect(view.getUint8(at + 5)).toBe(3); // version made by: Unix
      expect(view.getUint16(at + 12, true)).toBe(0); // time 00:00:00
      expect(view.getUint16(at + 14, true)).toBe((0 << 9) | (1 << 5) | 1); // date 1980-01-01
      expect(view.getUint32(at + 38, true) >>> 16).toBe(0o100644);
    }
  });

  it("changes with the content", () => {
    const changed = FILES.map((file) => (file.name === "README" ? { ...file, data: text("hello!") } : file));
    expect(sha256(deterministicZip(changed))).not.toBe(sha256(deterministicZip(FILES)));
  });
});

describe("objectKey", () => {
  it.each([
    [undefined, "abc.zip"],
    ["", "abc.zip"],
    ["orders", "orders/abc.zip"],
    ["/team/orders/", "team/orders/abc.zip"],
  ])("prefix %s -> %s", (prefix, key) => expect(objectKey(prefix, "abc")).toBe(key));
});
