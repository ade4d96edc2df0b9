/** The source registry is the one place a source is declared: the schema's token patterns must equal what it derives. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONSUME_SOURCE_PATTERN,
  EVENT_SOURCE_PATTERN,
  parseSourceRef,
  REACHED_SOURCE_PATTERN,
  SOURCE_KINDS,
} from "../../src/expander/sources/index.js";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "schemas", "pareto-app.schema.json"), "utf8"));

/** Every `source` property's pattern in the schema, by the title of the object holding it. */
function sourcePatterns(node: unknown, title = "", found = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(node)) {
    for (const item of node) sourcePatterns(item, title, found);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, any>;
    const here = typeof record.title === "string" ? record.title : title;
    if (record.properties?.source?.pattern) found.set(here, record.properties.source.pattern);
    for (const value of Object.values(record)) sourcePatterns(value, here, found);
  }
  return found;
}

describe("the source registry", () => {
  it("derives the schema's source tokens", () => {
    const patterns = sourcePatterns(schema);
    expect(patterns.get("EventSpec"), "schema: functions.<f>.events[].source.pattern").toBe(EVENT_SOURCE_PATTERN);
    expect(patterns.get("ConsumeSpec"), "schema: functions.<f>.consume.source.pattern").toBe(CONSUME_SOURCE_PATTERN);
    const permission = schema.$defs.permission.anyOf.find((branch: any) => branch.properties?.on);
    expect(permission?.properties.on.pattern, "schema: $defs.permission (object form).on.pattern").toBe(REACHED_SOURCE_PATTERN);
  });

  it("parses a token once into a typed reference", () => {
    expect(parseSourceRef("queue:to-do")).toEqual({ kind: "queue", argument: "to-do" });
    expect(parseSourceRef("bucket")).toEqual({ kind: "bucket", argument: "" });
    expect(parseSourceRef("table:orders")).toEqual({ kind: "table", argument: "orders" });
    expect(SOURCE_KINDS).toEqual(["bucket", "table", "queue", "topic", "userpool", "builder", "global", "app"]);
  });
});
