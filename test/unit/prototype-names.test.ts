/**
 * No user string ever indexes a plain object. For every name `Object.prototype` owns (`toString`,
 * `constructor`, `__proto__`, ...) and every place a user writes a name or a key, the expansion either
 * fails with a clear error at the DSL path or gives a correct, self-consistent template; it never
 * throws, never reports an internal error, never drops or garbles a value, and never pollutes
 * `Object.prototype`. The same holds for the diagram, the packaging planner, the zip writer and the CLI.
 *
 * Every input is tried three ways: as an object literal with computed keys, through `JSON.parse` and
 * through the CLI's YAML reader (the last two give `__proto__` as an own property, as a file would).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, type Zippable } from "fflate/browser";
import { afterAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { parseArgs, UsageError } from "../../src/cli/args.js";
import { main } from "../../src/cli/main.js";
import { parseTemplate } from "../../src/cli/yaml.js";
import { expand, type ExpandResult } from "../../src/expander/index.js";
import { PSEUDO_PARAMETERS } from "../../src/expander/intrinsics.js";
import { collectReferences } from "../../src/expander/template/references.js";
import { childPath } from "../../src/expander/validate/path.js";
import { appGraph } from "../../src/graph/mermaid.js";
import { dryRunPackage } from "../../src/package/dry-run.js";
import { planPackaging } from "../../src/package/plan.js";
import { deterministicZip, sha256 } from "../../src/package/zip.js";

const NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

type Json = Record<string, unknown>;
type Template = { Resources: Json; Parameters?: Json; Outputs?: Json };

// ---------------------------------------------------------------------------------------------------
// Which names the DSL accepts where (the schema's patterns).

/** Functions, events, queues, indexes, groups: `^[a-z][a-z0-9-]*$`. Of these names only `constructor`. */
/** CloudFormation's logical IDs are letters and digits: a user resource named otherwise is an error. */
const userResourceOutcome = (n: string): Outcome => (/^[A-Za-z0-9]+$/.test(n) && n.length <= 255 ? "ok" : "error");
const isKebab = (n: string) => /^[a-z][a-z0-9-]*$/.test(n) && n.length <= 48;
/** Environment variables and user pool attributes. */
const isVariable = (n: string) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n);
const isAttribute = (n: string) => isVariable(n) && n.length <= 20;
/** `service:Action`. */
const isService = (n: string) => /^[a-z0-9-]+$/.test(n);
const isAction = (n: string) => /^[A-Za-z0-9*]+$/.test(n);
/** A CloudFormation logical ID (what a Ref can name). */
const isLogicalId = (n: string) => /^[A-Za-z0-9]+$/.test(n);

/** The documented ID scheme (spec §4.1): split on - and _, capitalise each token, join. */
const hungarorise = (text: string) =>
  text
    .split(/[-_]/)
    .map((t) => t.charAt(0).toUpperCase() + t.slice(1).toLowerCase())
    .join("");

// ---------------------------------------------------------------------------------------------------
// Inputs.

const APP_PATH = "Resources.App.Properties";
const at = (...keys: Array<string | number>) => keys.reduce<string>((path, key) => childPath(path, key), APP_PATH);

const H = "index.handler";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbC123";
const template = (properties: unknown, extra: Json = {}): Json => ({
  ...extra,
  Resources: { App: { Type: "Pareto::App", Properties: properties }, ...((extra.Resources as Json) ?? {}) },
});
/** One function `f` with the given spec (merged over a handler). */
const withFunction = (spec: Json, app: Json = {}) => template({ ...app, functions: { f: { handler: H, ...spec } } });
const globalEvent = (pattern: unknown) => withFunction({ events: [{ name: "e", source: "global", pattern }] });
const environmentValue = (value: unknown, extra: Json = {}) =>
  template({ functions: { f: { handler: H, environment: { V: value } } } }, extra);
const consumeFilter = (filter: unknown) => withFunction({ consume: { source: "queue:q", filter } }, { queues: { q: {} } });

type Variant = "literal" | "json" | "yaml";
const VARIANTS: Variant[] = ["literal", "json", "yaml"];

function variant(input: Json, kind: Variant): unknown {
  if (kind === "literal") return input;
  if (kind === "json") return JSON.parse(JSON.stringify(input));
  return parseTemplate(stringify(input), "template.yaml");
}

// ---------------------------------------------------------------------------------------------------
// What every case must satisfy.

const FORBIDDEN = [
  "internal error",
  "undefined is not",
  "is not a function",
  "Cannot read properties",
  "[object ",
  "[native code]",
  "undefined",
];

/** Object.prototype as it was before any case ran: each own property's descriptor. */
const ORIGINAL_PROTOTYPE = new Map(NAMES.map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)!]));

/** How Object.prototype differs from the original (a new, removed or replaced property), and what a fresh `{}` inherits. */
function prototypeChanges(): string[] {
  const changes: string[] = [];
  const names = Object.getOwnPropertyNames(Object.prototype);
  for (const name of names) {
    const was = ORIGINAL_PROTOTYPE.get(name);
    const is = Object.getOwnPropertyDescriptor(Object.prototype, name)!;
    if (!was) changes.push(`Object.prototype.${name} was added`);
    else if (was.value !== is.value || was.get !== is.get || was.set !== is.set || was.enumerable !== is.enumerable)
      changes.push(`Object.prototype.${name} was replaced`);
  }
  if (names.length !== NAMES.length) changes.push("Object.prototype lost properties");
  if (Object.getOwnPropertySymbols(Object.prototype).length) changes.push("Object.prototype has symbols");
  const fresh = {};
  for (const key in fresh) changes.push(`a fresh {} inherits '${key}'`);
  if (Object.getPrototypeOf(fresh) !== Object.prototype || Object.getPrototypeOf(Object.prototype) !== null)
    changes.push("prototype chain changed");
  return changes;
}
/** "" when Object.prototype is intact, else what changed. */
const pollution = () => prototypeChanges().join("; ");

/** Plain data only: no functions, no holes, no object whose prototype was replaced by a user value. */
function plainDataProblems(value: unknown, path: string, problems: string[]) {
  if (typeof value === "function") problems.push(`${path}: is a function`);
  else if (typeof value === "symbol" || typeof value === "bigint") problems.push(`${path}: is a ${typeof value}`);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) problems.push(`${path}[${i}]: is undefined`);
      else plainDataProblems(value[i], `${path}[${i}]`, problems);
    }
  } else if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      problems.push(`${path}: its prototype was replaced (a user key assigned as __proto__?)`);
    for (const key of Object.keys(value)) plainDataProblems((value as Json)[key], `${path}.${key}`, problems);
  }
}

/** Every Ref/GetAtt/Sub/DependsOn of generated resources and outputs names what exists. */
function referenceProblems(output: Template, userResources: Set<string>): string[] {
  const problems: string[] = [];
  const resources = output.Resources;
  const parameters = output.Parameters ?? {};
  const check = (where: string, value: unknown) => {
    for (const { target, kind } of collectReferences(value)) {
      if (Object.hasOwn(resources, target)) continue;
      if (kind === "ref" && (Object.hasOwn(parameters, target) || PSEUDO_PARAMETERS.has(target))) continue;
      problems.push(
        `${where}: ${kind === "ref" ? "Ref" : "Fn::GetAtt"} '${target}' names no resource${kind === "ref" ? ", parameter or pseudo parameter" : ""}`,
      );
    }
    const dependsOn = (value as { DependsOn?: unknown }).DependsOn;
    for (const dependency of Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn])
      if (!Object.hasOwn(resources, dependency)) problems.push(`${where}: DependsOn '${dependency}' is not a resource`);
  };
  for (const id of Object.keys(resources)) if (!userResources.has(id)) check(`Resources.${id}`, resources[id]);
  for (const id of Object.keys(output.Outputs ?? {})) check(`Outputs.${id}`, output.Outputs![id]);
  return problems;
}

type Outcome = "ok" | "error" | "either";

interface Position {
  /** What the case puts the name in. */
  what: string;
  input(n: string): Json;
  outcome(n: string): Outcome;
  /** The DSL path of the error (when the expansion fails): at least one line is `<path>: <message>`. */
  errorAt?(n: string): string;
  /** Text the line at `errorAt` must contain. */
  errorText?(n: string): string;
  /** Checks of a successful expansion: problems found. */
  expect?(output: Template, n: string, result: Extract<ExpandResult, { ok: true }>): string[];
  /** What the diagram must show for a successful expansion. */
  graph?(mermaid: string, n: string): string[];
}

function expectation(condition: boolean, message: string): string[] {
  return condition ? [] : [message];
}

const resourcesOf = (output: Template) => output.Resources as Record<string, { Type: string; Properties: Json; DependsOn?: unknown }>;
/** Function f's permissions: inline in its role, and any in its separate policy (`FPolicy`). */
const statementsOf = (document: unknown) => ((document as Json | undefined)?.Statement ?? []) as Json[];
const statementsOfF = (output: Template) => {
  const resources = resourcesOf(output);
  const inline = ((resources.FRole?.Properties.Policies ?? []) as Json[]).flatMap((policy) => statementsOf(policy.PolicyDocument));
  return [...inline, ...statementsOf(resources.FPolicy?.Properties.PolicyDocument)];
};
const functionResource = (output: Template, id = "FFunction") => resourcesOf(output)[id];
const variables = (output: Template, id = "FFunction") =>
  ((functionResource(output, id)?.Properties.Environment as { Variables?: Json } | undefined)?.Variables ?? {}) as Json;
const ruleOf = (output: Template, id = "FERule") => resourcesOf(output)[id]?.Properties.EventPattern as Json | undefined;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const hasOwnEqual = (record: unknown, key: string, value: unknown) =>
  typeof record === "object" && record !== null && Object.hasOwn(record, key) && sameJson((record as Json)[key], value);

/** Runs one position with one name, in every variant; returns every problem found. */
function runCase(position: Position, n: string): string[] {
  const problems: string[] = [];
  for (const kind of VARIANTS) {
    const note = (message: string) => problems.push(`[${kind}] ${message}`);
    const input = variant(position.input(n), kind);
    const userResources = new Set(Object.keys(((input as Json).Resources as Json) ?? {}).filter((id) => id !== "App"));
    let result: ExpandResult;
    try {
      result = expand(input);
    } catch (error) {
      note(`expand threw: ${error instanceof Error ? error.stack?.split("\n").slice(0, 3).join(" | ") : String(error)}`);
      if (pollution()) note(`Object.prototype was changed: ${pollution()}`);
      continue;
    }
    if (pollution()) note(`Object.prototype was changed by expand: ${pollution()}`);
    const outcome = position.outcome(n);
    if (result.ok) {
      if (outcome === "error") note("expanded, but should have failed");
      const output = result.template as unknown as Template;
      const plain: string[] = [];
      plainDataProblems(output, "template", plain);
      plain.forEach(note);
      referenceProblems(output, userResources).forEach(note);
      for (const line of [...result.warnings, ...result.inferredParameters])
        for (const bad of FORBIDDEN) if (line.includes(bad)) note(`warning or inferred parameter contains '${bad}': ${line}`);
      (position.expect?.(output, n, result) ?? []).forEach(note);
    } else {
      if (outcome === "ok") note(`failed, but should have expanded: ${result.errors.join(" / ")}`);
      if (!result.errors.length) note("failed without an error");
      for (const line of result.errors) {
        if (!/^(Resources|Parameters)[.[]/.test(line)) note(`error line does not start with a DSL path: ${line}`);
        for (const bad of FORBIDDEN) if (line.includes(bad)) note(`error line contains '${bad}': ${line}`);
      }
      const path = position.errorAt?.(n);
      const text = position.errorText?.(n) ?? "";
      if (path !== undefined && !result.errors.some((line) => line.startsWith(`${path}: `) && line.includes(text)))
        note(`no error at ${path}${text ? ` saying ${JSON.stringify(text)}` : ""}: ${result.errors.join(" / ")}`);
    }

    // The diagram validates through the same expansion, then draws from the DSL.
    let graph: ReturnType<typeof appGraph>;
    try {
      graph = appGraph(input);
    } catch (error) {
      note(`appGraph threw: ${error instanceof Error ? error.stack?.split("\n").slice(0, 3).join(" | ") : String(error)}`);
      continue;
    }
    if (pollution()) note(`Object.prototype was changed by appGraph: ${pollution()}`);
    if (graph.ok !== result.ok) note(`appGraph ok=${graph.ok} but expand ok=${result.ok}`);
    else if (!graph.ok && !result.ok && !sameJson(graph.errors, result.errors)) note("appGraph reports other errors than expand");
    else if (graph.ok) {
      for (const bad of ["undefined", "[object ", "[native code]", "NaN"])
        if (graph.mermaid.includes(bad)) note(`diagram contains '${bad}'`);
      (position.graph?.(graph.mermaid, n) ?? []).forEach(note);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Positions.

const kebabOutcome = (n: string): Outcome => (isKebab(n) ? "ok" : "error");
/** Ref or Sub variable to something undeclared: an inferred parameter (which must then exist). */
const refOutcome = (n: string): Outcome => (isLogicalId(n) ? "ok" : "either");
const inferred = (output: Template, n: string, result: { inferredParameters: string[] }) => [
  ...expectation(hasOwnEqual(output.Parameters, n, { Type: "String" }), `Parameters.${n} was not inferred as a String parameter`),
  ...expectation(result.inferredParameters.includes(n), `'${n}' is not listed as inferred`),
];

const SHAPED_SOURCES: Array<{ source: string; app: Json; detail: string }> = [
  { source: "bucket", app: { bucket: {} }, detail: "bucket" },
  { source: "table", app: { table: { stream: {} } }, detail: "table" },
  { source: "userpool", app: { userpool: {} }, detail: "userpool" },
  { source: "builder", app: { bucket: {}, builder: {} }, detail: "builder" },
];
const FREE_SOURCES: Array<{ source: string; app: Json; pattern: Json }> = [
  { source: "queue:q", app: { queues: { q: {} } }, pattern: {} },
  { source: "global", app: {}, pattern: { source: ["custom.app"] } },
];
const eventWith = (source: string, app: Json, pattern: Json) => withFunction({ events: [{ name: "e", source, pattern }] }, app);
const patternPath = at("functions", "f", "events", 0, "pattern");

const POSITIONS: Position[] = [
  // --- names of things the app declares ---------------------------------------------------------
  {
    what: "function name",
    input: (n) => template({ functions: { [n]: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("functions", n),
    expect: (output, n) => {
      const id = hungarorise(n);
      return [
        ...expectation(functionResource(output, `${id}Function`)?.Type === "AWS::Lambda::Function", `no ${id}Function`),
        ...expectation(resourcesOf(output)[`${id}Role`]?.Type === "AWS::IAM::Role", `no ${id}Role`),
        ...expectation(resourcesOf(output)[`${id}LogGroup`]?.Type === "AWS::Logs::LogGroup", `no ${id}LogGroup`),
      ];
    },
    graph: (mermaid, n) => expectation(mermaid.includes(`fn_${n}["λ ${n}"]`), `diagram lacks function ${n}`),
  },
  {
    what: "function name, with a handler that is not a string",
    input: (n) => template({ functions: { [n]: { handler: 5 } } }),
    outcome: () => "error",
    errorAt: (n) => at("functions", n, "handler"),
    errorText: () => "must be a string",
  },
  {
    what: "function name, with an unknown runtime",
    input: (n) => template({ functions: { [n]: { handler: H, runtime: "nodejs1" } } }),
    outcome: () => "error",
    errorAt: (n) => at("functions", n, "runtime"),
    errorText: () => '"nodejs1" is not one of: nodejs24.x',
  },
  {
    what: "event name",
    input: (n) => withFunction({ events: [{ name: n, source: "global", pattern: { source: ["custom.app"] } }] }),
    outcome: kebabOutcome,
    errorAt: () => at("functions", "f", "events", 0, "name"),
    expect: (output, n) => {
      const id = `F${hungarorise(n)}Rule`;
      return [
        ...expectation(sameJson(ruleOf(output, id), { source: ["custom.app"] }), `no rule ${id} with the pattern`),
        ...expectation(resourcesOf(output).FRulesPermission !== undefined, "no permission for the rule"),
      ];
    },
    graph: (mermaid, n) => expectation(mermaid.includes(`|"${n}"|`), `diagram lacks event ${n}`),
  },
  {
    what: "queue name",
    input: (n) => template({ queues: { [n]: {} }, functions: { f: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("queues", n),
    expect: (output, n) => {
      const id = `App${hungarorise(n)}Queue`;
      return [
        ...expectation(resourcesOf(output)[id]?.Type === "AWS::SQS::Queue", `no ${id}`),
        ...expectation(resourcesOf(output)[`App${hungarorise(n)}DeadLetterQueue`] !== undefined, "no dead-letter queue"),
        ...expectation(resourcesOf(output)[`App${hungarorise(n)}BridgeFunction`] !== undefined, "no bridge function"),
        ...expectation(hasOwnEqual(variables(output), `APP_QUEUE_${n.toUpperCase()}`, { Ref: id }), "function lacks the queue variable"),
        ...expectation(hasOwnEqual(output.Outputs, id, output.Outputs?.[id]) && output.Outputs?.[id] !== undefined, `no output ${id}`),
      ];
    },
  },
  {
    what: "queue named as an event source",
    input: (n) => withFunction({ events: [{ name: "e", source: `queue:${n}`, pattern: {} }] }, { queues: { [n]: {} } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("queues", n),
    expect: (output, n) =>
      expectation(
        sameJson(ruleOf(output)?.source, [{ "Fn::GetAtt": [`App${hungarorise(n)}Queue`, "Arn"] }]),
        "rule not bound to the queue",
      ),
    graph: (mermaid, n) => expectation(mermaid.includes(`queue_${n}[["queue ${n}"]]`), `diagram lacks queue ${n}`),
  },
  {
    what: "undeclared queue named as an event source",
    input: (n) => withFunction({ events: [{ name: "e", source: `queue:${n}`, pattern: {} }] }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "events", 0, "source"),
  },
  {
    what: "queue named by consume",
    input: (n) => withFunction({ consume: { source: `queue:${n}` } }, { queues: { [n]: {} } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("queues", n),
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).FEventSourceMapping?.Properties.EventSourceArn, {
          "Fn::GetAtt": [`App${hungarorise(n)}Queue`, "Arn"],
        }),
        "no mapping from the queue",
      ),
  },
  {
    what: "undeclared queue named by consume",
    input: (n) => withFunction({ consume: { source: `queue:${n}` } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "consume", "source"),
  },
  {
    what: "authorizer name",
    input: (n) =>
      template({
        api: { authorizers: { [n]: { function: "a" } } },
        functions: { a: { handler: H }, f: { handler: H, endpoint: { method: "GET", path: "/x", auth: n } } },
      }),
    outcome: kebabOutcome,
    errorAt: (n) => at("api", "authorizers", n),
    expect: (output, n) => {
      const id = `AppApi${hungarorise(n)}Authorizer`;
      return [
        ...expectation(resourcesOf(output)[id]?.Properties.Name === n, `no ${id} named ${n}`),
        ...expectation(resourcesOf(output)[`${id}Permission`] !== undefined, "no permission for the authorizer"),
        ...expectation(sameJson(resourcesOf(output).FRoute?.Properties.AuthorizerId, { Ref: id }), "route not on the authorizer"),
      ];
    },
  },
  {
    what: "undeclared function named by an authorizer",
    input: (n) => template({ api: { authorizers: { a: { function: n } } }, functions: { f: { handler: H } } }),
    outcome: () => "error",
    errorAt: () => at("api", "authorizers", "a", "function"),
  },
  {
    what: "undeclared authorizer named by a route",
    input: (n) => withFunction({ endpoint: [{ method: "GET", path: "/x", auth: n }] }),
    outcome: (n) => (["public", "private", "iam"].includes(n) ? "either" : "error"),
    errorAt: () => at("functions", "f", "endpoint", 0, "auth"),
  },
  {
    what: "secret name",
    input: (n) => withFunction({ secrets: [n] }, { secrets: { [n]: SECRET_ARN } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("secrets", n),
    expect: (output, n) => [
      ...expectation(
        hasOwnEqual(variables(output), `SECRET_${n.toUpperCase().replace(/-/g, "_")}`, SECRET_ARN),
        "function lacks the secret variable",
      ),
      ...expectation(JSON.stringify(resourcesOf(output).FRole).includes(SECRET_ARN), "role cannot read the secret"),
    ],
  },
  {
    what: "undeclared secret named by a function",
    input: (n) => withFunction({ secrets: [n] }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "secrets", 0),
  },
  {
    what: "topic name",
    input: (n) =>
      withFunction(
        { permissions: ["sns:Publish"] },
        { topics: { [n]: { subscriptions: [{ protocol: "email", endpoint: "a@example.com" }] } } },
      ),
    outcome: kebabOutcome,
    errorAt: (n) => at("topics", n),
    expect: (output, n) => {
      const id = `App${hungarorise(n)}Topic`;
      return [
        ...expectation(resourcesOf(output)[id]?.Type === "AWS::SNS::Topic", `no ${id}`),
        ...expectation(resourcesOf(output)[`${id}0Subscription`]?.Type === "AWS::SNS::Subscription", "no subscription"),
        ...expectation(hasOwnEqual(variables(output), `APP_TOPIC_${n.toUpperCase()}`, { Ref: id }), "function lacks the topic variable"),
        ...expectation(
          statementsOfF(output).some((statement) => sameJson(statement.Resource, [{ Ref: id }])),
          "sns:Publish not scoped to the topic",
        ),
        ...expectation(output.Outputs?.[id] !== undefined && Object.hasOwn(output.Outputs, id), `no output ${id}`),
      ];
    },
  },
  {
    what: "topic named by consume",
    input: (n) => withFunction({ consume: { source: `topic:${n}` } }, { topics: { [n]: {} } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("topics", n),
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).FTopicSubscription?.Properties.TopicArn, { Ref: `App${hungarorise(n)}Topic` }),
        "no subscription to the topic",
      ),
    graph: (mermaid, n) => expectation(mermaid.includes(`topic ${n}`), `diagram lacks topic ${n}`),
  },
  {
    what: "undeclared topic named by consume or an event",
    input: (n) => withFunction({ consume: { source: `topic:${n}` } }, { topics: { t: {} } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "consume", "source"),
  },
  {
    what: "queue named by a topic subscription",
    input: (n) => template({ queues: { [n]: {} }, topics: { t: { subscriptions: [{ protocol: "sqs", endpoint: `queue:${n}` }] } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("queues", n),
    expect: (output, n) =>
      expectation(resourcesOf(output)[`App${hungarorise(n)}QueuePolicy`] !== undefined, "no queue policy for the topic"),
  },
  {
    what: "undeclared queue named by a topic subscription",
    input: (n) => template({ queues: { q: {} }, topics: { t: { subscriptions: [{ protocol: "sqs", endpoint: `queue:${n}` }] } } }),
    outcome: () => "error",
    errorAt: () => at("topics", "t", "subscriptions", 0, "endpoint"),
  },
  {
    what: "topic consume.filter field name",
    input: (n) => withFunction({ consume: { source: "topic:t", filter: { [n]: ["a"] } } }, { topics: { t: {} } }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(sameJson(resourcesOf(output).FTopicSubscription?.Properties.FilterPolicy, { [n]: ["a"] }), "filter not written as given"),
  },
  {
    what: "topic consume.filter operator",
    input: (n) => withFunction({ consume: { source: "topic:t", filter: { x: [{ [n]: "a" }] } } }, { topics: { t: {} } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "consume", "filter", "x", 0),
  },
  {
    what: "table name",
    input: (n) => template({ tables: { [n]: { stream: {} } }, functions: { f: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("tables", n),
    expect: (output, n) => {
      const id = `App${hungarorise(n)}Table`;
      return [
        ...expectation(resourcesOf(output)[id]?.Type === "AWS::DynamoDB::Table", `no ${id}`),
        ...expectation(resourcesOf(output)[`App${hungarorise(n)}TableBridgeFunction`] !== undefined, "no bridge function"),
        ...expectation(hasOwnEqual(variables(output), `APP_TABLE_${n.toUpperCase()}`, { Ref: id }), "function lacks the table variable"),
        ...expectation(output.Outputs?.[id] !== undefined && hasOwnEqual(output.Outputs, id, output.Outputs[id]), `no output ${id}`),
      ];
    },
  },
  {
    what: "table named as an event source",
    input: (n) => withFunction({ events: [{ name: "e", source: `table:${n}`, pattern: {} }] }, { tables: { [n]: { stream: {} } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("tables", n),
    expect: (output, n) =>
      expectation(
        sameJson(ruleOf(output)?.source, [{ "Fn::GetAtt": [`App${hungarorise(n)}Table`, "Arn"] }]),
        "rule not bound to the table",
      ),
    graph: (mermaid, n) => expectation(mermaid.includes(`table_${n}[("table ${n}")]`), `diagram lacks table ${n}`),
  },
  {
    what: "undeclared table named as an event source",
    input: (n) => withFunction({ events: [{ name: "e", source: `table:${n}`, pattern: {} }] }, { tables: { t: { stream: {} } } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "events", 0, "source"),
  },
  {
    what: "table named by consume",
    input: (n) => withFunction({ consume: { source: `table:${n}` } }, { tables: { [n]: { stream: {} } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("tables", n),
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).FEventSourceMapping?.Properties.EventSourceArn, {
          "Fn::GetAtt": [`App${hungarorise(n)}Table`, "StreamArn"],
        }),
        "no mapping from the table stream",
      ),
  },
  {
    what: "table ttl attribute, also a key",
    input: (n) => template({ tables: { t: { keys: [{ name: n, type: "N" }], ttl: n } }, functions: { f: { handler: H } } }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).AppTTable?.Properties.TimeToLiveSpecification, { AttributeName: n, Enabled: true }),
        "no time to live on the attribute",
      ),
  },
  {
    what: "bucket name",
    input: (n) => template({ buckets: { [n]: {} }, functions: { f: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("buckets", n),
    expect: (output, n) => {
      const id = `App${hungarorise(n)}Bucket`;
      return [
        ...expectation(resourcesOf(output)[id]?.Type === "AWS::S3::Bucket", `no ${id}`),
        ...expectation(resourcesOf(output)[`${id}Policy`]?.Type === "AWS::S3::BucketPolicy", `no ${id}Policy`),
        ...expectation(hasOwnEqual(variables(output), `APP_BUCKET_${n.toUpperCase()}`, { Ref: id }), "function lacks the bucket variable"),
      ];
    },
  },
  {
    what: "bucket named as an event source",
    input: (n) =>
      withFunction(
        { events: [{ name: "e", source: `bucket:${n}`, pattern: { "detail-type": ["Object Created"] } }] },
        { buckets: { [n]: {} } },
      ),
    outcome: kebabOutcome,
    errorAt: (n) => at("buckets", n),
    expect: (output, n) =>
      expectation(
        sameJson((ruleOf(output) as Json | undefined)?.detail, { bucket: { name: [{ Ref: `App${hungarorise(n)}Bucket` }] } }),
        "rule not bound to the bucket",
      ),
    graph: (mermaid, n) => expectation(mermaid.includes(`bucket_${n}[("bucket ${n}")]`), `diagram lacks bucket ${n}`),
  },
  {
    what: "undeclared bucket named as an event source",
    input: (n) => withFunction({ events: [{ name: "e", source: `bucket:${n}`, pattern: {} }] }, { buckets: { b: {} } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "events", 0, "source"),
  },
  {
    what: "table named by a permission's `on`",
    input: (n) => withFunction({ permissions: [{ action: "dynamodb:GetItem", on: `table:${n}` }] }, { tables: { [n]: {} } }),
    outcome: kebabOutcome,
    errorAt: (n) => at("tables", n),
    expect: (output, n) => {
      return expectation(
        statementsOfF(output).some((s) =>
          sameJson(s.Resource, [
            { "Fn::GetAtt": [`App${hungarorise(n)}Table`, "Arn"] },
            { "Fn::Sub": `\${App${hungarorise(n)}Table.Arn}/index/*` },
          ]),
        ),
        "statement not narrowed to the table",
      );
    },
  },
  {
    what: "undeclared table named by a permission's `on`",
    input: (n) => withFunction({ permissions: [{ action: "dynamodb:GetItem", on: `table:${n}` }] }, { tables: { t: {} } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "permissions", 0, "on"),
  },
  {
    what: "table index name",
    input: (n) => template({ table: { indexes: [{ name: n }] }, functions: { f: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: () => at("table", "indexes", 0, "name"),
    expect: (output, n) => {
      const properties = resourcesOf(output).AppTable?.Properties ?? {};
      const indexes = (properties.GlobalSecondaryIndexes ?? []) as Json[];
      const definitions = (properties.AttributeDefinitions ?? []) as Json[];
      return [
        ...expectation(indexes.length === 1 && indexes[0].IndexName === n, `no index ${n}`),
        ...expectation(definitions.filter((d) => d.AttributeName === n).length === 1, `attribute ${n} not defined once`),
      ];
    },
  },
  {
    what: "table key attribute name",
    input: (n) => template({ table: { keys: [n], indexes: [{ name: "by-x", keys: ["x", n] }] }, functions: { f: { handler: H } } }),
    outcome: () => "ok",
    expect: (output, n) => {
      const properties = resourcesOf(output).AppTable?.Properties ?? {};
      const definitions = (properties.AttributeDefinitions ?? []) as Json[];
      return [
        ...expectation(sameJson(properties.KeySchema, [{ AttributeName: n, KeyType: "HASH" }]), "wrong key schema"),
        ...expectation(
          sameJson(definitions, [
            { AttributeName: n, AttributeType: "S" },
            { AttributeName: "x", AttributeType: "S" },
          ]),
          "wrong attribute definitions",
        ),
      ];
    },
  },
  {
    what: "table key attribute given two types",
    input: (n) =>
      template({
        table: { keys: [{ name: n, type: "S" }], indexes: [{ name: "by-x", keys: [{ name: n, type: "N" }] }] },
        functions: { f: { handler: H } },
      }),
    outcome: () => "error",
    errorAt: () => at("table", "indexes", 0, "keys", 0),
  },
  {
    what: "user pool group name",
    input: (n) => template({ userpool: { groups: [n] }, functions: { f: { handler: H } } }),
    outcome: kebabOutcome,
    errorAt: () => at("userpool", "groups", 0),
    expect: (output, n) =>
      expectation(resourcesOf(output)[`AppUserPool${hungarorise(n)}Group`]?.Properties.GroupName === n, `no group ${n}`),
  },
  {
    what: "user pool attribute name",
    input: (n) => template({ userpool: { attributes: [{ name: n, value: "x" }] }, functions: { f: { handler: H } } }),
    outcome: (n) => (isAttribute(n) ? "ok" : "error"),
    errorAt: () => at("userpool", "attributes", 0, "name"),
    expect: (output, n) => {
      const schema = (resourcesOf(output).AppUserPool?.Properties.Schema ?? []) as Json[];
      const hook = variables(output, "AppCustomAttributesFunction");
      return [
        ...expectation(
          schema.some((entry) => entry.Name === n),
          `schema lacks ${n}`,
        ),
        ...expectation(hook.USER_ATTRIBUTES === JSON.stringify([{ name: n, value: "x" }]), "hook lacks the attribute"),
      ];
    },
  },
  {
    what: "user pool attribute declared twice",
    input: (n) =>
      template({
        userpool: {
          attributes: [
            { name: n, value: "x" },
            { name: n, value: "y" },
          ],
        },
        functions: { f: { handler: H } },
      }),
    outcome: () => "error",
    errorAt: (n) => at("userpool", "attributes", isAttribute(n) ? 1 : 0, "name"),
  },
  {
    what: "user pool identity provider",
    input: (n) => template({ userpool: { identityProviders: [n] }, functions: { f: { handler: H } } }),
    outcome: () => "error",
    errorAt: () => at("userpool", "identityProviders", 0),
  },
  {
    what: "user pool e-mail template name",
    input: (n) => template({ userpool: { templates: { [n]: { subject: "s", message: "{code}" } } }, functions: { f: { handler: H } } }),
    outcome: () => "error",
    errorAt: (n) => at("userpool", "templates", n),
  },
  {
    what: "tag key",
    input: (n) => template({ tags: { [n]: "v" }, userpool: {}, functions: { f: { handler: H, endpoint: { method: "GET", path: "/" } } } }),
    outcome: () => "ok",
    expect: (output, n) => {
      const resources = resourcesOf(output);
      const listed = (id: string) => ((resources[id]?.Properties.Tags ?? []) as Json[]).some((tag) => tag.Key === n && tag.Value === "v");
      return [
        ...expectation(listed("FFunction"), "function lacks the tag"),
        ...expectation(listed("FRole"), "role lacks the tag"),
        ...expectation(hasOwnEqual(resources.AppUserPool?.Properties.UserPoolTags, n, "v"), "user pool lacks the tag"),
        ...expectation(hasOwnEqual(resources.AppApi?.Properties.Tags, n, "v"), "API lacks the tag"),
      ];
    },
  },
  {
    what: "tag key, with a value that is not a string",
    input: (n) => template({ tags: { [n]: 5 }, functions: { f: { handler: H } } }),
    outcome: () => "error",
    errorAt: (n) => at("tags", n),
    errorText: () => "must be a tag value: a string of at most 256 characters, or an intrinsic function",
  },
  {
    what: "environment variable name, with a list as its value",
    input: (n) => withFunction({ environment: { [n]: ["v"] } }),
    outcome: () => "error",
    errorAt: (n) => at("functions", "f", "environment", n),
    errorText: () => "must be a string, number, boolean or an intrinsic function",
  },
  {
    what: "environment variable name",
    input: (n) => withFunction({ environment: { [n]: "v", [`${n}2`]: 7 } }),
    outcome: (n) => (isVariable(n) ? "ok" : "error"),
    errorAt: (n) => at("functions", "f", "environment", n),
    expect: (output, n) =>
      expectation(hasOwnEqual(variables(output), n, "v") && hasOwnEqual(variables(output), `${n}2`, "7"), "variables not written"),
  },
  {
    what: "app layer name",
    input: (n) => template({ layers: [n], functions: { f: { handler: H } } }),
    outcome: () => "ok",
    expect: (output, n) => {
      const parameter = hungarorise(`${n}-layer-arn`);
      return [
        ...expectation(sameJson(functionResource(output)?.Properties.Layers, [{ Ref: parameter }]), `function does not use ${parameter}`),
        ...expectation(Object.hasOwn(output.Parameters ?? {}, parameter), `no parameter ${parameter}`),
      ];
    },
  },
  {
    what: "function layer name",
    input: (n) => withFunction({ layers: [n, "arn:aws:lambda:eu-west-1:123456789012:layer:x:1"] }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(
        sameJson(functionResource(output)?.Properties.Layers, [
          { Ref: hungarorise(`${n}-layer-arn`) },
          "arn:aws:lambda:eu-west-1:123456789012:layer:x:1",
        ]),
        "layers not written",
      ),
  },

  // --- keys of event patterns and filters -------------------------------------------------------
  {
    what: "content filter operator",
    input: (n) => globalEvent({ source: ["custom.app"], detail: { x: [{ [n]: "a" }] } }),
    outcome: () => "error",
    errorAt: () => childPath(childPath(childPath(patternPath, "detail"), "x"), 0),
  },
  {
    what: "content filter operator with a list operand",
    input: (n) => globalEvent({ source: ["custom.app"], detail: { x: [{ [n]: ["a", "b"] }] } }),
    outcome: () => "error",
    errorAt: () => childPath(childPath(childPath(patternPath, "detail"), "x"), 0),
  },
  {
    what: "anything-but operator",
    input: (n) => globalEvent({ source: ["custom.app"], detail: { x: [{ "anything-but": { [n]: "a" } }] } }),
    outcome: () => "error",
    errorAt: (n) => childPath(childPath(childPath(childPath(childPath(patternPath, "detail"), "x"), 0), "anything-but"), n),
  },
  {
    what: "prefix operand key",
    input: (n) => globalEvent({ source: ["custom.app"], detail: { x: [{ prefix: { [n]: "a" } }] } }),
    outcome: () => "error",
    errorAt: () => childPath(childPath(childPath(childPath(patternPath, "detail"), "x"), 0), "prefix"),
  },
  {
    what: "consume.filter operator",
    input: (n) => consumeFilter({ body: { x: [{ [n]: "a" }] } }),
    outcome: () => "error",
    errorAt: () => at("functions", "f", "consume", "filter", "body", "x", 0),
  },
  {
    what: "consume.filter anything-but operator",
    input: (n) => consumeFilter({ body: { x: [{ "anything-but": { [n]: "a" } }] } }),
    outcome: () => "error",
    errorAt: (n) => at("functions", "f", "consume", "filter", "body", "x", 0, "anything-but", n),
  },
  {
    what: "consume.filter field name",
    input: (n) => consumeFilter({ body: { [n]: ["a"] } }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).FEventSourceMapping?.Properties.FilterCriteria, {
          Filters: [{ Pattern: JSON.stringify({ body: { [n]: ["a"] } }) }],
        }),
        "filter not written as given",
      ),
  },
  {
    what: "consume.filter top-level field name",
    input: (n) => consumeFilter({ [n]: ["a"] }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(
        sameJson(resourcesOf(output).FEventSourceMapping?.Properties.FilterCriteria, {
          Filters: [{ Pattern: JSON.stringify({ [n]: ["a"] }) }],
        }),
        "filter not written as given",
      ),
  },
  {
    what: "top-level pattern field",
    input: (n) => globalEvent({ source: ["custom.app"], [n]: ["a"] }),
    outcome: () => "error",
    errorAt: (n) => childPath(patternPath, n),
  },
  {
    what: "top-level pattern field inside $or",
    input: (n) => globalEvent({ source: ["custom.app"], $or: [{ [n]: ["a"] }, { "detail-type": ["x"] }] }),
    outcome: () => "error",
    errorAt: (n) => childPath(childPath(childPath(patternPath, "$or"), 0), n),
  },
  {
    what: "top-level pattern field of a bucket event",
    input: (n) => eventWith("bucket", { bucket: {} }, { [n]: ["a"] }),
    outcome: () => "error",
    errorAt: (n) => childPath(patternPath, n),
  },
  ...SHAPED_SOURCES.flatMap(({ source, app }): Position[] => [
    {
      what: `detail field of a ${source} event`,
      input: (n) => eventWith(source, app, { detail: { [n]: ["a"] } }),
      outcome: () => "error",
      errorAt: (n) => childPath(childPath(patternPath, "detail"), n),
    },
    {
      what: `detail field of a ${source} event, matched with a nested pattern`,
      input: (n) => eventWith(source, app, { detail: { [n]: { x: ["a"] } } }),
      outcome: () => "error",
      errorAt: (n) => childPath(childPath(patternPath, "detail"), n),
    },
    {
      what: `detail field of a ${source} event inside $or`,
      input: (n) => eventWith(source, app, { detail: { $or: [{ [n]: ["a"] }, { [n]: ["b"] }] } }),
      outcome: () => "error",
      errorAt: (n) => childPath(childPath(childPath(childPath(patternPath, "detail"), "$or"), 0), n),
    },
  ]),
  {
    what: "nested detail field of a bucket event",
    input: (n) => eventWith("bucket", { bucket: {} }, { detail: { object: { [n]: ["a"] } } }),
    outcome: () => "error",
    errorAt: (n) => childPath(childPath(childPath(patternPath, "detail"), "object"), n),
  },
  ...FREE_SOURCES.map(
    ({ source, app, pattern }): Position => ({
      what: `detail field of a ${source} event`,
      input: (n) => eventWith(source, app, { ...pattern, detail: { [n]: ["a"], y: [{ prefix: "p" }] } }),
      outcome: () => "ok",
      expect: (output, n) => {
        const detail = ruleOf(output)?.detail;
        return expectation(
          hasOwnEqual(detail, n, ["a"]) && hasOwnEqual(detail, "y", [{ prefix: "p" }]) && Object.keys(detail as Json).length === 2,
          `rule pattern lacks detail.${n}: ${JSON.stringify(ruleOf(output))}`,
        );
      },
    }),
  ),

  // --- references inside DSL values -------------------------------------------------------------
  {
    what: "Ref target in an environment value",
    input: (n) => environmentValue({ Ref: n }),
    outcome: refOutcome,
    errorAt: () => at("functions", "f"),
    expect: (output, n, result) => [
      ...inferred(output, n, result),
      ...expectation(hasOwnEqual(variables(output), "V", { Ref: n }), "variable not written"),
    ],
  },
  {
    what: "Fn::GetAtt target (list form) in an environment value",
    input: (n) => environmentValue({ "Fn::GetAtt": [n, "Arn"] }),
    outcome: () => "error",
    errorAt: () => at("functions", "f"),
  },
  {
    what: "Fn::GetAtt target (string form) in an environment value",
    input: (n) => environmentValue({ "Fn::GetAtt": `${n}.Arn` }),
    outcome: () => "error",
    errorAt: () => at("functions", "f"),
  },
  {
    what: "Fn::Sub variable in an environment value",
    input: (n) => environmentValue({ "Fn::Sub": `x-\${${n}}` }),
    outcome: refOutcome,
    errorAt: () => at("functions", "f"),
    expect: (output, n, result) => inferred(output, n, result),
  },
  {
    what: "Fn::Sub attribute in an environment value",
    input: (n) => environmentValue({ "Fn::Sub": `x-\${${n}.Arn}` }),
    outcome: () => "error",
    errorAt: () => at("functions", "f"),
  },
  {
    what: "Fn::Sub local variable in an environment value",
    input: (n) => environmentValue({ "Fn::Sub": [`x-\${${n}}`, { [n]: "y" }] }),
    outcome: () => "ok",
    expect: (output, n, result) => [
      ...expectation(
        !Object.hasOwn(output.Parameters ?? {}, n) && !result.inferredParameters.includes(n),
        `a local variable ${n} became a parameter`,
      ),
      ...expectation(hasOwnEqual(variables(output), "V", { "Fn::Sub": [`x-\${${n}}`, { [n]: "y" }] }), "variable not written as given"),
    ],
  },
  {
    what: "Ref target as the code bucket",
    input: (n) => template({ code: { bucket: { Ref: n }, key: "k.zip" }, functions: { f: { handler: H } } }),
    outcome: refOutcome,
    errorAt: () => at("functions", "f"),
    expect: (output, n, result) => [
      ...inferred(output, n, result),
      ...expectation(sameJson(functionResource(output)?.Properties.Code, { S3Bucket: { Ref: n }, S3Key: "k.zip" }), "code not written"),
    ],
  },
  {
    what: "Ref target as a layer",
    input: (n) => withFunction({ layers: [{ Ref: n }] }),
    outcome: refOutcome,
    errorAt: () => at("functions", "f"),
    expect: (output, n, result) => inferred(output, n, result),
  },

  // --- IAM actions --------------------------------------------------------------------------------
  {
    what: "IAM action's service",
    input: (n) => withFunction({ permissions: [`${n}:GetThing`] }, { bucket: {}, table: {}, queues: { q: {} }, userpool: {} }),
    outcome: (n) => (isService(n) ? "ok" : "error"),
    errorAt: () => at("functions", "f", "permissions", 0),
    expect: (output, n, result) => {
      const statements = statementsOfF(output);
      return [
        ...expectation(
          statements.some((s) => sameJson(s.Action, [`${n}:GetThing`]) && s.Resource === "*"),
          "action not granted on *",
        ),
        ...expectation(
          result.warnings.some((w) => w.includes(`'${n}:GetThing'`)),
          "no warning about the unscoped action",
        ),
      ];
    },
  },
  {
    what: "IAM action's service, with a wildcard",
    input: (n) => withFunction({ permissions: [`${n}:*`, `${n}:GetThing`] }),
    outcome: (n) => (isService(n) ? "ok" : "error"),
    errorAt: () => at("functions", "f", "permissions", 0),
    expect: (output, n) => {
      const statements = statementsOfF(output);
      return expectation(
        statements.some((s) => sameJson(s.Action, [`${n}:*`]) && s.Resource === "*"),
        "wildcard action not granted on *",
      );
    },
  },
  {
    what: "IAM action name",
    input: (n) => withFunction({ permissions: [`s3:${n}`, `sqs:${n}`] }, { bucket: {}, queues: { q: {} } }),
    outcome: (n) => (isAction(n) ? "ok" : "error"),
    errorAt: () => at("functions", "f", "permissions", 0),
    expect: (output, n) => {
      const statements = statementsOfF(output);
      const s3 = statements.find((s) => sameJson(s.Action, [`s3:${n}`]));
      const sqs = statements.find((s) => sameJson(s.Action, [`sqs:${n}`]));
      return [
        ...expectation(
          sameJson(s3?.Resource, [{ "Fn::GetAtt": ["AppBucket", "Arn"] }, { "Fn::Sub": "${AppBucket.Arn}/*" }]),
          `s3:${n} not scoped to the bucket`,
        ),
        ...expectation(sameJson(sqs?.Resource, [{ "Fn::GetAtt": ["AppQQueue", "Arn"] }]), `sqs:${n} not scoped to the queue`),
      ];
    },
    graph: (mermaid, n) => expectation(mermaid.includes(`|"s3:${n}"| bucket`), "diagram lacks the permission edge"),
  },
  {
    what: "IAM action in a {action, resource} permission",
    input: (n) => withFunction({ permissions: [{ action: [`${n}:Get`], resource: "arn:aws:s3:::x" }] }),
    outcome: (n) => (isService(n) ? "ok" : "error"),
    errorAt: () => at("functions", "f", "permissions", 0, "action"),
    expect: (output, n) => {
      const statements = statementsOfF(output);
      return expectation(
        statements.some((s) => sameJson(s.Action, [`${n}:Get`]) && s.Resource === "arn:aws:s3:::x"),
        "statement not copied",
      );
    },
  },

  // --- the template around the app ----------------------------------------------------------------
  {
    what: "user resource beside the app",
    input: (n) =>
      template({ functions: { f: { handler: H } } }, { Resources: { [n]: { Type: "AWS::SNS::Topic", Properties: { TopicName: "t" } } } }),
    outcome: userResourceOutcome,
    errorAt: (n) => childPath("Resources", n),
    errorText: () => "logical IDs must be letters and digits",
    expect: (output, n) => [
      ...expectation(
        hasOwnEqual(output.Resources, n, { Type: "AWS::SNS::Topic", Properties: { TopicName: "t" } }),
        `Resources.${n} was dropped or changed`,
      ),
      ...expectation(!Object.hasOwn(output.Resources, "App") && Object.hasOwn(output.Resources, "FFunction"), "the app was not replaced"),
    ],
  },
  {
    what: "user resource named by a Ref in the app",
    input: (n) => environmentValue({ Ref: n }, { Resources: { [n]: { Type: "AWS::SNS::Topic" } } }),
    outcome: userResourceOutcome,
    errorAt: (n) => childPath("Resources", n),
    errorText: () => "logical IDs must be letters and digits",
    expect: (output, n, result) => [
      ...expectation(hasOwnEqual(output.Resources, n, { Type: "AWS::SNS::Topic" }), `Resources.${n} was dropped`),
      ...expectation(
        !Object.hasOwn(output.Parameters ?? {}, n) && !result.inferredParameters.includes(n),
        `a parameter ${n} was inferred for a resource`,
      ),
    ],
  },
  {
    what: "user resource named by Fn::GetAtt in the app",
    input: (n) => environmentValue({ "Fn::GetAtt": `${n}.TopicArn` }, { Resources: { [n]: { Type: "AWS::SNS::Topic" } } }),
    outcome: userResourceOutcome,
    errorAt: (n) => childPath("Resources", n),
    errorText: () => "logical IDs must be letters and digits",
    expect: (output, n) => [
      ...expectation(hasOwnEqual(output.Resources, n, { Type: "AWS::SNS::Topic" }), `Resources.${n} was dropped`),
      ...expectation(hasOwnEqual(variables(output), "V", { "Fn::GetAtt": [n, "TopicArn"] }), "variable not written"),
    ],
  },
  {
    what: "user parameter named by a Ref in the app",
    input: (n) => environmentValue({ Ref: n }, { Parameters: { [n]: { Type: "Number", Default: "3" } } }),
    outcome: () => "ok",
    expect: (output, n, result) => [
      ...expectation(hasOwnEqual(output.Parameters, n, { Type: "Number", Default: "3" }), `Parameters.${n} was changed or dropped`),
      ...expectation(!result.inferredParameters.includes(n), `'${n}' reported as inferred`),
    ],
  },
  {
    what: "user parameter not referred to",
    input: (n) => template({ functions: { f: { handler: H } } }, { Parameters: { [n]: { Type: "String" } } }),
    outcome: () => "ok",
    expect: (output, n) => expectation(hasOwnEqual(output.Parameters, n, { Type: "String" }), `Parameters.${n} was dropped`),
  },
  {
    what: "user output",
    input: (n) => template({ functions: { f: { handler: H } } }, { Outputs: { [n]: { Value: "x" } } }),
    outcome: () => "ok",
    expect: (output, n) => expectation(hasOwnEqual(output.Outputs, n, { Value: "x" }), `Outputs.${n} was dropped`),
  },
  {
    what: "template section",
    input: (n) => template({ functions: { f: { handler: H } } }, { [n]: { x: 1 } }),
    outcome: () => "ok",
    expect: (output, n) => expectation(hasOwnEqual(output, n, { x: 1 }), `section ${n} was dropped`),
  },
  {
    what: "logical ID of the app",
    input: (n) => ({ Resources: { [n]: { Type: "Pareto::App", Properties: { functions: { f: { handler: H } } } } } }),
    outcome: () => "ok",
    expect: (output, n) =>
      expectation(!Object.hasOwn(output.Resources, n) && Object.hasOwn(output.Resources, "FFunction"), "the app was not replaced"),
  },
  {
    what: "logical ID of an app with errors",
    input: (n) => ({ Resources: { [n]: { Type: "Pareto::App", Properties: { functions: { f: {} } } } } }),
    outcome: () => "error",
    errorAt: (n) => `Resources.${n}.Properties.functions.f`,
  },
  {
    what: "key of the app resource",
    input: (n) => ({ Resources: { App: { Type: "Pareto::App", Properties: { functions: { f: { handler: H } } }, [n]: 1 } } }),
    outcome: () => "error",
    errorAt: (n) => `Resources.App.${n}`,
  },
  {
    what: "DSL key of the app",
    input: (n) => template({ functions: { f: { handler: H } }, [n]: true }),
    outcome: () => "error",
    errorAt: (n) => at(n),
  },
  {
    what: "DSL key of a function",
    input: (n) => withFunction({ [n]: true }),
    outcome: () => "error",
    errorAt: (n) => at("functions", "f", n),
  },
  {
    what: "DSL key of a queue",
    input: (n) => template({ queues: { q: { [n]: 1 } }, functions: { f: { handler: H } } }),
    outcome: () => "error",
    errorAt: (n) => at("queues", "q", n),
  },
  {
    what: "DSL key of an event",
    input: (n) => withFunction({ events: [{ name: "e", source: "global", pattern: { source: ["x"] }, [n]: 1 }] }),
    outcome: () => "error",
    errorAt: (n) => at("functions", "f", "events", 0, n),
  },
];

const prototypeIntact = () => expect(pollution()).toBe("");

describe.each(POSITIONS)("$what", (position) => {
  it.each(NAMES)("%s", (n) => {
    const problems = runCase(position, n);
    expect(problems, problems.join("\n")).toEqual([]);
    prototypeIntact();
  });
});

// ---------------------------------------------------------------------------------------------------
// Packaging: the planner, the dry run (plan + sources on disk + rewrite) and the zip writer.

const work = mkdtempSync(join(tmpdir(), "pareto-prototype-names-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A template folder with `src/index.js` and `src/<n>.js` (and Python modules of the same names). */
function folder(n: string): string {
  const dir = mkdtempSync(join(work, "case-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "index.js"), "exports.handler = async () => 1;\n");
  writeFileSync(join(dir, "src", `${n}.js`), "exports.handler = async () => 2;\n");
  mkdirSync(join(dir, "py"));
  writeFileSync(join(dir, "py", `${n}.py`), "def handler(event, context):\n    return 3\n");
  return dir;
}

interface PackagePosition {
  what: string;
  input(n: string): Json;
  ok(n: string): boolean;
  /** Where the rewritten code must be: [app id, function name or undefined for the app's own code]. */
  codeAt?(n: string): { app: string; fn?: string };
  module?(n: string): string;
}

const PACKAGE_POSITIONS: PackagePosition[] = [
  {
    what: "function name with local code",
    input: (n) => template({ functions: { [n]: { handler: H, code: "./src" }, other: { handler: H, code: { bucket: "b", key: "k" } } } }),
    ok: isKebab,
    codeAt: (n) => ({ app: "App", fn: n }),
  },
  {
    what: "function name using the app's local code",
    input: (n) => template({ code: "src", functions: { [n]: { handler: H } } }),
    ok: isKebab,
    codeAt: () => ({ app: "App" }),
  },
  {
    what: "handler module name (Node)",
    input: (n) => withFunction({ handler: `${n}.handler`, code: "src" }),
    ok: () => true,
    codeAt: () => ({ app: "App", fn: "f" }),
    module: (n) => n,
  },
  {
    what: "handler module name (Python)",
    input: (n) => withFunction({ handler: `${n}.handler`, code: "py", runtime: "python3.13" }),
    ok: () => true,
    codeAt: () => ({ app: "App", fn: "f" }),
    module: (n) => n,
  },
  {
    what: "logical ID of the app with local code",
    input: (n) => ({ Resources: { [n]: { Type: "Pareto::App", Properties: { functions: { f: { handler: H, code: "src" } } } } } }),
    ok: () => true,
    codeAt: (n) => ({ app: n, fn: "f" }),
  },
];

function runPackageCase(position: PackagePosition, n: string): string[] {
  const problems: string[] = [];
  const dir = folder(n);
  for (const kind of VARIANTS) {
    const note = (message: string) => problems.push(`[${kind}] ${message}`);
    const input = variant(position.input(n), kind);
    let planned: ReturnType<typeof planPackaging>;
    let dry: ReturnType<typeof dryRunPackage>;
    try {
      planned = planPackaging(input);
      dry = dryRunPackage(input, dir);
    } catch (error) {
      note(`threw: ${error instanceof Error ? error.stack?.split("\n").slice(0, 3).join(" | ") : String(error)}`);
      continue;
    }
    if (pollution()) note(`Object.prototype was changed: ${pollution()}`);
    if (planned.ok !== position.ok(n)) note(`planPackaging ok=${planned.ok}: ${planned.ok ? "" : planned.errors.join(" / ")}`);
    if (dry.ok !== position.ok(n)) note(`dryRunPackage ok=${dry.ok}: ${dry.ok ? "" : dry.errors.join(" / ")}`);
    for (const line of [...(planned.ok ? [] : planned.errors), ...(dry.ok ? [] : dry.errors)]) {
      if (!/^(Resources|Parameters)[.[]/.test(line)) note(`error line does not start with a DSL path: ${line}`);
      for (const bad of FORBIDDEN) if (line.includes(bad)) note(`error line contains '${bad}': ${line}`);
    }
    if (!planned.ok || !dry.ok) continue;
    const functions = planned.plan.artifacts.flatMap((artifact) => artifact.functions);
    if (position.module && !functions.some((fn) => fn.module === position.module!(n))) note(`no planned module ${position.module(n)}`);
    const where = position.codeAt?.(n);
    if (where) {
      const resources = (dry.template as Json).Resources as Json;
      const properties = Object.hasOwn(resources, where.app) ? ((resources[where.app] as Json).Properties as Json) : undefined;
      const owner =
        where.fn === undefined
          ? properties
          : Object.hasOwn((properties?.functions as Json) ?? {}, where.fn)
            ? ((properties!.functions as Json)[where.fn] as Json)
            : undefined;
      const code = owner && Object.hasOwn(owner, "code") ? (owner.code as Json) : undefined;
      if (code?.bucket !== "pareto-package-dry-run" || typeof code.key !== "string")
        note(`code not rewritten at ${where.app}/${where.fn ?? "(app)"}: ${JSON.stringify(dry.template)}`);
      const plain: string[] = [];
      plainDataProblems(dry.template, "template", plain);
      plain.forEach(note);
      // The rewritten template expands: each function points at its placeholder S3 location.
      const expanded = expand(dry.template);
      if (!expanded.ok) note(`the rewritten template does not expand: ${expanded.errors.join(" / ")}`);
    }
  }
  return problems;
}

describe.each(PACKAGE_POSITIONS)("package: $what", (position) => {
  it.each(NAMES)("%s", (n) => {
    const problems = runPackageCase(position, n);
    expect(problems, problems.join("\n")).toEqual([]);
    prototypeIntact();
  });
});

/** Entry names from a zip's central directory (read directly: no object keyed by name in between). */
function zipEntryNames(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const names: string[] = [];
  for (let i = 0; i + 46 <= zip.length; ) {
    if (view.getUint32(i, true) !== 0x02014b50) {
      i++;
      continue;
    }
    const nameLength = view.getUint16(i + 28, true);
    const extraLength = view.getUint16(i + 30, true);
    const commentLength = view.getUint16(i + 32, true);
    names.push(new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)));
    i += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe("zip entry names", () => {
  const data = (text: string) => new TextEncoder().encode(text);
  it.each(NAMES)("%s", (n) => {
    const files = [
      { name: n, data: data("top") },
      { name: `dir/${n}`, data: data("nested") },
      { name: `${n}/file.js`, data: data("folder") },
      { name: "index.js", data: data("index") },
    ];
    let zip: Uint8Array | undefined;
    expect(() => {
      zip = deterministicZip(files);
    }).not.toThrow();
    prototypeIntact();
    expect(zipEntryNames(zip!)).toEqual(files.map((file) => file.name).sort());
    expect(sha256(deterministicZip([...files].reverse()))).toBe(sha256(zip!));
  });

  // Names fflate's object-keyed zipSync handled still give its bytes: artifacts keep their hash (and S3 key).
  it.each(NAMES.filter((n) => n !== "__proto__"))("%s: the bytes fflate's zipSync wrote", (n) => {
    const files = [n, `dir/${n}`, "index.js", "10", "9", "é.py"].map((name, i) => ({ name, data: data(`${name}\n`.repeat(i * 40)) }));
    const entries: Zippable = {};
    for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
      entries[file.name] = [file.data, { os: 3, attrs: 0o100644 << 16, mtime: new Date(1980, 0, 1) }];
    expect(sha256(deterministicZip(files))).toBe(sha256(zipSync(entries)));
  });
});

// ---------------------------------------------------------------------------------------------------
// The CLI: command names and options are user strings too.

describe("cli", () => {
  it.each(NAMES)("command %s is an unknown command, not a crash", async (n) => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await expect(main([n])).resolves.toBe(2);
      expect(stderr.mock.calls.map((call) => String(call[0])).join("")).toContain(`unknown command '${n}'`);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
    prototypeIntact();
  });

  it.each(NAMES)("option --%s and alias -%s are unknown options", (n) => {
    const spec = { flags: ["json"], options: ["output"], aliases: { o: "output" } };
    for (const arg of [`--${n}`, `-${n}`, `--${n}=x`]) {
      expect(() => parseArgs([arg], spec)).toThrow(UsageError);
      expect(() => parseArgs([arg], spec)).toThrow(`unknown option '${arg}'`);
    }
    prototypeIntact();
  });
});
