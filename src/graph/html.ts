/** A self-contained page that draws a Mermaid diagram offline: the renderer is inlined, nothing is fetched. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Labels are SVG text, never HTML (docs/graph.md, "User text"). In Mermaid 11 the root `htmlLabels`
 * decides it for flowchart nodes and edges; `flowchart.htmlLabels` is deprecated and node labels ignore
 * it. `securityLevel: "strict"` turns off click handlers, but with HTML labels it only strips scripts:
 * `<img>`, `<a>` and `<form>` would still render. Mermaid's limits (50,000 characters, 500 edges) would
 * draw a large app, or one with long escaped names, as an error message instead; the text is ours.
 */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: "strict",
  htmlLabels: false,
  maxTextSize: 5_000_000,
  maxEdges: 50_000,
} as const;

/**
 * Nothing but the inline script and styles may load: no image, font, frame or connection, no form
 * submission. Drawing a flowchart needs neither `eval` nor any URL (test/integration/graph.test.ts
 * draws under this policy and fails on any refused load).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/**
 * Runs after the renderer. SVG text labels decode only `&amp;`, `&lt;` and `&gt;`, so a character the
 * diagram writes as a numeric entity code (src/graph/mermaid.ts, `label`) is still `&#34;` when drawn:
 * decoded here, as text, across each label's text nodes (a long word can be split over lines). Then
 * `data-drawn` (`true` or `failed`) tells a test the page is done.
 */
const DRAW = `mermaid.initialize(${JSON.stringify(MERMAID_CONFIG)});
function decodeCharacterReferences(text) {
  const nodes = [];
  for (const walk = document.createTreeWalker(text, NodeFilter.SHOW_TEXT); walk.nextNode(); ) nodes.push(walk.currentNode);
  const owner = nodes.flatMap((node, i) => Array.from({ length: node.data.length }, () => i));
  const whole = nodes.map((node) => node.data).join("");
  const out = nodes.map(() => "");
  let at = 0;
  for (const match of whole.matchAll(/&#(\\d{1,7});/g)) {
    const code = Number(match[1]);
    if (code > 0x10ffff) continue;
    for (; at < match.index; at++) out[owner[at]] += whole[at];
    out[owner[at]] += String.fromCodePoint(code);
    at += match[0].length;
  }
  for (; at < whole.length; at++) out[owner[at]] += whole[at];
  nodes.forEach((node, i) => { if (node.data !== out[i]) node.data = out[i]; });
}
mermaid.run().then(
  () => {
    for (const text of document.querySelectorAll(".mermaid svg text")) decodeCharacterReferences(text);
    document.body.dataset.drawn = "true";
  },
  () => { document.body.dataset.drawn = "failed"; },
);`;

export function mermaidRenderer(): string {
  const path = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  // Inline scripts end at the first `</script`, wherever it appears.
  return readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
}

export function graphPage(title: string, mermaid: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${escapeHtml(title)}</title>
<style>body { font-family: sans-serif; margin: 2rem; } h1 { font-size: 1.2rem; }</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<pre class="mermaid">
${escapeHtml(mermaid)}</pre>
<script>${mermaidRenderer()}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
