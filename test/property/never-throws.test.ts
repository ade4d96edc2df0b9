/** The macro never throws: arbitrary events and arbitrary DSL documents get a response, never an exception. */
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { handler } from "../../src/macro/handler.js";

const SEED = 20261124;

/** DSL-shaped noise: real keys with arbitrary values, so validation and checks get exercised deeply. */
const dslKeys = fc.constantFrom(
  "runtime",
  "code",
  "memory",
  "timeout",
  "layers",
  "tags",
  "retain",
  "bucket",
  "table",
  "queues",
  "functions",
  "handler",
  "events",
  "timer",
  "consume",
  "permissions",
  "environment",
  "source",
  "pattern",
  "name",
  "rate",
  "cron",
);
const noisyDsl = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.anything({ maxDepth: 2 }),
    fc.dictionary(dslKeys, tie("value"), { maxKeys: 5 }),
    fc.array(tie("value"), { maxLength: 3 }),
  ),
})).value;

describe("the macro never throws", () => {
  beforeAll(() => {
    // The handler logs every failure for CloudWatch; thousands of them would drown the test output.
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  it("on arbitrary events", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (event) => {
        const response = await handler(event);
        expect(["success", "failure"]).toContain(response.status);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("on arbitrary Pareto::App properties", async () => {
    await fc.assert(
      fc.asyncProperty(noisyDsl, async (properties) => {
        const response = await handler({
          requestId: "r",
          fragment: { Resources: { App: { Type: "Pareto::App", Properties: properties } } },
        });
        expect(response.requestId).toBe("r");
        if (response.status === "failure") expect(response.errorMessage).not.toMatch(/internal error/);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
