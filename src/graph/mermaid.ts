/**
 * The app as a Mermaid flowchart: sources -> events -> functions -> the resources they touch, plus
 * endpoints, timers and batch consumers. Pure: the validated DSL in, Mermaid text out.
 */
import { analyse } from "../expander/analyse.js";
import { type Reached, reachedBy } from "../expander/constructs/permissions.js";
import { parseTimer, type Timer } from "../expander/constructs/timers.js";
import type { AppContext, FunctionContext } from "../expander/context.js";
import { expandAnalysis } from "../expander/index.js";
import { type SourceRef, sourceOf } from "../expander/sources/index.js";

export type GraphResult = { ok: true; mermaid: string } | { ok: false; errors: string[] };

/** Mermaid node IDs: letters, digits and underscores. */
const safeId = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
/** Labels go inside double quotes; Mermaid spells a quote `#quot;`. */
const label = (text: string) => `"${text.replace(/"/g, "#quot;")}"`;

/** One row per kind of node: its Mermaid shape. */
const SHAPES = {
  function: (id: string, text: string) => `${id}[${label(text)}]`,
  store: (id: string, text: string) => `${id}[(${label(text)})]`,
  queue: (id: string, text: string) => `${id}[[${label(text)}]]`,
  service: (id: string, text: string) => `${id}([${label(text)}])`,
  trigger: (id: string, text: string) => `${id}((${label(text)}))`,
  external: (id: string, text: string) => `${id}>${label(text)}]`,
};

const TIMER_TEXT: Record<Timer["kind"], (timer: any) => string> = {
  rate: (t) => t.expression.replace(/^rate\((.*)\)$/, "every $1"),
  cron: (t) => t.expression,
  schedule: (t) => `${t.expression} ${t.timezone}`,
  ticker: (t) => `every ${t.seconds} s`,
};

/** An event source or permission target, as its module draws it. */
function sourceNode(source: SourceRef) {
  const node = sourceOf(source).node(source.argument);
  return { ...node, id: safeId(node.id) };
}

function globalNode(pattern: Record<string, unknown>) {
  const sources = Array.isArray(pattern.source) ? pattern.source.filter((s): s is string => typeof s === "string") : [];
  const text = sources.length ? `global: ${sources.join(", ")}` : "default event bus";
  return { id: `global_${safeId(sources.join("_") || "bus")}`, shape: "external" as const, text };
}

class Diagram {
  private nodes = new Map<string, string>();
  private edges: string[] = [];
  node(id: string, shape: keyof typeof SHAPES, text: string) {
    if (!this.nodes.has(id)) this.nodes.set(id, SHAPES[shape](id, text));
    return id;
  }
  edge(from: string, to: string, text?: string, style: "-->" | "-.->" | "==>" = "-->") {
    this.edges.push(`  ${from} ${style}${text ? `|${label(text)}|` : ""} ${to}`);
  }
  render() {
    return `flowchart LR\n${[...this.nodes.values()].map((n) => `  ${n}`).join("\n")}\n${this.edges.join("\n")}\n`;
  }
}

function addFunction(diagram: Diagram, ctx: AppContext, fn: FunctionContext) {
  const id = diagram.node(`fn_${safeId(fn.name)}`, "function", `λ ${fn.name}`);
  const { endpoint, permissions } = fn.spec;
  if (endpoint)
    diagram.edge(
      diagram.node("api", "service", "HTTP API"),
      id,
      `${endpoint.method} ${endpoint.path}${endpoint.auth === "private" ? " (private)" : ""}`,
    );
  for (const event of fn.events) {
    const source = event.source.kind === "global" ? globalNode(event.spec.pattern as Record<string, unknown>) : sourceNode(event.source);
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, event.spec.name);
  }
  const timer = parseTimer(fn).timer;
  if (timer) diagram.edge(diagram.node(`timer_${safeId(fn.name)}`, "trigger", TIMER_TEXT[timer.kind](timer)), id);
  if (fn.consumes) {
    const source = sourceNode(fn.consumes);
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, "batches", "==>");
  }
  const actionsByTarget = new Map<string, { target: Reached; actions: string[] }>();
  for (const permission of permissions ?? []) {
    if (typeof permission !== "string") continue;
    // The same resources the policy is scoped to (docs/security.md).
    for (const target of reachedBy(ctx, permission)) {
      const key = `${target.kind}:${target.argument}`;
      const entry = actionsByTarget.get(key) ?? { target, actions: [] };
      entry.actions.push(permission);
      actionsByTarget.set(key, entry);
    }
  }
  for (const { target, actions } of actionsByTarget.values()) {
    const node = sourceNode(target);
    diagram.edge(id, diagram.node(node.id, node.shape, node.text), actions.join(", "), "-.->");
  }
}

/** The diagram of the app in a template, or the same errors `pareto validate` reports. */
export function appGraph(template: unknown): GraphResult {
  const analysis = analyse(template);
  const expanded = expandAnalysis(analysis);
  if (!expanded.ok) return { ok: false, errors: expanded.errors };
  if (!analysis.ok || !analysis.app) return { ok: false, errors: ["template: has no Pareto::App to draw"] };
  const { ctx } = analysis.app;
  const diagram = new Diagram();
  for (const fn of ctx.functions) addFunction(diagram, ctx, fn);
  return { ok: true, mermaid: diagram.render() };
}
