/**
 * `npm run bench`: Pareto's expansion against AWS SAM's translator on equivalent apps, in one run,
 * plus JSON.stringify of our own output as the floor, the macro's cold start, and whole CLI processes
 * (`pareto expand` against a fresh samtranslator process). Writes bench/results.md.
 * `--quick` runs N=10 only with few repeats (the CI smoke).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseTemplate } from "../src/cli/yaml.js";
import { expand } from "../src/expander/index.js";
import { MACRO_CASES } from "../test/hostile/macro/corpus.js";
import { paretoTemplate, samTemplate } from "./generate.js";

const ROOT = process.cwd();
const quick = process.argv.includes("--quick");
const SIZES = quick ? [10] : [10, 50, 75, 100, 200, 400];
const REPEATS = quick ? 5 : 21;
const COLD_RUNS = quick ? 3 : 11;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeMs(work: () => unknown, repeats: number): number {
  for (let i = 0; i < 5; i++) work(); // warm-up: the macro Lambda stays warm between deploys
  (globalThis as { gc?: () => void }).gc?.(); // start each series with a clean heap (node --expose-gc)
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The Python that has samtranslator: one of the project's tool venvs. */
function samPython(): string {
  const tools = join(ROOT, ".tools");
  const candidates = existsSync(tools) ? readdirSync(tools).map((venv) => join(tools, venv, "bin", "python")) : [];
  const found = candidates.find((python) => existsSync(python) && spawnSync(python, ["-c", "import samtranslator"]).status === 0);
  if (!found) throw new Error("samtranslator not found in .tools/: run `bash scripts/setup-tools.sh` first");
  return found;
}

function samMs(n: number, python: string, scratch: string): { ms: number; resources: number } {
  const file = join(scratch, `sam-${n}.json`);
  writeFileSync(file, JSON.stringify(samTemplate(n)));
  const repeats = n >= 200 ? Math.max(3, Math.floor(REPEATS / 4)) : REPEATS;
  const out = execFileSync(python, [join(ROOT, "bench", "sam_translate.py"), file, String(repeats)], { encoding: "utf8" });
  const { medianMs, resources } = JSON.parse(out);
  return { ms: medianMs, resources };
}

/** The fragment CloudFormation would send for examples/hello (the template minus its Transform). */
function helloFragment(): unknown {
  const path = join(ROOT, "examples", "hello", "template.yaml");
  const { Transform: _transform, ...fragment } = parseTemplate(readFileSync(path, "utf8"), path) as Record<string, unknown>;
  return fragment;
}

/** A fresh Node process loads the bundle and expands examples/hello: timed inside the process and as a whole. */
function coldStart(): { bundleKb: number; inProcessMs: number; processMs: number } {
  const bundle = join(ROOT, "dist", "macro", "index.cjs");
  const script = `const t0 = performance.now();
    const { handler } = require(${JSON.stringify(bundle)});
    handler({ requestId: "bench", fragment: JSON.parse(process.env.FRAGMENT) }).then((r) => {
      if (r.status !== "success") throw new Error(r.errorMessage);
      process.stdout.write(String(performance.now() - t0));
    });`;
  const env = { ...process.env, FRAGMENT: JSON.stringify(helloFragment()) };
  const inProcess: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const start = performance.now();
    inProcess.push(Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env })));
    whole.push(performance.now() - start);
  }
  return { bundleKb: statSync(bundle).size / 1024, inProcessMs: median(inProcess), processMs: median(whole) };
}

const PROCESS_RUNS = quick ? 3 : 21;
const WHOLE_PROCESS_N = 60;

/** Wall time of one fresh process, which must succeed; stdout is read in full (the output is part of the work). */
function processMs(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: exit ${result.status}\n${result.stderr}`);
  return ms;
}

/** A Node binary as the whole-process rows name it: its version, and whether it has the compile cache. */
function nodeRow(node: string) {
  const probe = 'process.stdout.write(process.version + " " + (typeof require("node:module").enableCompileCache === "function"))';
  const [version, cache] = execFileSync(node, ["-e", probe], { encoding: "utf8" }).split(" ");
  return { node, version, compileCache: cache === "true" };
}

/**
 * A user's whole command, start-up included: `pareto expand app.json` of the N-function app against a
 * fresh `python` that imports samtranslator and translates the SAM twin once (as `sam validate` does),
 * and `node -e 0` as the floor. Runs alternate between all of them, so a busy moment costs each alike.
 * This Node, and each binary in BENCH_NODES (colon-separated paths), gives a row.
 */
function wholeProcess(python: string, scratch: string) {
  const app = join(scratch, `pareto-${WHOLE_PROCESS_N}.json`);
  const twin = join(scratch, `sam-${WHOLE_PROCESS_N}.json`);
  writeFileSync(app, JSON.stringify(paretoTemplate(WHOLE_PROCESS_N)));
  writeFileSync(twin, JSON.stringify(samTemplate(WHOLE_PROCESS_N)));
  const nodes = [process.execPath, ...(process.env.BENCH_NODES ?? "").split(":").filter(Boolean)].map(nodeRow);
  const runs = [
    ...nodes.flatMap(({ node }) => [
      { key: `floor ${node}`, run: () => processMs(node, ["-e", "0"]) },
      { key: `pareto ${node}`, run: () => processMs(node, [join(ROOT, "bin", "pareto.mjs"), "expand", app]) },
    ]),
    { key: "sam", run: () => processMs(python, [join(ROOT, "bench", "sam_translate.py"), twin]) },
  ];
  const times = new Map(runs.map(({ key }) => [key, [] as number[]]));
  for (const { run } of runs) run(); // once each first: the OS file cache, Node's compile cache where it exists
  for (let i = 0; i < PROCESS_RUNS; i++) for (const { key, run } of runs) times.get(key)?.push(run());
  const sam = median(times.get("sam") ?? []);
  return nodes.map((row) => ({
    ...row,
    floor: median(times.get(`floor ${row.node}`) ?? []),
    pareto: median(times.get(`pareto ${row.node}`) ?? []),
    sam,
  }));
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/** The hostile corpus's cases sized to hit a limit: time to the answer, and heap grown, each alone. */
function hostileRows(): string[] {
  return MACRO_CASES.filter((hostile) => hostile.big).map((hostile) => {
    const fragment = hostile.fragment();
    (globalThis as { gc?: () => void }).gc?.();
    const heap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = expand(fragment);
    const ms = performance.now() - start;
    const grownMb = (process.memoryUsage().heapUsed - heap) / 1e6;
    const answer = result.ok ? "expanded" : result.errors[0].slice(0, 80);
    return `| ${hostile.name} | ${fmt(ms)} | ${grownMb.toFixed(1)} | ${answer.replace(/\|/g, "\\|")} |`;
  });
}

function expanded(input: unknown) {
  const result = expand(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result;
}

const templatesOf = (result: ReturnType<typeof expanded>) => [result.template, ...result.stacks.map(({ template }) => template)];

/** Resources by type for the benchmark's app at each N, with the total and the count per function. */
function resourceTable(sizes: number[]): string {
  const counts = sizes.map((n) => {
    const byType = new Map<string, number>();
    for (const template of templatesOf(expanded(paretoTemplate(n))))
      for (const resource of Object.values(template.Resources) as Array<{ Type: string }>)
        byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
    return byType;
  });
  const types = [...new Set(counts.flatMap((byType) => [...byType.keys()]))].sort(
    (a, b) => (counts.at(-1)?.get(b) ?? 0) - (counts.at(-1)?.get(a) ?? 0) || a.localeCompare(b),
  );
  const total = (byType: Map<string, number>) => [...byType.values()].reduce((sum, count) => sum + count, 0);
  return [
    `| type | ${sizes.map((n) => `N=${n}`).join(" | ")} |`,
    `|---|${sizes.map(() => "---|").join("")}`,
    ...types.map((type) => `| ${type} | ${counts.map((byType) => byType.get(type) ?? 0).join(" | ")} |`),
    `| **total** | ${counts.map(total).join(" | ")} |`,
    `| per function | ${counts.map((byType, i) => (total(byType) / sizes[i]).toFixed(2)).join(" | ")} |`,
  ].join("\n");
}

function main() {
  const python = samPython();
  const scratch = mkdtempSync(join(tmpdir(), "pareto-bench-"));
  // First, while this process is small: spawning from a large heap slows every child alike, floor included.
  const whole = wholeProcess(python, scratch);
  const rows: string[] = [];
  const perFunction: number[] = [];
  // Three passes over every size first, so the JIT has optimised every code path before anything is timed.
  for (let round = 0; round < 3; round++) for (const n of SIZES) expand(paretoTemplate(n));
  for (const n of SIZES) {
    const input = paretoTemplate(n);
    // From about 76 functions the app is split into a root and nested stacks (docs/scaling.md): that is measured too.
    const result = expanded(input);
    const ours = timeMs(() => expand(input), REPEATS);
    const floor = timeMs(() => JSON.stringify([result.template, result.stacks]), REPEATS);
    const sam = samMs(n, python, scratch);
    perFunction.push(ours / n);
    const resources = templatesOf(result).reduce((sum, template) => sum + Object.keys(template.Resources).length, 0);
    rows.push(
      `| ${n} | ${resources} | ${result.stacks.length} | ${fmt(ours)} | ${fmt(sam.ms)} (${sam.resources} resources) | ${fmt(floor)} | ${(sam.ms / ours).toFixed(1)}x | ${(ours / floor).toFixed(1)}x | ${((ours / n) * 1000).toFixed(1)} |`,
    );
  }
  const cold = coldStart();
  const hostile = quick ? [] : hostileRows();
  const linearity = perFunction.length > 1 ? (perFunction.at(-1)! / perFunction[0]).toFixed(2) : "n/a";
  const report = `# Benchmark results

Produced by \`npm run bench${quick ? " -- --quick" : ""}\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}, ${REPEATS} repeats, medians, warm).
Apps of N functions: half serve an HTTP endpoint, half react to a queue and run on a timer (bench/generate.ts);
the SAM twin uses \`AWS::Serverless::Function\` with HttpApi, SQS and Schedule events, translated in-process by
samtranslator from the project's tool venv (bench/sam_translate.py). Pareto generates more resources per function
(its own role, log group, route, integration, rules, invoke config), which is the work measured. An app that does
not fit one stack is split into a root and nested stacks (docs/scaling.md), which is part of the time measured;
SAM leaves the split to the user. Times in this table vary by tens of percent between runs on a shared 2-core
machine; the ratios are what to read.

| N functions | our resources | nested stacks | Pareto expand (ms) | samtranslator (ms) | JSON.stringify of our output (ms) | SAM / Pareto | Pareto / stringify | Pareto µs per function |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Linearity: time per function at N=${SIZES.at(-1)} is ${linearity}x the time per function at N=${SIZES[0]}.
${
  quick
    ? ""
    : `
## Resources per function

What the app expands into, by type, at the largest N that fits one stack and below it (all stacks counted).

${resourceTable([60, 75])}
`
}
## Cold start

| handler bundle (minified) | load + first expand, in process (median of ${COLD_RUNS}) | whole fresh \`node\` process (median) |
|---|---|---|
| ${cold.bundleKb.toFixed(1)} KB | ${fmt(cold.inProcessMs)} ms | ${fmt(cold.processMs)} ms |

## Whole process

What a user waits for: a fresh process from start to exit, output included. \`pareto expand app.json\` of the
benchmark's ${WHOLE_PROCESS_N}-function app (written as JSON) against a fresh \`python bench/sam_translate.py sam.json\`
that imports samtranslator and translates the SAM twin once (as \`sam validate\` does; Python's bytecode is
cached by pip), and a bare \`node -e 0\` as the floor. Median of ${PROCESS_RUNS} runs of each, alternating.
bin/pareto.mjs turns on Node's compile cache where Node has one (22.1 and later); the first run of each,
not timed, fills it. The start-up of \`node\` itself differs between versions and builds, hence a floor
per row; \`BENCH_NODES=/path/to/node\` adds a row for another Node.

| Node | compile cache | \`node -e 0\` (floor) | \`pareto expand\` | Pareto over the floor | samtranslator | samtranslator / Pareto |
|---|---|---|---|---|---|---|
${whole.map((row) => `| ${row.version}${row.node === process.execPath ? " (this one)" : ""} | ${row.compileCache ? "on" : "none"} | ${fmt(row.floor)} ms | ${fmt(row.pareto)} ms | ${fmt(row.pareto - row.floor)} ms | ${fmt(row.sam)} ms | ${(row.sam / row.pareto).toFixed(1)}x |`).join("\n")}
${
  hostile.length
    ? `
## Hostile inputs

The cases of the hostile corpus (test/hostile/macro/corpus.ts) sized to hit a limit, each expanded once
(\`expand\`, as the macro does): every input up to CloudFormation's 1 MB is to be answered in under 1 s and
256 MB.

| input | answered in (ms) | heap grown (MB) | answer |
|---|---|---|---|
${hostile.join("\n")}
`
    : ""
}`;
  writeFileSync(join(ROOT, "bench", quick ? "results-quick.md" : "results.md"), report);
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(report);
}

main();
