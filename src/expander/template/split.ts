/**
 * Splitting an assembled template into a root and nested stacks (docs/scaling.md). The pass `partition`
 * has chosen which nested stack holds each resource that moves; this moves them and rewrites every
 * reference that now crosses a stack boundary:
 * - a nested stack's reference to the root (a resource, a parameter) becomes a parameter of the nested
 *   stack, passed by the root: `Ref X` keeps its name, `Fn::GetAtt [X, Attr]` becomes `Ref XAttr`;
 * - a reference to another nested stack becomes an output of that stack, passed the same way;
 * - the root's references to moved resources read the nested stack's outputs (`Fn::GetAtt [S, Outputs.X]`);
 * - `DependsOn` across a boundary becomes a dependency of the nested stack resource as a whole;
 * - conditions and mappings a moved resource uses are copied into its stack;
 * - a resource marked `perStack` is copied into each nested stack that refers to it;
 * - a `fromRoot` value becomes a parameter the root passes.
 * Pseudo parameters are left alone: inside a nested stack, `AWS::StackName` and `AWS::StackId` are that
 * stack's own, so every name derived from them differs from the root's (docs/scaling.md, "Moving").
 */
import { FROM_ROOT, PSEUDO_PARAMETERS, isFromRoot, isRecord } from "../intrinsics.js";
import type { Template } from "../types.js";
import { collectReferences } from "./references.js";

export interface NestedStack {
  /** The logical ID of its `AWS::CloudFormation::Stack` in the root. */
  id: string;
  template: Template;
}

export interface Placement {
  /** Resource ID -> the nested stack that holds it (absent: the root). */
  stackOf: ReadonlyMap<string, string>;
  /** The nested stacks, in the order of their resources in the root. */
  stacks: readonly string[];
  /** Resources copied into each nested stack that refers to them. */
  perStack: ReadonlySet<string>;
}

export interface SplitResult {
  root: Template;
  stacks: NestedStack[];
}

type Json = Record<string, unknown>;

const alphanumeric = (text: string) => text.replace(/[^A-Za-z0-9]/g, "");

/** `Fn::GetAtt`'s two forms, `[X, "A.B"]` and `"X.A.B"`, as [X, "A.B"]. */
function getAttParts(inner: unknown): [string, unknown] | undefined {
  if (Array.isArray(inner) && typeof inner[0] === "string") return [inner[0], inner[1]];
  if (typeof inner === "string" && inner.includes(".")) {
    const dot = inner.indexOf(".");
    return [inner.slice(0, dot), inner.slice(dot + 1)];
  }
  return undefined;
}

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

/** A name unique among `taken`, as close to `wanted` as possible. */
function fresh(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
  taken.add(name);
  return name;
}

/** Where each name of the assembled template lives. */
interface Places {
  /** Stack holding a resource ID; undefined for the root or a name that is no resource. */
  stackOf(id: string): string | undefined;
  isResource(id: string): boolean;
  parameter(id: string): Json | undefined;
}

/**
 * What a nested stack takes from outside: its parameters (name -> the value the root passes) and the
 * outputs other stacks must export for it.
 */
class Imports {
  readonly parameters = new Map<string, { value: unknown; definition: Json }>();
  private readonly byValue = new Map<string, string>();
  constructor(
    private readonly taken: Set<string>,
    private readonly places: Places,
    private readonly exportFrom: (stack: string, key: string, value: unknown, wanted: string) => string,
  ) {}

  /** The parameter carrying `value`, evaluated in the root (a `fromRoot` value). */
  expression(wanted: string, value: unknown): string {
    const key = `\u0001${JSON.stringify(value)}`;
    const known = this.byValue.get(key);
    if (known !== undefined) return known;
    const name = fresh(wanted, this.taken);
    this.byValue.set(key, name);
    this.parameters.set(name, { value, definition: { Type: "String" } });
    return name;
  }

  /** The parameter carrying `Ref target` (`attribute` undefined) or `Fn::GetAtt [target, attribute]`. */
  name(target: string, attribute: string | undefined): string {
    const key = attribute === undefined ? target : `${target}\u0000${attribute}`;
    const known = this.byValue.get(key);
    if (known !== undefined) return known;
    const local = attribute === undefined ? { Ref: target } : { "Fn::GetAtt": [target, attribute] };
    const name = fresh(attribute === undefined ? target : `${target}${alphanumeric(attribute)}`, this.taken);
    this.byValue.set(key, name);
    const holder = this.places.stackOf(target);
    const userParameter = this.places.isResource(target) ? undefined : this.places.parameter(target);
    let value: unknown = local;
    let definition: Json = { Type: "String" };
    if (holder !== undefined) {
      const output = this.exportFrom(holder, key, local, name);
      value = { "Fn::GetAtt": [holder, `Outputs.${output}`] };
    } else if (userParameter) {
      const type = String(userParameter.Type ?? "String");
      // Nested stack parameters are passed as strings: a list travels joined and is split again.
      if (type.includes("List")) {
        definition = { Type: "CommaDelimitedList" };
        value = { "Fn::Join": [",", local] };
      } else if (type === "Number") definition = { Type: "Number" };
      if (userParameter.NoEcho === true || userParameter.NoEcho === "true") definition = { ...definition, NoEcho: true };
    }
    this.parameters.set(name, { value, definition });
    return name;
  }
}

/**
 * A deep copy of `value` in which every reference leaving the stack is rewritten by `outside`: it
 * returns the replacement of `Ref`/`Fn::GetAtt` and the variable name to use inside `Fn::Sub`, or
 * undefined for a name that stays as it is.
 */
interface Rewriter {
  /** A `fromRoot` value: its replacement. */
  fromRoot(name: string, value: unknown): unknown;
  ref(target: string): { replacement: unknown; variable: string } | undefined;
  getAtt(target: string, attribute: string): { replacement: unknown; variable: string } | undefined;
  /** Root side: Fn::Sub cannot read another stack's outputs by name, so they become Fn::Sub variables. */
  subVariables: boolean;
}

/** `value` with its references rewritten; copied only where something changes (apps have thousands of resources). */
function rewrite(value: unknown, rewriter: Rewriter): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = rewrite(value[i], rewriter);
      if (item === value[i]) continue;
      copy ??= value.slice();
      copy[i] = item;
    }
    return copy ?? value;
  }
  const record = value as Json;
  let only: string | undefined;
  let keys = 0;
  for (const key in record) if (keys++ === 0) only = key;
  if (keys === 1) {
    const inner = record[only as string];
    switch (only) {
      case "Ref":
        return typeof inner === "string" ? (rewriter.ref(inner)?.replacement ?? value) : value;
      case "Fn::GetAtt": {
        const parts = getAttParts(inner);
        if (parts && typeof parts[1] === "string") return rewriter.getAtt(parts[0], parts[1])?.replacement ?? value;
        break;
      }
      case "Fn::Sub": {
        const sub = rewriteSub(inner, rewriter);
        return sub === inner ? value : { "Fn::Sub": sub };
      }
      case FROM_ROOT:
        return isFromRoot(value) ? rewriter.fromRoot(value[FROM_ROOT].name, value[FROM_ROOT].value) : value;
    }
  }
  let copy: Json | undefined;
  for (const key in record) {
    const inner = rewrite(record[key], rewriter);
    if (inner === record[key]) continue;
    copy ??= { ...record };
    copy[key] = inner;
  }
  return copy ?? value;
}

function rewriteSub(inner: unknown, rewriter: Rewriter): unknown {
  const [text, locals] = typeof inner === "string" ? [inner, {}] : Array.isArray(inner) ? [inner[0], inner[1] ?? {}] : [undefined, {}];
  if (typeof text !== "string" || !isRecord(locals)) return rewrite(inner, rewriter);
  let changed = false;
  const variables: Json = {};
  for (const [name, local] of Object.entries(locals)) {
    variables[name] = rewrite(local, rewriter);
    changed ||= variables[name] !== local;
  }
  const replaced = text.replace(SUB_VARIABLE, (whole, raw: string) => {
    const name = raw.trim();
    if (Object.hasOwn(locals, name)) return whole;
    const dot = name.indexOf(".");
    const found = dot < 0 ? rewriter.ref(name) : rewriter.getAtt(name.slice(0, dot), name.slice(dot + 1));
    if (!found) return whole;
    changed = true;
    if (rewriter.subVariables) variables[found.variable] = found.replacement;
    return `\${${found.variable}}`;
  });
  if (!changed) return inner;
  return Object.keys(variables).length ? [replaced, variables] : replaced;
}

/** The condition names and mapping names `value` uses (resource `Condition`, `Fn::If`, `{Condition}`, `Fn::FindInMap`). */
function usedConditionsAndMappings(value: unknown, conditions: Set<string>, mappings: Set<string>) {
  if (Array.isArray(value)) for (const item of value) usedConditionsAndMappings(item, conditions, mappings);
  if (!isRecord(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === "Condition" && typeof inner === "string") conditions.add(inner);
    else if (key === "Fn::If" && Array.isArray(inner) && typeof inner[0] === "string") conditions.add(inner[0]);
    else if (key === "Fn::FindInMap" && Array.isArray(inner) && typeof inner[0] === "string") mappings.add(inner[0]);
    usedConditionsAndMappings(inner, conditions, mappings);
  }
}

const dependsOnList = (resource: Json): string[] =>
  resource.DependsOn === undefined ? [] : ([resource.DependsOn].flat() as unknown[]).filter((d): d is string => typeof d === "string");

/** Keeps only the `DependsOn` entries no reference already implies (cfn-lint W3005), or removes the key. */
function settleDependsOn(resource: Json, wanted: string[]): Json {
  if (resource.DependsOn === undefined && !wanted.length) return resource;
  const referenced = new Set(collectReferences(resource.Properties).map(({ target }) => target));
  const dependsOn = [...new Set(wanted)].filter((id) => !referenced.has(id));
  const { DependsOn: _old, ...rest } = resource;
  return dependsOn.length ? { ...rest, DependsOn: dependsOn } : rest;
}

export function split(template: Template, placement: Placement): SplitResult {
  const resources = template.Resources as Record<string, Json>;
  const parameters = isRecord(template.Parameters) ? (template.Parameters as Record<string, Json>) : {};
  const places: Places = {
    stackOf: (id) => placement.stackOf.get(id),
    isResource: (id) => Object.hasOwn(resources, id),
    parameter: (id) => (Object.hasOwn(parameters, id) && isRecord(parameters[id]) ? parameters[id] : undefined),
  };

  const hasConditionsOrMappings = isRecord(template.Conditions) || isRecord(template.Mappings);
  // The resources of each nested stack, in template order; per-stack copies first.
  const members = new Map<string, string[]>(placement.stacks.map((stack) => [stack, []]));
  for (const id of Object.keys(resources)) {
    const stack = placement.stackOf.get(id);
    if (stack !== undefined) members.get(stack)?.push(id);
  }
  const copiesOf = (ids: string[]) =>
    [...placement.perStack].filter((shared) =>
      ids.some((id) => {
        const resource = resources[id];
        return dependsOnList(resource).includes(shared) || collectReferences(resource).some(({ target }) => target === shared);
      }),
    );

  // Outputs each nested stack exports, by the JSON of the local value they carry.
  const exported = new Map<string, Map<string, { name: string; value: unknown }>>(placement.stacks.map((stack) => [stack, new Map()]));
  const exportFrom = (stack: string, key: string, value: unknown, wanted: string): string => {
    const outputs = exported.get(stack) as Map<string, { name: string; value: unknown }>;
    const known = outputs.get(key);
    if (known) return known.name;
    const name = fresh(wanted, new Set([...outputs.values()].map((output) => output.name)));
    outputs.set(key, { name, value });
    return name;
  };

  // Nested stacks, each rewritten on its own: what it imports, what it depends on.
  const built = placement.stacks.map((stack) => {
    const own = members.get(stack) ?? [];
    const copies = copiesOf(own);
    const here = new Set([...copies, ...own]);
    const imports = new Imports(new Set(here), places, exportFrom);
    const dependsOn: string[] = [];
    const outside = (target: string) => !here.has(target) && !PSEUDO_PARAMETERS.has(target);
    const rewriter: Rewriter = {
      fromRoot: (name, value) => ({ Ref: imports.expression(name, value) }),
      ref: (target) => {
        if (!outside(target)) return undefined;
        const name = imports.name(target, undefined);
        // Usually the parameter keeps the name: then nothing changes (and nothing is copied).
        return name === target ? undefined : { replacement: { Ref: name }, variable: name };
      },
      getAtt: (target, attribute) => {
        if (!outside(target)) return undefined;
        const name = imports.name(target, attribute);
        return { replacement: { Ref: name }, variable: name };
      },
      subVariables: false,
    };
    const conditions = new Set<string>();
    const mappings = new Set<string>();
    const stackResources: Record<string, unknown> = {};
    for (const id of [...copies, ...own]) {
      const resource = resources[id];
      if (hasConditionsOrMappings) usedConditionsAndMappings(resource, conditions, mappings);
      const local: string[] = [];
      for (const dependency of dependsOnList(resource)) {
        if (here.has(dependency)) local.push(dependency);
        else dependsOn.push(placement.stackOf.get(dependency) ?? dependency);
      }
      stackResources[id] = settleDependsOn(rewrite(resource, rewriter) as Json, local);
    }
    return { stack, stackResources, imports, dependsOn, conditions, mappings, rewriter };
  });

  // The root: moved resources leave; what refers to them reads the nested stacks' outputs.
  const rootRewriter: Rewriter = {
    fromRoot: (_name, value) => value,
    ref: (target) => readOutput(target, undefined),
    getAtt: (target, attribute) => readOutput(target, attribute),
    subVariables: true,
  };
  function readOutput(target: string, attribute: string | undefined) {
    const holder = placement.stackOf.get(target);
    if (holder === undefined) return undefined;
    const local = attribute === undefined ? { Ref: target } : { "Fn::GetAtt": [target, attribute] };
    const wanted = attribute === undefined ? target : `${target}${alphanumeric(attribute)}`;
    const output = exportFrom(holder, JSON.stringify(local), local, wanted);
    return { replacement: { "Fn::GetAtt": [holder, `Outputs.${output}`] }, variable: `${holder}${output}` };
  }
  const byStack = new Map(built.map((entry) => [entry.stack, entry]));
  const rootResources: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(resources)) {
    if (placement.stackOf.has(id)) continue;
    const entry = byStack.get(id);
    const wanted = [...dependsOnList(resource), ...(entry?.dependsOn ?? [])].map(
      (dependency) => placement.stackOf.get(dependency) ?? dependency,
    );
    let rewritten = rewrite(resource, rootRewriter) as Json;
    if (entry) rewritten = withStackParameters(rewritten, entry.imports);
    rootResources[id] = wanted.length ? settleDependsOn(rewritten, wanted) : rewritten;
  }
  const root: Template = { ...template, Resources: rootResources };
  if (isRecord(template.Outputs)) root.Outputs = rewrite(template.Outputs, rootRewriter) as Json;

  // Every export is known now: write each nested template.
  const rootConditions = isRecord(template.Conditions) ? template.Conditions : {};
  const rootMappings = isRecord(template.Mappings) ? template.Mappings : {};
  const stacks = built.map(({ stack, stackResources, imports, conditions, mappings, rewriter }): NestedStack => {
    // Conditions and mappings travel with what uses them (conditions may name other conditions).
    const conditionSection: Json = {};
    const pending = [...conditions];
    while (pending.length) {
      const name = pending.pop() as string;
      if (Object.hasOwn(conditionSection, name) || !Object.hasOwn(rootConditions, name)) continue;
      const nested = new Set<string>();
      usedConditionsAndMappings(rootConditions[name], nested, mappings);
      pending.push(...nested);
      conditionSection[name] = rewrite(rootConditions[name], rewriter);
    }
    const mappingSection: Json = {};
    for (const name of [...mappings].sort()) if (Object.hasOwn(rootMappings, name)) mappingSection[name] = rootMappings[name];
    const outputs: Json = {};
    for (const { name, value } of exported.get(stack)?.values() ?? []) outputs[name] = { Value: value };
    const template: Template = {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: `Functions of the app, nested stack ${stack} (generated by Pareto)`,
      ...section("Parameters", Object.fromEntries([...imports.parameters].map(([name, { definition }]) => [name, definition]))),
      ...section("Mappings", mappingSection),
      ...section("Conditions", sortedKeys(conditionSection)),
      Resources: stackResources,
      ...section("Outputs", outputs),
    };
    return { id: stack, template };
  });
  return { root, stacks };
}

/** The stack resource with the parameters its template takes, right after its `TemplateURL`. */
function withStackParameters(resource: Json, imports: Imports): Json {
  const { TemplateURL, ...rest } = isRecord(resource.Properties) ? resource.Properties : {};
  const parameters = Object.fromEntries([...imports.parameters].map(([name, { value }]) => [name, value]));
  return { ...resource, Properties: { TemplateURL, ...section("Parameters", parameters), ...rest } };
}

const section = (name: string, value: Json): Json => (Object.keys(value).length ? { [name]: value } : {});

const sortedKeys = (record: Json): Json => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
