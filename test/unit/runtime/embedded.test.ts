/** Each embedded runtime string is a self-contained module: a fresh Node process loads it and finds `handler`. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runtimeCode } from "../../../src/generated/runtime-code.js";

const NODE_MODULES = join(import.meta.dirname, "..", "..", "..", "node_modules");

describe("embedded runtime code", () => {
  for (const [name, code] of Object.entries(runtimeCode)) {
    it(`${name} loads as index.js and exports handler`, () => {
      const dir = mkdtempSync(join(tmpdir(), `pareto-${name}-`));
      writeFileSync(join(dir, "index.js"), code);
      // The AWS SDK comes from the Lambda runtime; here, from the project's node_modules.
      const out = execFileSync(
        process.execPath,
        ["-e", `process.stdout.write(typeof require(${JSON.stringify(join(dir, "index.js"))}).handler)`],
        {
          encoding: "utf8",
          env: { ...process.env, NODE_PATH: NODE_MODULES },
        },
      );
      expect(out).toBe("function");
      expect(code.length).toBeLessThan(4096);
    });
  }
});
