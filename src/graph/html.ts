/** A self-contained page that draws a Mermaid diagram offline: the renderer is inlined, nothing is fetched. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

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
<title>${escapeHtml(title)}</title>
<style>body { font-family: sans-serif; margin: 2rem; } h1 { font-size: 1.2rem; }</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<pre class="mermaid">
${escapeHtml(mermaid)}</pre>
<script>${mermaidRenderer()}</script>
<script>mermaid.initialize({ startOnLoad: true, securityLevel: "strict", flowchart: { htmlLabels: false } });</script>
</body>
</html>
`;
}
