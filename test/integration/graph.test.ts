/**
 * `pareto graph --html` draws the diagram offline: the page, opened in headless Chromium (Debian's,
 * installed by scripts/setup-browser.sh) with no network, renders an SVG naming every function.
 * Hostile text (test/hostile/graph/labels.json) in every label position, through the CLI and through
 * every node shape and edge directly, stays text: no request, no element from it, and the text drawn.
 * It also refreshes docs/images/graph-hello.png when WRITE_RESULTS=1.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, type ExpectStatic, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { graphPage } from "../../src/graph/html.js";
import { Diagram, nodeId } from "../../src/graph/mermaid.js";
import { ROOT } from "./tools.js";

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const HOSTILE: string[] = JSON.parse(readFileSync(join(ROOT, "test", "hostile", "graph", "labels.json"), "utf8")).map(
  (entry: { text: string }) => entry.text,
);

/** Elements the page itself is made of; anything else came from text. */
const PAGE_ELEMENTS = new Set(["html", "head", "meta", "title", "style", "body", "h1", "pre", "script"]);
/** Elements Mermaid draws a flowchart with when labels are SVG text. */
const SVG_ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "marker",
  "path",
  "polygon",
  "circle",
  "ellipse",
  "rect",
  "text",
  "tspan",
  "filter",
  "feDropShadow",
]);

function functionNames(template: string): string[] {
  const parsed = parseTemplate(readFileSync(join(ROOT, template), "utf8"), template) as any;
  return Object.keys(parsed.Resources.App.Properties.functions);
}

/** Words only: a wrapped label loses the space where it breaks. */
const words = (text: string) => text.replace(/\s/g, "");

function pareto(...args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "pareto.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
}

describe("pareto graph --html in Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "pareto-graph-"));
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  });
  afterAll(async () => browser?.close());

  /**
   * Opens a page and waits until it has drawn, recording every request that is not the file itself
   * and every load the page's Content-Security-Policy refused. Tests that run concurrently pass their
   * own `expect`.
   */
  async function open(page: string, expect: ExpectStatic) {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    tab.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    await tab.addInitScript(() => {
      (window as any).refused = [];
      document.addEventListener("securitypolicyviolation", (e) => (window as any).refused.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await tab.goto(`file://${page}`);
    await tab.waitForSelector("body[data-drawn]", { timeout: 30_000 });
    expect(await tab.evaluate(() => document.body.dataset.drawn)).toBe("true");
    return { tab, requests, refused: () => tab.evaluate(() => (window as any).refused as string[]) };
  }

  /** No element and no attribute that came from text: only the page's own and Mermaid's SVG. */
  async function expectOnlyDrawnElements(tab: Page, expect: ExpectStatic) {
    const found = await tab.evaluate(() => {
      // Mermaid's own tooltip holder, empty: no diagram here has a tooltip.
      const elements = [...document.querySelectorAll("*")].filter((e) => !e.matches("body > div.mermaidTooltip:empty"));
      return {
        tags: elements.map((e) => e.localName),
        scripts: document.scripts.length,
        svgs: document.querySelectorAll("svg").length,
        attributes: elements.flatMap((e) => e.getAttributeNames().filter((name) => /^on|href$|^src$|^action$|^formaction$/i.test(name))),
      };
    });
    expect(found.tags.filter((tag) => !PAGE_ELEMENTS.has(tag) && !SVG_ELEMENTS.has(tag))).toEqual([]);
    expect(found.scripts).toBe(2); // the renderer and the call that draws
    expect(found.svgs).toBe(1);
    expect(found.attributes).toEqual([]);
  }

  /** Each `<text>` Mermaid drew: the labels. */
  const labels = (tab: Page) => tab.locator(".mermaid svg text").allTextContents();

  for (const template of [
    "examples/hello/template.yaml",
    "test/fixtures/api-private-userpool/template.yaml",
    "test/fixtures/timer-cron/template.yaml",
  ]) {
    it(`draws every function of ${template}`, async () => {
      const page = join(dir, `${template.replace(/\W/g, "-")}.html`);
      pareto("graph", template, "--html", page);
      const { tab, requests, refused } = await open(page, expect);
      const drawn = await labels(tab);
      for (const name of functionNames(template)) expect(drawn).toContain(`λ ${name}`);
      expect(requests).toEqual([]); // drawn offline
      expect(await refused()).toEqual([]);
      await expectOnlyDrawnElements(tab, expect);
      if (process.env.WRITE_RESULTS === "1" && template.startsWith("examples/hello"))
        await tab.screenshot({ path: join(ROOT, "docs", "images", "graph-hello.png"), fullPage: true });
      await tab.close();
    });
  }

  it("draws hostile global sources, paths and crons as text, and a.b apart from a_b", async () => {
    const functions: Record<string, unknown> = Object.fromEntries(
      [...HOSTILE, "a.b", "a_b"].map((text, i) => [
        `f${i}`,
        { handler: "i.h", events: [{ name: "e", source: "global", pattern: { source: [text] } }] },
      ]),
    );
    functions.api = { handler: "i.h", endpoint: { method: "GET", path: "/a&b'c;d=e:f@g$h!i*(j)+k,l~m/{id}" } };
    functions.nightly = { handler: "i.h", timer: { cron: "0 3 ? * 2#1 *" } };
    const template = join(dir, "hostile.json");
    writeFileSync(template, JSON.stringify({ Resources: { App: { Type: "Pareto::App", Properties: { functions } } } }));
    const page = join(dir, "hostile.html");
    pareto("graph", template, "--html", page);
    const { tab, requests, refused } = await open(page, expect);
    expect(requests).toEqual([]);
    expect(await refused()).toEqual([]);
    await expectOnlyDrawnElements(tab, expect);
    const drawn = (await labels(tab)).map(words);
    for (const text of [...HOSTILE, "a.b", "a_b"]) expect(drawn).toContain(words(`global: ${text}`));
    expect(drawn).toContain(words("GET /a&b'c;d=e:f@g$h!i*(j)+k,l~m/{id}"));
    expect(drawn).toContain(words("cron(0 3 ? * 2#1 *)"));
    await tab.close();
  });

  // One page per string, several at once: in one diagram, a string that breaks the syntax could hide what another does.
  HOSTILE.forEach((text, i) => {
    it.concurrent(`draws hostile text in every node shape and edge label, and in the title: ${JSON.stringify(text).slice(0, 50)}`, async ({
      expect,
    }) => {
      const diagram = new Diagram();
      const shapes = ["function", "store", "queue", "service", "trigger", "external"] as const;
      const ids = shapes.map((shape) => diagram.node(nodeId(shape, text), shape, text));
      diagram.edge(ids[0], ids[1], text, "-->");
      diagram.edge(ids[1], ids[2], text, "-.->");
      diagram.edge(ids[2], ids[3], text, "==>");
      const page = join(dir, `text-${i}.html`);
      writeFileSync(page, graphPage(text, diagram.render()));
      const { tab, requests, refused } = await open(page, expect);
      expect(requests).toEqual([]);
      expect(await refused()).toEqual([]);
      await expectOnlyDrawnElements(tab, expect);
      // Escaped for HTML, the title is text; how the browser keeps control characters in it is its own.
      const asHtmlText = (s: string) => words(s.replace(/[\p{Cc}\ufffd]/gu, ""));
      expect(asHtmlText((await tab.locator("h1").textContent()) ?? "")).toBe(asHtmlText(text));
      expect(asHtmlText(await tab.title())).toBe(asHtmlText(text));
      expect((await labels(tab)).map(words)).toEqual(Array(9).fill(words(text)));
      await tab.close();
    });
  });
});
