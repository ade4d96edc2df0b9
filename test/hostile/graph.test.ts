/**
 * Hostile text in `pareto graph`'s Mermaid (docs/graph.md, "User text"). Labels: every string of
 * test/hostile/graph/labels.json stays inside its quotes, carries no markup, directive or comment, and
 * decodes back to itself. Node IDs: the source lists of test/hostile/graph/names.json each get their
 * own node, and the encoding is injective for any text (fast-check). The page that draws these is
 * checked in Chromium by test/integration/graph.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appGraph, idName, label, nodeId } from "../../src/graph/mermaid.js";

const SEED = 20261124;
const CORPUS = join(import.meta.dirname, "graph");
const LABELS: Array<{ why: string; text: string }> = JSON.parse(readFileSync(join(CORPUS, "labels.json"), "utf8"));
const NAMES: Array<{ why: string; sources: unknown[] }> = JSON.parse(readFileSync(join(CORPUS, "names.json"), "utf8"));

const app = (functions: Record<string, unknown>) => ({ Resources: { App: { Type: "Pareto::App", Properties: { functions } } } });
const mermaidOf = (template: unknown) => {
  const result = appGraph(template);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.mermaid;
};

/** What Mermaid, then the page, make of a label's text: each entity code back to its character. */
const decodeLabel = (quoted: string) =>
  quoted
    .slice(1, -1)
    .replace(/#(lt|gt|amp|\d+);/g, (_, code: string) =>
      code === "lt" ? "<" : code === "gt" ? ">" : code === "amp" ? "&" : String.fromCodePoint(Number(code)),
    );

/** Why a label's text could be more than text to Mermaid, or nothing when it is safe. */
function labelProblem(quoted: string): string | undefined {
  const inner = quoted.slice(1, -1);
  if (!quoted.startsWith('"') || !quoted.endsWith('"') || inner.includes('"')) return "a quote inside";
  if (/[<>&%|`$\\]/.test(inner)) return "markup, directive, pipe, Markdown, KaTeX or escape characters";
  if (/[\p{Cc}\p{Cf}\p{Z}]/u.test(inner.replace(/ /g, ""))) return "a control, format or separator character";
  if (/^ | $| {2}/.test(inner)) return "a space Mermaid trims or collapses";
  if (/[\u00b6\ufb02]/.test(inner)) return "an entity placeholder character";
  if (inner.replace(/#(lt|gt|amp|\d+);/g, "").includes("#")) return "a # that is not an entity code";
  if (/:\S*#/.test(inner)) return "a ':' before an entity in one word (Mermaid's style rule drops its ';')";
  return undefined;
}

/** The only lines `appGraph` writes: a node in one of six shapes, or an edge with an optional label. */
const NODE_LINE = /^ {2}[A-Za-z0-9_]+(\[("[^"]*")\]|\[\(("[^"]*")\)\]|\[\[("[^"]*")\]\]|\(\[("[^"]*")\]\)|\(\(("[^"]*")\)\)|>("[^"]*")\])$/;
const EDGE_LINE = /^ {2}[A-Za-z0-9_]+ (-->|-\.->|==>)(?:\|("[^"]*")\|)? [A-Za-z0-9_]+$/;

/** Each line of a diagram as node or edge, with its label; throws on any other line. */
function parseDiagram(mermaid: string) {
  const [header, ...lines] = mermaid.split("\n");
  expect(header).toBe("flowchart LR");
  expect(lines.pop()).toBe("");
  return lines.map((line) => {
    const node = NODE_LINE.exec(line);
    const edge = EDGE_LINE.exec(line);
    if (!node && !edge) throw new Error(`not a node or an edge: ${JSON.stringify(line)}`);
    const labelText = node ? node.slice(2).find((part) => part !== undefined) : edge?.[2];
    // Mermaid's own pre-parse rules, applied to the whole line.
    expect(line).not.toMatch(/%%/);
    expect(line).not.toMatch(/style.*:\S*#.*;|classDef.*:\S*#.*;/);
    return { kind: node ? ("node" as const) : ("edge" as const), line, label: labelText };
  });
}

describe("labels: user text stays text", () => {
  for (const { why, text } of LABELS)
    it(`${why}: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const quoted = label(text);
      expect(labelProblem(quoted)).toBeUndefined();
      expect(decodeLabel(quoted)).toBe(text);
    });

  it("keeps ordinary text readable", () => {
    expect(label("GET /orders/{id} (private)")).toBe('"GET /orders/{id} (private)"');
    expect(label("s3:GetObject, s3:PutObject")).toBe('"s3:GetObject, s3:PutObject"');
    expect(label("cron(0 3 ? * 2#1 *) Europe/London")).toBe('"cron(0 3 ? * 2#35;1 *) Europe/London"');
    expect(label('say "hi" <b>')).toBe('"say #34;hi#34; #lt;b#gt;"');
  });

  it("any text: safe, and decodes back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const quoted = label(text);
        expect(labelProblem(quoted)).toBeUndefined();
        expect(decodeLabel(quoted)).toBe(text);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("every label of a diagram drawn from the corpus stays in its node or edge", () => {
    const functions: Record<string, unknown> = Object.fromEntries(
      LABELS.map(({ text }, i) => [`f${i}`, { handler: "i.h", events: [{ name: "e", source: "global", pattern: { source: [text] } }] }]),
    );
    // Where the schema lets other user text through: a path's special characters, a cron's `#`.
    functions.api = { handler: "i.h", endpoint: { method: "GET", path: "/a&b'c;d=e:f@g$h!i*(j)+k,l~m/{id}" } };
    functions.nightly = { handler: "i.h", timer: { cron: "0 3 ? * 2#1 *", timezone: "America/Argentina/Buenos_Aires" } };
    const parts = parseDiagram(mermaidOf(app(functions)));
    for (const part of parts) if (part.label !== undefined) expect(labelProblem(part.label), part.line).toBeUndefined();
    const labels = parts.flatMap((part) => (part.label === undefined ? [] : [decodeLabel(part.label)]));
    for (const { text } of LABELS) expect(labels).toContain(`global: ${text}`);
    expect(labels).toContain("GET /a&b'c;d=e:f@g$h!i*(j)+k,l~m/{id}");
    expect(labels).toContain("cron(0 3 ? * 2#1 *) America/Argentina/Buenos_Aires");
    // One node per function and per source, one per timer, the API; one edge into each function.
    expect(parts.filter((part) => part.kind === "node")).toHaveLength(2 * LABELS.length + 4);
    expect(parts.filter((part) => part.kind === "edge")).toHaveLength(LABELS.length + 2);
  });
});

/** The inverse of `idName`: it exists, so `idName` is injective. Throws on anything `idName` cannot write. */
function decodeIdName(id: string): string {
  let out = "";
  for (let at = 0; at < id.length; ) {
    const escaped = /^_([0-9a-f]+)_/.exec(id.slice(at));
    if (id[at] !== "_") out += id[at++];
    else if (escaped) {
      out += String.fromCodePoint(Number.parseInt(escaped[1], 16));
      at += escaped[0].length;
    } else throw new Error(`not an encoded name at ${at}: ${id}`);
  }
  return out;
}

/** The source node drawn for each function of a diagram, by function ID. */
const sourcesOfFunctions = (mermaid: string) =>
  new Map(
    parseDiagram(mermaid)
      .filter((part) => part.kind === "edge")
      .map((part) => part.line.trim().split(" "))
      .map((words) => [words.at(-1), words[0]]),
  );

describe("node IDs: distinct names, distinct nodes", () => {
  it("escapes every character but letters and digits, readably", () => {
    expect(nodeId("fn", "get-order")).toBe("fn_get_2d_order");
    expect(nodeId("global", "a.b")).toBe("global_a_2e_b");
    expect(nodeId("global", "a_b")).toBe("global_a_5f_b");
    expect(nodeId("global", "a", "b")).toBe("global_a__b");
    expect(nodeId("global", "é😀")).toBe("global__e9__1f600_");
  });

  for (const { why, sources } of NAMES)
    it(`${why}: ${JSON.stringify(sources)}`, () => {
      const functions = Object.fromEntries(
        sources.map((source, i) => [
          `f${i}`,
          { handler: "i.h", events: [{ name: "e", source: "global", pattern: source === null ? { "detail-type": ["x"] } : { source } }] },
        ]),
      );
      const drawnFrom = sourcesOfFunctions(mermaidOf(app(functions)));
      expect(drawnFrom.size).toBe(sources.length);
      expect(new Set(drawnFrom.values()).size).toBe(sources.length);
    });

  it("the same source list is one node", () => {
    const event = { name: "e", source: "global", pattern: { source: ["a.b", "c"] } };
    const drawnFrom = sourcesOfFunctions(
      mermaidOf(app({ x: { handler: "i.h", events: [event] }, y: { handler: "i.h", events: [event] } })),
    );
    expect([...drawnFrom.values()]).toEqual(["global_a_2e_b__c", "global_a_2e_b__c"]);
  });

  it("any name: letters, digits and underscores, and decodes back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (name) => {
        const id = idName(name);
        expect(id).toMatch(/^[A-Za-z0-9_]*$/);
        expect(decodeIdName(id)).toBe(name);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("any two different lists of names: different IDs", () => {
    const names = fc.array(fc.oneof(fc.constantFrom("", "_", "__", "a", "a_b", "a.b", "_2e_", "_x_"), fc.string({ maxLength: 4 })), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(names, names, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(nodeId("global", ...a)).not.toBe(nodeId("global", ...b));
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it("any two different global sources in one app: two nodes", () => {
    const value = fc.oneof(
      fc.constantFrom("a.b", "a_b", "a", "b", "", "1"),
      fc.string({ maxLength: 6 }),
      fc.constant(1),
      fc.constant(null),
    );
    const sources = fc.array(value, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(sources, sources, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        const fn = (source: unknown[]) => ({ handler: "i.h", events: [{ name: "e", source: "global", pattern: { source } }] });
        const result = appGraph(app({ x: fn(a), y: fn(b) }));
        fc.pre(result.ok); // the pattern grammar may reject a value
        const drawnFrom = sourcesOfFunctions(result.ok ? result.mermaid : "");
        expect(drawnFrom.get("fn_x")).not.toBe(drawnFrom.get("fn_y"));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
