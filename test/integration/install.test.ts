/**
 * The CLI as a user installs it: `npm pack` of what `npm run build` wrote, then `npm install -g` of the tarball
 * into a temporary prefix, which installs production dependencies only, outside this repository (so
 * nothing resolves from its node_modules). Every command then runs from `<prefix>/bin/pareto`, each one
 * far enough to load what it loads lazily: the AWS SDK (deploy, package), esbuild (package), mermaid
 * (graph --html). A module missing from `dependencies` or from `files` fails here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/output.js";
import { ROOT } from "./tools.js";

const HELLO = join(ROOT, "examples", "hello", "template.yaml");
let scratch: string;
let pareto: string;
let packed: { filename: string; files: Array<{ path: string }> };

/**
 * A user's shell: this one (its certificates, proxies, HOME), without what ties it to this repository
 * (NODE_PATH, NODE_OPTIONS, the npm_* variables of `npm run`), with fake AWS credentials.
 */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|NODE_PATH$|NODE_OPTIONS$|AWS_PROFILE$)/i.test(name))),
  PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  NO_COLOR: "1",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
  AWS_MAX_ATTEMPTS: "1",
};

function sh(command: string, args: string[], cwd: string, timeout = 120_000) {
  const result = spawnSync(command, args, { cwd, env: ENV, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", error: result.error };
}

/** Runs the installed binary in a fresh folder under the scratch directory. */
function run(args: string[], cwd = mkdtempSync(join(scratch, "cwd-"))) {
  const result = sh(pareto, args, cwd, 60_000);
  // A missing module is an internal error (exit 70) naming the package: never acceptable here.
  expect(result.stderr, "internal error").not.toMatch(/internal error|ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  return result;
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every source file under `dir`, for the staleness check. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.(ts|json|yaml|yml|cjs)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

beforeAll(() => {
  // What `npm pack` packs is dist/ as the build left it: its prepack would rebuild it under the feet of the
  // tests running beside this one, so it is skipped here (npm test builds first; staleness fails).
  const built = existsSync(join(ROOT, "dist", "cli.mjs")) ? statSync(join(ROOT, "dist", "cli.mjs")).mtimeMs : 0;
  const newer = [...sources(join(ROOT, "src")), ...sources(join(ROOT, "schemas"))].filter(
    (file) => !file.includes(`${join("src", "generated")}`) && statSync(file).mtimeMs > built,
  );
  if (newer.length) throw new Error(`dist/cli.mjs is missing or older than ${newer[0]}: run \`npm run build\` first (npm test does)`);
  scratch = mkdtempSync(join(tmpdir(), "pareto-install-"));
  const pack = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], ROOT, 180_000);
  expect(pack.status, pack.stderr).toBe(0);
  [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")));
  const prefix = join(scratch, "prefix");
  const install = sh(
    "npm",
    ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", join(scratch, packed.filename)],
    scratch,
    180_000,
  );
  expect(install.status, install.stdout + install.stderr).toBe(0);
  pareto = join(prefix, "bin", "pareto");
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("ships the CLI (bin, bundle and its chunks), the licence and the readme, and nothing else", () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toContain("bin/pareto.mjs");
    expect(paths).toContain("dist/cli.mjs");
    expect(paths.some((path) => path.startsWith("dist/chunks/"))).toBe(true);
    expect(paths.filter((path) => !/^(bin\/|dist\/cli\.mjs$|dist\/chunks\/)/.test(path)).sort()).toEqual([
      "LICENSE",
      "README.md",
      "package.json",
    ]);
  });

  it("installs no devDependency", () => {
    const installed = join(dirname(dirname(pareto)), "lib", "node_modules", "pareto-macro", "node_modules");
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const present = Object.keys(manifest.devDependencies).filter((name) => existsSync(join(installed, name)));
    expect(present).toEqual([]);
  });
});

/** The packages the installed bundle imports (statically, lazily, or resolves a file of), builtins aside. */
function importedPackages(dist: string): string[] {
  const files = ["cli.mjs", ...readdirSync(join(dist, "chunks")).map((name) => join("chunks", name))];
  const found = new Set<string>();
  for (const file of files) {
    const code = readFileSync(join(dist, file), "utf8");
    // Minified or not: `import{a as b}from"x"`, `import * as m from "x"`, `export{c}from"x"`, `import"x"`.
    const statics =
      /\b(?:import|export)\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*\{[^}]*\})?)\s*from\s*"([^"]+)"|\bimport\s*"([^"]+)"/g;
    for (const [, from, bare] of code.matchAll(statics)) found.add(from ?? bare);
    for (const [, lazy] of code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.add(lazy);
    for (const [, resolved] of code.matchAll(/\.resolve\(\s*"([^"]+)"\s*\)/g)) found.add(resolved);
  }
  return [...found].filter((name) => !name.startsWith(".") && !name.startsWith("node:") && !builtinModules.includes(name)).sort();
}

describe("the installed package's imports", () => {
  it("every package the bundle imports, now or lazily (every command's), resolves from the installation", () => {
    const dist = join(dirname(dirname(pareto)), "lib", "node_modules", "pareto-macro", "dist");
    const names = importedPackages(dist);
    expect(names).toEqual(
      expect.arrayContaining(["@aws-sdk/client-cloudformation", "@aws-sdk/client-s3", "esbuild", "mermaid/dist/mermaid.min.js"]),
    );
    // Resolved as the bundle resolves them: ESM resolution from dist/cli.mjs, in a process of its own.
    const script = `for (const name of ${JSON.stringify(names)}) { try { import.meta.resolve(name); } catch { console.log(name); } }`;
    const result = sh(process.execPath, ["--input-type=module", "-e", script], dist);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n").filter(Boolean), "not resolvable from the installation").toEqual([]);
  });
});

describe("the installed pareto", () => {
  it("prints its help", () => {
    const result = run(["--help"]);
    expect(result.status).toBe(EXIT.ok);
    for (const command of ["init", "validate", "expand", "graph", "package", "deploy", "schema"])
      expect(result.stdout).toContain(`pareto ${command} `);
  });

  it("validates and expands examples/hello, as the CLI in this repository does", () => {
    const inRepository = (command: string) => sh(process.execPath, [join(ROOT, "bin", "pareto.mjs"), command, HELLO], ROOT);
    const validated = run(["validate", HELLO]);
    expect(validated.status).toBe(EXIT.ok);
    expect(validated.stderr).toMatch(/^ok: \d+ resources$/m);
    expect(validated.stderr).toBe(inRepository("validate").stderr);
    const expanded = run(["expand", HELLO]);
    expect(expanded.status).toBe(EXIT.ok);
    expect(Object.keys(JSON.parse(expanded.stdout).Resources).length).toBeGreaterThan(40);
    expect(expanded.stdout).toBe(inRepository("expand").stdout);
  });

  it("draws the graph, and the offline HTML page with mermaid", () => {
    const mermaid = run(["graph", HELLO]);
    expect(mermaid.status).toBe(EXIT.ok);
    expect(mermaid.stdout).toMatch(/^flowchart /m);
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    const html = run(["graph", HELLO, "--html", "hello.html"], cwd);
    expect(html.status, html.stderr).toBe(EXIT.ok);
    expect(readFileSync(join(cwd, "hello.html"), "utf8").length).toBeGreaterThan(1_000_000); // mermaid inlined
  });

  it("prints the schema", () => {
    const result = run(["schema"]);
    expect(result.status).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout).$schema).toMatch(/json-schema/);
  });

  it("writes a starter app that validates", () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    const init = run(["init", "my-app"], cwd);
    expect(init.status, init.stderr).toBe(EXIT.ok);
    expect(existsSync(join(cwd, "my-app", "pareto.schema.json"))).toBe(true);
    const validated = run(["validate", join(cwd, "my-app", "template.yaml")]);
    expect(validated.status).toBe(EXIT.ok);
  });

  it("packages local code with esbuild, and reports an unreachable S3 as an upload failure", async () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    mkdirSync(join(cwd, "api"));
    writeFileSync(join(cwd, "api", "hello.ts"), "export const handler = async (): Promise<number> => 200;\n");
    writeFileSync(
      join(cwd, "template.yaml"),
      "Resources:\n  App:\n    Type: Pareto::App\n    Properties:\n      code: ./api\n      functions:\n        hello: {handler: hello.handler, timer: {rate: 1 hour}}\n",
    );
    const dry = run(["expand", "template.yaml", "--package-dry-run"], cwd);
    expect(dry.status, dry.stderr).toBe(EXIT.ok);
    expect(dry.stderr).toContain("esbuild hello.ts -> hello.js");
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = run(["package", "template.yaml", "--bucket", "artifacts", "--endpoint-url", endpoint, "-o", "out.json"], cwd);
    expect(result.status, result.stderr).toBe(EXIT.upload);
    expect(existsSync(join(cwd, "out.json"))).toBe(false);
  });

  it("deploys: its usage, and an unreachable CloudFormation as a deploy failure", async () => {
    const help = run(["deploy", "--help"]);
    expect(help.status).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/^usage: pareto deploy <template> --stack NAME/);
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    expect(run(["init", "."], cwd).status).toBe(EXIT.ok);
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = run(["deploy", "template.yaml", "--stack", "my-app", "--yes", "--endpoint-url", endpoint], cwd);
    expect(result.status, result.stderr).toBe(EXIT.deployFailed);
    expect(result.stderr).toMatch(/^error: deploy: .*(ECONNREFUSED|connect)/m);
  });
});
