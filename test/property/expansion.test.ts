/**
 * Properties of expansion over generated valid apps (fixed seed): it succeeds, is deterministic, passes
 * the structural checks of spec §4.7, and adding or removing an unrelated function changes no other
 * logical ID. Inputs near CloudFormation's limits fail with the limit message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expand, serialise } from "../../src/expander/index.js";
import { PSEUDO_PARAMETERS } from "../../src/expander/intrinsics.js";
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
    fc.assert(
      fc.property(withTimers, (dsl) => {
        const before = expand(template(dsl));
        const functions = dsl.functions as Record<string, unknown>;
        const extra = { ...dsl, functions: { ...functions, "zz-unrelated": { handler: "index.handler" } } };
        const after = expand(template(extra));
        if (!before.ok || !after.ok) throw new Error("expansion failed");
        const beforeIds = Object.keys(before.template.Resources);
        const afterIds = new Set(Object.keys(after.template.Resources));
        expect(beforeIds.filter((id) => !afterIds.has(id))).toEqual([]);
        const removed = expand(template(dsl));
        expect(removed.ok && Object.keys(removed.template.Resources)).toEqual(beforeIds);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe("limits", () => {
  it("fails with the limit message once an app passes 500 resources", () => {
    fc.assert(
      fc.property(fc.integer({ min: 95, max: 105 }), (count) => {
        const functions = Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, { handler: "index.handler" }]));
        const result = expand(template({ functions }));
        // Each trigger-less function is async: role, policy, log group, function, invoke config (5), plus the failure queue.
        const resources = count * 5 + 1;
        if (resources <= 500) expect(result.ok).toBe(true);
        else
          expect(result.ok ? [] : result.errors).toEqual([
            `Resources.App: this app expands to ${resources} resources; CloudFormation's limit is 500`,
          ]);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("fails with the size message once the template passes 1 MB", () => {
    fc.assert(
      fc.property(fc.integer({ min: 150_000, max: 260_000 }), (size) => {
        const code = `exports.handler = async () => "${"x".repeat(size)}";`;
        const functions = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}`, { handler: "index.handler", inline: code }]));
        const result = expand(template({ functions }));
        if (result.ok) {
          expect(new TextEncoder().encode(JSON.stringify(result.template)).length).toBeLessThanOrEqual(1_000_000);
          return;
        }
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatch(/^Resources\.App: the expanded template is \d+ bytes; CloudFormation's limit is 1000000 bytes \(1 MB\)$/);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});
