import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { logLine, parseSince } from "../../src/cli/commands/logs.js";

describe("pareto logs", () => {
  it("reads --since as a number and a unit", () => {
    expect(parseSince("30s")).toBe(30_000);
    expect(parseSince("10m")).toBe(600_000);
    expect(parseSince("2h")).toBe(7_200_000);
    expect(parseSince("1d")).toBe(86_400_000);
  });

  it.each(["10", "m", "1w", "-5m", "1.5h", "10 m", "9999999s"])("refuses --since %j", (text) => {
    expect(() => parseSince(text)).toThrow(UsageError);
  });

  it("prints one line per event: the time, two spaces, the message without its trailing newlines", () => {
    expect(logLine({ timestamp: Date.UTC(2026, 11, 1, 14, 0, 0), message: "START RequestId: 1\n\n" })).toBe(
      "2026-12-01T14:00:00.000Z  START RequestId: 1\n",
    );
    expect(logLine({ timestamp: 0, message: "a\nb\n" })).toBe("1970-01-01T00:00:00.000Z  a\nb\n");
  });
});
