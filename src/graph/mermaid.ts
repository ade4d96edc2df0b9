/**
 * The app as a Mermaid flowchart: sources -> events -> functions -> the resources they touch, plus
 * endpoints, timers and batch consumers. Pure: the validated DSL in, Mermaid text out.
 *
 * Everything the user wrote reaches the diagram through `nodeId` or `label` (docs/graph.md, "User
 * text"): IDs are injective, and a label is text that can neither end its quotes nor carry markup.
 */
import { analyse } from "../expander/analyse.js";
import { authorizersOf } from "../expander/constructs/api.js";
import { onTarget, type Reached, reachedBy } from "../expander/constructs/permissions.js";
import { parseTimer, type Timer } from "../expander/constructs/timers.js";
import type { AppContext, FunctionContext } from "../expander/context.js";
import { expandAnalysis } from "../expander/index.js";
import { type SourceRef, sourceOf } from "../expander/sources/index.js";

export type GraphResult = { ok: true; mermaid: string } | { ok: false; errors: string[] };

/**
 * One name as ID characters: letters and digits stand for themselves, any other character is written
 * `_<hex code point>_` (`get-order` -> `get_2d_order`, `a.b` -> `a_2e_b`, `a_b` -> `a_5f_b`). No code
 * word is a prefix of another, so the encoding is injective.
 */
export const idName = (name: string) => name.replace(/[^A-Za-z0-9]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`);

/**
 * Encoded names as one: joined by `__`, a code word of its own (an escape's second character is a hex
 * digit); the empty list, which no other list writes, is `_`. Injective on lists.
 */
const idList = (encoded: string[]) => (encoded.length ? encoded.join("__") : "_");

/**
 * A Mermaid node ID, `<kind>_<names>`: letters, digits and underscores only. `kind` is one of the
 * fixed lowercase words used here (`fn`, `timer`, `queue`, `global`, `url`, `secret`), so IDs of different kinds
 * differ; the fixed IDs (`api`, `bucket`, `global`...) have no underscore, so they differ from all.
 */
export const nodeId = (kind: string, ...names: string[]) => `${kind}_${idList(names.map(idName))}`;

/** Characters a label keeps as they are: letters, digits, space and punctuation with no meaning inside a Mermaid string. */
const LABEL_SAFE = /^[A-Za-z0-9 !'()*+,\-./:;=?@[\]^_{}~]$/;
/** Beyond ASCII: letters, marks, numbers, punctuation and symbols, except the two Mermaid uses for its entity placeholders. */
const LABEL_SAFE_UNICODE = /^(?![\u00b6\ufb02])[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
/** The three entity codes Mermaid's SVG text labels decode themselves (the page decodes the numeric ones). */
const NAMED: Record<string, string> = { "<": "#lt;", ">": "#gt;", "&": "#amp;" };

/**
 * A label: in double quotes, every other character written as a Mermaid entity code, `#lt;`, `#gt;`,
 * `#amp;` or `#<decimal>;`, which Mermaid turns back into that one character of text. So `"`, `|`, `]`
 * and newlines cannot end the label, `<`, `&` and backquotes are not markup, `%%` is neither a
 * directive nor a comment, `#` does not start an entity, and a space that Mermaid would trim or
 * collapse (leading, trailing, after another) is kept. One more rule: before parsing, Mermaid drops
 * the last `;` of a line matching `style.*:\S*#.*;` (or `classDef...`), which would break an entity,
 * so a `:` followed by an entity in the same word is written `#58;` too.
 */
export function label(text: string): string {
  const chars = [...text];
  const escaped = chars
    .map((c, i) => {
      if (c === " ") return i === 0 || i === chars.length - 1 || chars[i - 1] === " " ? "#32;" : c;
      if (LABEL_SAFE.test(c) || (c > "\u007f" && LABEL_SAFE_UNICODE.test(c))) return c;
      return NAMED[c] ?? `#${c.codePointAt(0)};`;
    })
    .join("")
    .replace(/:(?=\S*#)/g, "#58;");
  return `"${escaped}"`;
}

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

/** An event source or permission target, as its module draws it, with an ID made here from its kind and name. */
function sourceNode(source: SourceRef) {
  const node = sourceOf(source).node(source.argument);
  // A named resource (`queue:tasks`, `table:orders`) has its own node; the app's own one (`table`) is the kind's.
  return { ...node, id: source.argument ? nodeId(source.kind, source.argument) : source.kind };
}

/**
 * A `global` event's source: the `source` values of its pattern, named by that list (a value that is
 * not a string, such as `{prefix: ...}`, shown and named as JSON and marked `_j_` in the ID); with no
 * `source` field, the default bus itself.
 */
function globalNode(pattern: Record<string, unknown>) {
  if (!Array.isArray(pattern.source)) return sourceNode({ kind: "global", argument: "" });
  const values: unknown[] = pattern.source;
  const text = values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  const names = values.map((v) => (typeof v === "string" ? idName(v) : `_j_${idName(JSON.stringify(v) ?? "")}`));
  return { id: `global_${idList(names)}`, shape: "external" as const, text: `global: ${text}` };
}

/** Nodes (one per ID, the first text wins) and edges; every ID and text the user wrote goes through `nodeId` and `label`. */
export class Diagram {
  private nodes = new Map<string, string>();
  private edges: string[] = [];
  private groups = new Map<string, { text: string; members: string[] }>();
  node(id: string, shape: keyof typeof SHAPES, text: string) {
    if (!this.nodes.has(id)) this.nodes.set(id, SHAPES[shape](id, text));
    return id;
  }
  edge(from: string, to: string, text?: string, style: "-->" | "-.->" | "==>" = "-->") {
    this.edges.push(`  ${from} ${style}${text ? `|${label(text)}|` : ""} ${to}`);
  }
  /** Draws `member` inside a box `id` titled `text` (a nested stack). */
  group(id: string, text: string, member: string) {
    const group = this.groups.get(id) ?? { text, members: [] };
    group.members.push(member);
    this.groups.set(id, group);
  }
  render() {
    const groups = [...this.groups].map(
      ([id, { text, members }]) => `  subgraph ${id}[${label(text)}]\n${members.map((member) => `    ${member}`).join("\n")}\n  end`,
    );
    return `flowchart LR\n${[...[...this.nodes.values()].map((n) => `  ${n}`), ...groups].join("\n")}\n${this.edges.join("\n")}\n`;
  }
}

function addFunction(diagram: Diagram, ctx: AppContext, fn: FunctionContext) {
  const id = diagram.node(nodeId("fn", fn.name), "function", `λ ${fn.name}`);
  const { permissions } = fn.spec;
  for (const endpoint of fn.routes) {
    const auth = endpoint.auth ?? "public";
    diagram.edge(
      diagram.node("api", "service", "HTTP API"),
      id,
      `${endpoint.method} ${endpoint.path}${auth === "public" ? "" : ` (${auth})`}`,
    );
  }
  // A Lambda authorizer: API Gateway calls it before the routes that name it.
  for (const [name, authorizer] of authorizersOf(ctx))
    if (authorizer.function === fn.name && ctx.has.api)
      diagram.edge(diagram.node("api", "service", "HTTP API"), id, `authorizer ${name}`, "-.->");
  // A function URL is the function's own HTTPS address; secrets are what it reads (docs/dsl.md).
  if (fn.spec.url)
    diagram.edge(diagram.node(nodeId("url", fn.name), "service", `URL ${fn.name}`), id, fn.spec.url.auth === "none" ? "public" : "IAM");
  for (const secret of fn.spec.secrets ?? [])
    diagram.edge(id, diagram.node(nodeId("secret", secret), "store", `secret ${secret}`), "reads", "-.->");
  for (const event of fn.events) {
    const source = event.source.kind === "global" ? globalNode(event.spec.pattern as Record<string, unknown>) : sourceNode(event.source);
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, event.spec.name);
  }
  const timer = parseTimer(fn).timer;
  if (timer) diagram.edge(diagram.node(nodeId("timer", fn.name), "trigger", TIMER_TEXT[timer.kind](timer)), id);
  if (fn.consumes) {
    const source = sourceNode(fn.consumes);
    // A topic pushes one message at a time; queues and streams are read in batches.
    const how = sourceOf(fn.consumes).subscribe ? "messages" : "batches";
    diagram.edge(diagram.node(source.id, source.shape, source.text), id, how, "==>");
  }
  const actionsByTarget = new Map<string, { target: Reached; actions: string[] }>();
  const add = (target: Reached, action: string) => {
    const key = `${target.kind}:${target.argument}`;
    const entry = actionsByTarget.get(key) ?? { target, actions: [] };
    entry.actions.push(action);
    actionsByTarget.set(key, entry);
  };
  for (const permission of permissions ?? []) {
    // The same resources the policy is scoped to (docs/security.md): all of the service's, or the one `on` names.
    if (typeof permission === "string") for (const target of reachedBy(ctx, permission)) add(target, permission);
    else if (permission.on !== undefined) for (const action of [permission.action].flat()) add(onTarget(permission.on), action);
  }
  for (const { target, actions } of actionsByTarget.values()) {
    const node = sourceNode(target);
    diagram.edge(id, diagram.node(node.id, node.shape, node.text), actions.join(", "), "-.->");
  }
}

/** Each topic's subscriptions beyond the functions: e-mail addresses and URLs outside, the app's queues. */
function addTopicSubscriptions(diagram: Diagram, ctx: AppContext) {
  for (const [name, spec] of ctx.topics) {
    const topic = sourceNode({ kind: "topic", argument: name });
    const from = diagram.node(topic.id, topic.shape, topic.text);
    for (const { protocol, endpoint } of spec.subscriptions ?? []) {
      const queue = protocol === "sqs" && typeof endpoint === "string" ? endpoint.replace(/^queue:/, "") : undefined;
      const target =
        queue !== undefined
          ? sourceNode({ kind: "queue", argument: queue })
          : {
              id: nodeId(protocol, JSON.stringify(endpoint)),
              shape: "external" as const,
              text: `${protocol} ${typeof endpoint === "string" ? endpoint : JSON.stringify(endpoint)}`,
            };
      diagram.edge(from, diagram.node(target.id, target.shape, target.text), protocol);
    }
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
  addTopicSubscriptions(diagram, ctx);
  // An app split into nested stacks: each function drawn inside the stack that holds it (docs/scaling.md).
  for (const { id, template } of expanded.stacks)
    for (const fn of ctx.functions)
      if (Object.hasOwn(template.Resources, fn.ids.function))
        diagram.group(nodeId("stack", id), `nested stack ${id}`, nodeId("fn", fn.name));
  return { ok: true, mermaid: diagram.render() };
}
