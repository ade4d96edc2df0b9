/**
 * The app as a Mermaid flowchart: sources -> events -> functions -> the resources they touch, plus
 * endpoints, timers and batch consumers. Pure: the validated DSL in, Mermaid text out.
 */
import type { ParetoApp } from "../generated/dsl.js";
import { createContext, type AppContext, type FunctionContext } from "../expander/context.js";
import { parseTimer, type Timer } from "../expander/constructs/timers.js";
import { reachedBy } from "../expander/constructs/permissions.js";
import { queueName } from "../expander/constructs/pollers.js";
import { expand } from "../expander/index.js";
import { locateApp } from "../expander/read.js";

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

/** Event sources and permission targets: node ID, shape and label. */
const SOURCE_NODES: Record<string, (argument: string) => { id: string; shape: keyof typeof SHAPES; text: string }> = {
  bucket: () => ({ id: "bucket", shape: "store", text: "app bucket" }),
  table: () => ({ id: "table", shape: "store", text: "app table" }),
  queue: (q) => ({ id: `queue_${safeId(q)}`, shape: "queue", text: `queue ${q}` }),
  userpool: () => ({ id: "userpool", shape: "service", text: "user pool" }),
  builder: () => ({ id: "builder", shape: "service", text: "layer builder" }),
  bus: () => ({ id: "bus", shape: "service", text: "default event bus" }),
};

const TIMER_TEXT: Record<Timer["kind"], (timer: any) => string> = {
  rate: (t) => t.expression.replace(/^rate\((.*)\)$/, "every $1"),
  cron: (t) => t.expression,
  schedule: (t) => `${t.expression} ${t.timezone}`,
  ticker: (t) => `every ${t.seconds} s`,
};

function sourceNode(source: string) {
  const [kind, argument = ""] = source.split(":");
  return SOURCE_NODES[kind](argument);
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
  const { endpoint, events, consume, permissions } = fn.spec;
  if (endpoint)
    diagram.edge(diagram.node("api", "service", "HTTP API"), id, `${endpoint.method} ${endpoint.path}${endpoint.auth === "private" ? " (private)" : ""}`);
  for (const event of events ?? []) {
    const source = event.source === "global" ? globalNode(event.pattern as Record<string, unknown>) : sourceNode(event.source);
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, event.name);
  }
  const timer = parseTimer(fn).timer;
  if (timer) diagram.edge(diagram.node(`timer_${safeId(fn.name)}`, "trigger", TIMER_TEXT[timer.kind](timer)), id);
  if (consume) {
    const source = sourceNode(queueName(consume.source) !== undefined ? consume.source : "table");
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, "batches", "==>");
  }
  const actionsByTarget = new Map<string, string[]>();
  for (const permission of permissions ?? []) {
    if (typeof permission !== "string") continue;
    // The same resources the policy is scoped to (spec §4.5).
    for (const target of reachedBy(ctx, permission)) actionsByTarget.set(target, [...(actionsByTarget.get(target) ?? []), permission]);
  }
  for (const [target, actions] of actionsByTarget) {
    const node = sourceNode(target);
    diagram.edge(id, diagram.node(node.id, node.shape, node.text), actions.join(", "), "-.->");
  }
}

/** The diagram of the app in a template, or the same errors `pareto validate` reports. */
export function appGraph(template: unknown): GraphResult {
  const expanded = expand(template);
  if (!expanded.ok) return { ok: false, errors: expanded.errors };
  const located = locateApp(template);
  if (located.kind !== "app") return { ok: false, errors: ["template: has no Pareto::App to draw"] };
  const ctx = createContext(located.properties as ParetoApp, located.path);
  const diagram = new Diagram();
  for (const fn of ctx.functions) addFunction(diagram, ctx, fn);
  return { ok: true, mermaid: diagram.render() };
}
