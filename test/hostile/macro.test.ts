/**
 * The hostile macro corpus (test/hostile/macro/corpus.ts) against the built macro bundle, as CloudFormation
 * calls it. Every case: the exact outcome, never "internal error", a response JSON can serialise,
 * Object.prototype untouched, and cases sized to hit a limit answered within the time budget.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MACRO_CASES } from "./macro/corpus.js";

const BUNDLE = join(import.meta.dirname, "..", "..", "dist", "macro", "index.cjs");
/** The goal is 1 s for any input up to 1 MB; shared CI machines get three times that. */
const BUDGET_MS = 3000;
const BUDGET_BYTES = 256 * 1024 * 1024;

type Handler = (event: unknown) => Promise<{ status: string; fragment: unknown; errorMessage?: string; requestId: string }>;

describe("hostile macro events against the built bundle", () => {
  let handler: Handler;
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
    handler = createRequire(import.meta.url)(BUNDLE).handler;
    // The handler logs every failure; the corpus fails on purpose.
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterAll(() => vi.restoreAllMocks());

  for (const hostile of MACRO_CASES) {
    it(hostile.name, async () => {
      const fragment = hostile.fragment();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const response = await handler({ requestId: "hostile", fragment });
      const elapsed = performance.now() - started;
      const grown = process.memoryUsage().heapUsed - heapBefore;

      expect(() => JSON.stringify(response)).not.toThrow();
      expect(response.errorMessage ?? "").not.toMatch(/internal error/i);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (hostile.expected.status === "failure") {
        expect(response.status, `expected a failure, got ${response.status}`).toBe("failure");
        expect(response.errorMessage).toMatch(hostile.expected.message);
      } else {
        expect(response.status, response.errorMessage).toBe("success");
        expect(hostile.expected.check?.(response.fragment as Record<string, any>)).toBeUndefined();
      }
      if (hostile.big) {
        expect(elapsed, `${hostile.name} took ${elapsed.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
        expect(grown, `${hostile.name} grew the heap by ${(grown / 1e6).toFixed(0)} MB`).toBeLessThan(BUDGET_BYTES);
      }
    });
  }
});
