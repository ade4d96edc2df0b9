/**
 * Properties of expansion over generated valid apps (fixed seed): it succeeds, is deterministic, passes
 * the structural checks of docs/dsl.md "Limits", and adding or removing an unrelated function changes no other
 * logical ID (removing one changes nothing else at all, bar references to it). Inputs near
 * CloudFormation's limits fail with the limit message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expand, serialise } from "../../src/expander/index.js";
import { PSEUDO_PARAMETERS } from "../../src/expander/intrinsics.js";
import { eventRuleId, functionIds, timerIds } from "../../src/expander/names.js";
import { collectReferences } from "../../src/expander/template/references.js";

const SEED = 20261124;
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?$/);

const timer = fc.oneof(
  fc.constantFrom("1 minute", "5 minutes", "2 hours", "1 day", "15 seconds", "30 seconds").map((rate) => ({ rate })),
  fc.constant({ cron: "0 12 * * ? *" }),
  fc.constant({ cron: "0/15 8-17 ? * MON-FRI *", timezone: "Europe/London" }),
);

/** A valid app: queues are split into bridged and consumed ones so the DSL's rules hold by construction. */
const app = fc
  .record({
    bucket: fc.boolean(),
    table: fc.constantFrom("none", "plain", "stream"),
    bridged: fc.uniqueArray(name, { maxLength: 3 }),
    consumed: fc.uniqueArray(name, { maxLength: 2 }),
    functions: fc.uniqueArray(name, { minLength: 1, maxLength: 8 }),
    seed: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ bucket, table, bridged, consumed, functions, seed }) => {
    const consumedOnly = consumed.filter((q) => !bridged.includes(q));
    const queues = Object.fromEntries([...bridged, ...consumedOnly].map((q) => [q, {}]));
    const sources = [
      "global",
      ...(bucket ? ["bucket"] : []),
      ...(table === "stream" ? ["table"] : []),
      ...bridged.map((q) => `queue:${q}`),
    ];
    const spec: Record<string, unknown> = {};
    functions.forEach((fn, i) => {
      const pick = seed[i] ?? 0;
      const toConsume = consumedOnly[i];
      if (toConsume !== undefined) spec[fn] = { handler: "index.handler", consume: { source: `queue:${toConsume}` } };
      else if (pick % 3 === 0) {
        const source = sources[pick % sources.length];
        const pattern = source === "global" ? { source: ["my.app"] } : { "detail-type": [`t${pick}`] };
        spec[fn] = { handler: "index.handler", events: [{ name: "on-it", source, pattern }] };
      } else if (pick % 3 === 1) spec[fn] = { handler: "index.handler", permissions: ["s3:GetObject", "sqs:SendMessage"] };
      else spec[fn] = { handler: "index.handler" };
    });
    return {
      ...(bucket ? { bucket: {} } : {}),
      ...(table === "none" ? {} : { table: table === "stream" ? { stream: {} } : {} }),
      ...(Object.keys(queues).length ? { queues } : {}),
      functions: spec,
    };
  });

const withTimers = fc.tuple(app, fc.array(timer, { maxLength: 8 })).map(([dsl, timers]) => {
  const functions = dsl.functions as Record<string, Record<string, unknown>>;
  Object.values(functions).forEach((fn, i) => {
    if (timers[i] && !fn.consume) fn.timer = timers[i];
  });
  return dsl;
});

const template = (properties: unknown) => ({ Resources: { App: { Type: "Pareto::App", Properties: properties } } });

function structuralProblems(output: Record<string, any>): string[] {
  const problems: string[] = [];
  const resources = output.Resources as Record<string, any>;
  const parameters = output.Parameters ?? {};
  const ids = Object.keys(resources);
  if (ids.length > 500) problems.push("more than 500 resources");
  for (const id of ids) if (!/^[A-Za-z0-9]{1,255}$/.test(id)) problems.push(`bad id ${id}`);
  for (const [id, resource] of Object.entries(resources)) {
    for (const { target, kind } of collectReferences(resource)) {
      const known = target in resources || PSEUDO_PARAMETERS.has(target) || (kind === "ref" && target in parameters);
      if (!known) problems.push(`${id} refers to missing ${target}`);
    }
    for (const dependency of resource.DependsOn ?? []) if (!(dependency in resources)) problems.push(`${id} depends on ${dependency}`);
  }
  return problems;
}

type FunctionSpec = { consume?: unknown; events?: unknown[]; timer?: { timezone?: string } };

/** A function that has an EventBridge rule: an event, or a timer other than a cron with a timezone (a schedule). */
const hasRule = (fn: FunctionSpec) => Boolean(fn.events?.length) || (fn.timer !== undefined && !fn.timer.timezone);

/**
 * The functions whose removal is unrelated to everything else in the app, so that removing one may
 * only take away its own resources. Not every removal is: removing a `consume`r leaves its queue
 * unconsumed, and the queue then legitimately gets a bridge (new IDs); removing the last async
 * function takes the app failure queue with it, and removing the last function with a rule takes the
 * failure queue's policy (it lets those rules send their dead letters). So: no `consume`, another
 * function without `consume` stays (every one the generator makes is async), and if this one has a
 * rule, another one with a rule stays.
 */
function unrelatedFunctions(functions: Record<string, FunctionSpec>): string[] {
  const names = Object.keys(functions);
  return names.filter((fn) => {
    const others = names.filter((other) => other !== fn).map((other) => functions[other]);
    return !functions[fn].consume && others.some((other) => !other.consume) && (!hasRule(functions[fn]) || others.some(hasRule));
  });
}

/** Every logical ID function `fn` may own: its namespace `<fn>`, its events `<fn>-<e>`, its timer and ticker. */
function namespaceIds(fn: string, spec: FunctionSpec): Set<string> {
  const events = (spec.events ?? []) as { name: string }[];
  const groups: unknown[] = [functionIds(fn), timerIds(fn), ...events.map((event) => eventRuleId(fn, event.name))];
  const ids = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string") ids.add(value);
    else if (value && typeof value === "object") Object.values(value).forEach(add);
  };
  groups.forEach(add);
  return ids;
}

/** The names a resource or output refers to: Ref, GetAtt, Sub and DependsOn. */
function targetsOf(value: Record<string, any>): Set<string> {
  const targets = new Set(collectReferences(value).map((reference) => reference.target));
  for (const dependency of [value.DependsOn ?? []].flat()) targets.add(dependency);
  return targets;
}

/**
 * What removing one unrelated function may change, and nothing more:
 *  - the IDs after are exactly the IDs before minus those in the removed function's namespace (which
 *    must include its function): no other ID disappears, is renamed or appears;
 *  - a resource or output outside that namespace is unchanged, byte for byte, unless it referred to
 *    the removed function's resources: then it may change (the failure queue policy lists the ARN of
 *    every rule), but only by losing references: it refers to nothing of the removed function and to
 *    nothing it did not refer to before;
 *  - parameters are unchanged.
 * Generated apps stay far below the 50 rules past which the failure queue policy stops listing rules,
 * so no resource can change without referring to the removed function.
 */
function removalProblems(before: Record<string, any>, after: Record<string, any>, owned: Set<string>): string[] {
  const problems: string[] = [];
  const beforeIds = Object.keys(before.Resources);
  const ownedIds = beforeIds.filter((id) => owned.has(id));
  if (!ownedIds.some((id) => id.endsWith("Function")))
    problems.push(`no function among the removed function's IDs ${[...owned].join(", ")}`);
  const expectedIds = beforeIds.filter((id) => !owned.has(id));
  const afterIds = Object.keys(after.Resources);
  for (const id of expectedIds) if (!afterIds.includes(id)) problems.push(`${id} disappeared`);
  for (const id of afterIds) if (!expectedIds.includes(id)) problems.push(`${id} ${beforeIds.includes(id) ? "stayed" : "appeared"}`);
  for (const section of ["Resources", "Outputs"] as const) {
    for (const [id, content] of Object.entries((before[section] ?? {}) as Record<string, any>)) {
      const now = after[section]?.[id];
      if (owned.has(id) || now === undefined) continue;
      if (JSON.stringify(now) === JSON.stringify(content)) continue;
      const targetsBefore = targetsOf(content);
      if (![...targetsBefore].some((target) => owned.has(target))) {
        problems.push(`${section}.${id} changed but did not refer to the removed function`);
        continue;
      }
      for (const target of targetsOf(now)) {
        if (owned.has(target)) problems.push(`${section}.${id} still refers to ${target}`);
        else if (!targetsBefore.has(target)) problems.push(`${section}.${id} now refers to ${target}`);
      }
    }
  }
  for (const id of Object.keys(after.Outputs ?? {})) if (!(id in (before.Outputs ?? {}))) problems.push(`output ${id} appeared`);
  if (JSON.stringify(after.Parameters ?? {}) !== JSON.stringify(before.Parameters ?? {})) problems.push("parameters changed");
  return problems;
}

describe("expansion of generated valid apps", () => {
  it("succeeds, is deterministic and structurally sound", () => {
    fc.assert(
      fc.property(withTimers, (dsl) => {
        const first = expand(template(dsl));
        expect(first.ok, first.ok ? "" : first.errors.join("\n")).toBe(true);
        if (!first.ok) return;
        const second = expand(template(structuredClone(dsl)));
        expect(second.ok && serialise(second.template)).toBe(serialise(first.template));
        expect(structuralProblems(first.template)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("adding or removing an unrelated function changes no other logical ID", () => {
    let removals = 0;
    fc.assert(
      fc.property(withTimers, fc.nat(), (dsl, pick) => {
        const before = expand(template(dsl));
        const functions = dsl.functions as Record<string, FunctionSpec>;
        const extra = { ...dsl, functions: { ...functions, "zz-unrelated": { handler: "index.handler" } } };
        const after = expand(template(extra));
        if (!before.ok || !after.ok) throw new Error("expansion failed");
        const beforeIds = Object.keys(before.template.Resources);
        const afterIds = new Set(Object.keys(after.template.Resources));
        expect(beforeIds.filter((id) => !afterIds.has(id))).toEqual([]);

        // Removing: one existing function that nothing else needs (see unrelatedFunctions).
        const candidates = unrelatedFunctions(functions);
        if (!candidates.length) return;
        removals++;
        const gone = candidates[pick % candidates.length];
        const removed = expand(
          template({ ...dsl, functions: Object.fromEntries(Object.entries(functions).filter(([fn]) => fn !== gone)) }),
        );
        if (!removed.ok) throw new Error(`expansion without ${gone} failed: ${removed.errors.join("; ")}`);
        expect(removalProblems(before.template, removed.template, namespaceIds(gone, functions[gone]))).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
    // An app with no unrelated function (one function, only consumers, ...) skips the removal; at
    // least half the runs must still have removed one (95 of 150 with this seed).
    expect(removals).toBeGreaterThanOrEqual(75);
  });
});

describe("limits", () => {
  const templatesOf = (result: Extract<ReturnType<typeof expand>, { ok: true }>) => [
    result.template,
    ...result.stacks.map(({ template }) => template),
  ];

  it("stays one stack up to 500 resources, and splits into nested stacks past them (docs/scaling.md)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 120, max: 130 }), (count) => {
        const functions = Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, { handler: "index.handler" }]));
        const result = expand(template({ functions }));
        if (!result.ok) throw new Error(result.errors.join("\n"));
        // Each trigger-less function is async: role (its policy inline), log group, function, invoke config (4), plus the failure queue.
        const resources = count * 4 + 1;
        if (resources < 500) expect(result.stacks).toEqual([]);
        else expect(result.stacks.length).toBeGreaterThan(1);
        for (const each of templatesOf(result)) expect(Object.keys(each.Resources).length).toBeLessThanOrEqual(500);
        const total = templatesOf(result).reduce((sum, each) => sum + Object.keys(each.Resources).length, 0);
        expect(total).toBe(resources + result.stacks.length);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("splits once the template passes 1 MB", () => {
    fc.assert(
      // Four copies of the code stay under the 2 MB bound on input (validate/bounds.ts).
      fc.property(fc.integer({ min: 150_000, max: 450_000 }), (size) => {
        const code = `exports.handler = async () => "${"x".repeat(size)}";`;
        const functions = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}`, { handler: "index.handler", inline: code }]));
        const result = expand(template({ functions }));
        if (!result.ok) throw new Error(result.errors.join("\n"));
        for (const each of templatesOf(result))
          expect(new TextEncoder().encode(JSON.stringify(each)).length).toBeLessThanOrEqual(1_000_000);
        // An app that fits one stack stays one: the code alone decides, bar the few KB around it.
        if (size * 4 > 1_000_000) expect(result.stacks.length).toBeGreaterThan(0);
        if (size * 4 < 950_000) expect(result.stacks).toEqual([]);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("names the nested stack that one function alone overfills", () => {
    const code = `exports.handler = async () => "${"x".repeat(1_050_000)}";`;
    const result = expand(template({ functions: { big: { handler: "index.handler", inline: code } } }));
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^Resources\.App: nested stack AppStack\d\d would hold \d+ bytes; CloudFormation's limit is 1000000\. /),
    ]);
  });
});
