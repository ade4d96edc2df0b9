/**
 * `pareto graph --html` draws the diagram offline: the page, opened in headless Chromium (Debian's,
 * installed by scripts/setup-browser.sh) with no network, renders an SVG naming every function.
 * It also refreshes docs/images/graph-hello.png when WRITE_RESULTS=1.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
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

function functionNames(template: string): string[] {
  const parsed = parseTemplate(readFileSync(join(ROOT, template), "utf8"), template) as any;
  return Object.keys(parsed.Resources.App.Properties.functions);
}

describe("pareto graph --html in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  });
  afterAll(async () => browser?.close());

  for (const template of [
    "examples/hello/template.yaml",
    "test/fixtures/api-private-userpool/template.yaml",
    "test/fixtures/timer-cron/template.yaml",
  ]) {
    it(`draws every function of ${template}`, async () => {
      const page = join(mkdtempSync(join(tmpdir(), "pareto-graph-")), "graph.html");
      const result = spawnSync(process.execPath, [join(ROOT, "bin", "pareto.mjs"), "graph", template, "--html", page], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      tab.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
      await tab.goto(`file://${page}`);
      await tab.waitForSelector(".mermaid svg", { timeout: 20_000 });
      const text = await tab.locator(".mermaid svg").textContent();
      for (const name of functionNames(template)) expect(text).toContain(`λ ${name}`);
      expect(requests).toEqual([]); // drawn offline
      if (process.env.WRITE_RESULTS === "1" && template.startsWith("examples/hello"))
        await tab.screenshot({ path: join(ROOT, "docs", "images", "graph-hello.png"), fullPage: true });
      await tab.close();
    });
  }
});
