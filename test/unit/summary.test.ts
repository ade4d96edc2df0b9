import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_LENGTH, summarise } from "../../src/macro/summary.js";

describe("the macro's errorMessage", () => {
  it("counts and lists the errors", () => {
    expect(summarise(["a: one"])).toBe("1 error: a: one");
    expect(summarise(["a: one", "b: two"])).toBe("2 errors: a: one; b: two");
  });

  it("stays readable when there are many, pointing at the logs for the rest", () => {
    const errors = Array.from({ length: 80 }, (_, i) => `Resources.App.Properties.functions.f${i}.handler: missing required key 'handler'`);
    const message = summarise(errors);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 60);
    expect(message).toMatch(/^80 errors: Resources\.App\.Properties\.functions\.f0\.handler: /);
    expect(message).toMatch(/; and \d+ more \(see the macro's logs\)$/);
  });

  it("cuts a single very long error", () => {
    const message = summarise([`x: ${"y".repeat(5000)}`]);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message.endsWith("...")).toBe(true);
  });
});
