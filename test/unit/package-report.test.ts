import { describe, expect, it } from "vitest";
import { formatSize, table } from "../../src/package/report.js";

describe("report tables", () => {
  it("pads columns to their widest cell, numbers aligned right", () => {
    expect(
      table(
        ["code", "size", "upload"],
        [
          ["api", "2.1 KiB", "uploaded"],
          ["receipt", "36.6 KiB", "unchanged"],
        ],
        [1],
      ),
    ).toBe(
      ["code         size  upload", "-------  --------  ---------", "api       2.1 KiB  uploaded", "receipt  36.6 KiB  unchanged"].join(
        "\n",
      ),
    );
  });

  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [37_478, "36.6 KiB"],
    [5 * 1024 * 1024 + 1, "5.0 MiB"],
  ])("formatSize(%d) = %s", (bytes, text) => expect(formatSize(bytes)).toBe(text));
});
