/**
 * Hostile and careless input to `pareto package` and `pareto deploy` (fast lane: no moto, no network).
 * Every input is made in a temporary folder by the test; S3 and CloudFormation are a local HTTP stand-in
 * that records each request (test/hostile/package/fake-s3.ts).
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { inflateSync } from "fflate/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseTemplate } from "../../src/cli/yaml.js";
import { PackageError } from "../../src/package/errors.js";
import { ignoreRules } from "../../src/package/ignore.js";
import { buildArtifact, checkedPlan, packageTemplate } from "../../src/package/index.js";
import { sizeProblems, UNZIPPED_LIMIT } from "../../src/package/limits.js";
import { fakeS3Config, type FakeS3, startFakeS3 } from "./package/fake-s3.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CODE = "Resources.App.Properties.code";
const hasPython = spawnSync("python3", ["-m", "pip", "--version"]).status === 0;

let s3: FakeS3;
let scratch: string;
beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  s3 = await startFakeS3();
  scratch = mkdtempSync(join(tmpdir(), "pareto-hostile-package-"));
});
afterAll(async () => {
  await s3?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => {
  s3.requests.length = 0;
});

/** A fresh folder under the scratch folder. */
let folders = 0;
function folder(name = "app"): string {
  const dir = join(scratch, `${++folders}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function write(dir: string, path: string, content: string | Uint8Array = "") {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/** A one-function app on `code`, written as `template.yaml` in `dir`. */
function app(dir: string, code: string, fn: string, extra: string[] = []): string {
  const path = join(dir, "template.yaml");
  const lines = ["Transform: Pareto", "Resources:", "  App:", "    Type: Pareto::App", "    Properties:", `      code: ${code}`];
  writeFileSync(path, [...lines, "      functions:", `        fn: ${fn}`, ...extra, ""].join("\n"));
  return path;
}

/** A Python function on `code` (default `.`). */
const pythonApp = (dir: string, code = ".", extra: string[] = []) => app(dir, code, "{handler: app.handler, runtime: python3.13}", extra);

const nodeApp = (dir: string, code: string, handler = "index.handler") => app(dir, code, `{handler: ${handler}}`);

const read = (template: string) => parseTemplate(readFileSync(template, "utf8"), template);

/** `pareto package` as the CLI runs it (the template and its output excluded), against the fake S3. */
async function pkg(template: string, options: { output?: string; warnings?: string[] } = {}) {
  return packageTemplate(read(template), {
    templateDir: dirname(template),
    bucket: "artifacts",
    s3: fakeS3Config(s3.endpoint),
    warn: (message) => options.warnings?.push(message),
    exclude: [template, ...(options.output ? [options.output] : [])],
  });
}

async function problems(run: Promise<unknown>): Promise<string[]> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PackageError)) throw new Error(`expected a PackageError, got ${String(error)}`);
  return error.problems;
}

/** A zip's entries from its central directory, in order, each with its inflated data: no object keyed by name. */
function unzip(zip: Uint8Array): Array<{ name: string; data: Uint8Array }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  const entries: Array<{ name: string; data: Uint8Array }> = [];
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, data: inflateSync(zip.subarray(dataAt, dataAt + compressed)) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** The one artifact uploaded by the last run, unzipped. */
function uploaded() {
  const objects = s3.objects();
  expect(objects).toHaveLength(1);
  return unzip(objects[0].body);
}
const names = (entries: Array<{ name: string }>) => entries.map((entry) => entry.name);
const text = (entries: Array<{ name: string; data: Uint8Array }>, name: string) =>
  new TextDecoder().decode(entries.find((entry) => entry.name === name)?.data);

// ---------------------------------------------------------------------------------------------------
// 11. File names that are Object.prototype's property names.

describe("a Python folder with files named like Object.prototype's properties", () => {
  const FILES = ["__proto__", "app.py", "constructor/__init__.py", "hasOwnProperty", "lib/__proto__", "toString.py", "valueOf"];

  it("zips exactly its files, `__proto__` included, each with its content", async () => {
    const dir = folder();
    for (const file of FILES) write(dir, file, `# ${file}\n`);
    await pkg(pythonApp(dir));
    const entries = uploaded();
    expect(names(entries)).toEqual(FILES);
    for (const file of FILES) expect(text(entries, file)).toBe(`# ${file}\n`);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("takes them in .paretoignore rules too", async () => {
    const dir = folder();
    for (const file of FILES) write(dir, file, "x");
    write(dir, ".paretoignore", "__proto__\n!lib/__proto__\nconstructor/\n");
    await pkg(pythonApp(dir));
    expect(names(uploaded())).toEqual(["app.py", "hasOwnProperty", "lib/__proto__", "toString.py", "valueOf"]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 12. Entries that are neither regular files nor folders.

describe("named pipes, sockets and dangling symlinks in a source folder", () => {
  let socket: Server | undefined;
  afterAll(() => socket?.close());

  it("Python: skips each with a warning instead of hanging or crashing, and packages the rest", { timeout: 20_000 }, async () => {
    const dir = folder();
    write(dir, "app.py", "def handler(event, context):\n    return 1\n");
    execFileSync("mkfifo", [join(dir, "pipe")]);
    symlinkSync(join(dir, "gone.py"), join(dir, "dangling.py"));
    symlinkSync("loop", join(dir, "loop"));
    socket = createServer();
    await new Promise<void>((resolve) => socket?.listen(join(dir, "server.sock"), resolve));
    const warnings: string[] = [];
    await pkg(pythonApp(dir), { warnings });
    expect(names(uploaded())).toEqual(["app.py"]);
    expect(warnings).toEqual([
      `${CODE}: skipped './dangling.py': a symlink to nothing ('${join(dir, "gone.py")}')`,
      `${CODE}: skipped './loop': a symlink to nothing ('loop')`,
      `${CODE}: skipped './pipe': a named pipe (FIFO), not a regular file or folder`,
      `${CODE}: skipped './server.sock': a socket, not a regular file or folder`,
    ]);
  });

  it("Python: a requirements.txt that is a named pipe is an error, before pip reads it", { timeout: 20_000 }, async () => {
    const dir = folder();
    write(dir, "app.py");
    execFileSync("mkfifo", [join(dir, "requirements.txt")]);
    expect(await problems(pkg(pythonApp(dir)))).toEqual([`${CODE}: './requirements.txt' is not a regular file`]);
    expect(s3.requests).toEqual([]);
  });

  it("Node.js: importing a named pipe is an error, not a build that never ends", { timeout: 20_000 }, async () => {
    const dir = folder();
    write(dir, "api/index.ts", 'import data from "./data.json";\nexport const handler = async () => data;\n');
    execFileSync("mkfifo", [join(dir, "api", "data.json")]);
    const [problem, ...rest] = await problems(pkg(nodeApp(dir, "./api")));
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^Resources\.App\.Properties\.code: .*data\.json is a named pipe \(FIFO\), not a regular file \(index\.ts:1:\d+\)$/,
    );
  });

  it("Node.js: importing a dangling symlink is esbuild's unresolved import, not a crash", async () => {
    const dir = folder();
    write(dir, "api/index.ts", 'import { x } from "./lib";\nexport const handler = async () => x;\n');
    symlinkSync(join(dir, "nowhere.ts"), join(dir, "api", "lib.ts"));
    const [problem] = await problems(pkg(nodeApp(dir, "./api")));
    expect(problem).toMatch(/^Resources\.App\.Properties\.code: Could not resolve "\.\/lib" \(index\.ts:1:\d+\)$/);
  });
});

// ---------------------------------------------------------------------------------------------------
// 13. Lambda's size limits, and memory.

describe("artifact size", () => {
  it("refuses an artifact over Lambda's 250 MB unzipped before reading it, naming the biggest parts", async () => {
    const dir = folder();
    write(dir, "app.py");
    write(dir, "models/weights.bin");
    truncateSync(join(dir, "models", "weights.bin"), 300 * 1024 * 1024); // sparse: nothing written to disk
    write(dir, "data.csv");
    truncateSync(join(dir, "data.csv"), 1024);
    const started = Date.now();
    expect(await problems(pkg(pythonApp(dir)))).toEqual([
      `${CODE}: '.' (python3.13 x86_64) is 300.0 MiB unzipped; Lambda allows 250 MB (262,144,000 bytes) for a function's code and layers together ` +
        "(largest: models/ 300.0 MiB, data.csv 1.0 KiB, app.py 0 B)",
    ]);
    expect(Date.now() - started).toBeLessThan(5000); // refused from the listing, not after deflating 300 MB
    expect(s3.requests).toEqual([]);
  });

  it("takes exactly 250 MB, refuses a byte more, and a zip's 65,535 entries at most", () => {
    const dir = folder();
    write(dir, "app.py");
    const [source] = checkedPlan(read(pythonApp(dir)), dir).sources;
    expect(UNZIPPED_LIMIT).toBe(262_144_000);
    expect(sizeProblems(source, [{ name: "a", size: UNZIPPED_LIMIT }])).toEqual([]);
    expect(sizeProblems(source, [{ name: "a", size: UNZIPPED_LIMIT + 1 }])).toHaveLength(1);
    const files = Array.from({ length: 65_536 }, (_, i) => ({ name: `f${i}`, size: 1 }));
    expect(sizeProblems(source, files.slice(1))).toEqual([]);
    expect(sizeProblems(source, files)).toEqual([
      `${CODE}: '.' (python3.13 x86_64) has 65536 files; a zip holds at most 65535 (leave some out with .paretoignore)`,
    ]);
  });

  /** `pareto package` in a child process; its peak RSS in MiB (from test/hostile/package/max-rss.mjs). */
  async function peakRss(template: string): Promise<number> {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        join(ROOT, "test/hostile/package/max-rss.mjs"),
        join(ROOT, "bin/pareto.mjs"),
        "package",
        template,
        "--bucket",
        "artifacts",
        "--endpoint-url",
        s3.endpoint,
        "-o",
        join(dirname(template), "..", `${folders}-packaged.json`),
      ],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", NO_COLOR: "1" } },
    );
    return Number(/max-rss-kib=(\d+)/.exec(stderr)?.[1]) / 1024;
  }

  it("streams zips from disk to S3: peak memory grows by much less than one artifact", { timeout: 180_000 }, async () => {
    const MIB = 1024 * 1024;
    const tiny = folder();
    write(tiny, "small/app.py");
    pythonApp(tiny, "./small");
    const big = folder();
    // Two artifacts of 96 MiB each, in 4 MiB files of zeros (sparse: quick to make, quick to deflate).
    for (const name of ["one", "two"]) {
      write(big, `${name}/app.py`);
      for (let i = 0; i < 24; i++) {
        write(big, `${name}/blob${i}.bin`);
        truncateSync(join(big, name, `blob${i}.bin`), 4 * MIB);
      }
    }
    writeFileSync(
      join(big, "template.yaml"),
      [
        "Transform: Pareto",
        "Resources:",
        "  App:",
        "    Type: Pareto::App",
        "    Properties:",
        "      functions:",
        "        one: {handler: app.handler, runtime: python3.13, code: ./one}",
        "        two: {handler: app.handler, runtime: python3.13, code: ./two}",
        "",
      ].join("\n"),
    );
    const baseline = await peakRss(join(tiny, "template.yaml"));
    s3.requests.length = 0;
    const peak = await peakRss(join(big, "template.yaml"));
    const objects = s3.objects();
    expect(objects).toHaveLength(2);
    // What S3 got is what the key names: streamed from disk, hashed as written.
    for (const object of objects) expect(object.key).toBe(`${object.sha256}.zip`);
    console.info(`peak RSS: ${baseline.toFixed(0)} MiB packaging one empty file, ${peak.toFixed(0)} MiB packaging 2 x 96 MiB`);
    // Reading one artifact's files at once (as before: then every zip was held until the upload) is 96 MiB
    // more; one file at a time leaves the garbage collector's slack (measured: 35-60 MiB).
    expect(peak - baseline).toBeLessThan(90);
  });
});

// ---------------------------------------------------------------------------------------------------
// 14. What a Python `code: .` leaves out.

describe("Python `code: .` in the template's folder", () => {
  function careless(): string {
    const dir = folder();
    write(dir, "app.py", "def handler(event, context):\n    return 1\n");
    write(dir, "lib/util.py");
    write(dir, ".git/HEAD", "ref: refs/heads/main\n");
    write(dir, ".env", "API_KEY=secret\n");
    write(dir, ".venv/lib/python3.13/site-packages/x.py");
    symlinkSync("/usr/bin/python3", join(dir, ".venv", "python")); // a venv links outside the folder
    write(dir, "node_modules/left-pad/index.js");
    write(dir, "lib/__pycache__/util.cpython-313.pyc");
    write(dir, "lib/stale.pyc");
    write(dir, ".DS_Store");
    return pythonApp(dir);
  }

  it("leaves out dotfiles (.git/, .env, .venv/), node_modules/, bytecode and the template itself", async () => {
    await pkg(careless());
    expect(names(uploaded())).toEqual(["app.py", "lib/util.py"]);
  });

  it("gives the same artifact when the packaged template (-o) is written inside the folder", async () => {
    const template = careless();
    const output = join(dirname(template), "packaged.json");
    const first = await pkg(template, { output });
    writeFileSync(output, JSON.stringify(first.template));
    const second = await pkg(template, { output });
    expect(second.built[0].key).toBe(first.built[0].key);
    // The CLI excludes it whatever the name: the output and the template are never packaged.
    expect(names(unzip(s3.objects()[0].body))).toEqual(["app.py", "lib/util.py"]);
  });

  it("takes a .paretoignore: more rules, and `!` to re-include a default, but never the template or the output", async () => {
    const template = careless();
    const dir = dirname(template);
    write(dir, "tests/test_app.py");
    write(dir, "README.md");
    write(dir, "docs/guide.md");
    write(dir, ".well-known/config.json", "{}");
    write(dir, "packaged.yaml", "x");
    write(
      dir,
      ".paretoignore",
      ["# not for Lambda", "tests/", "*.md", "!/README.md", "!.well-known/", "!template.yaml", "!packaged.yaml", ""].join("\n"),
    );
    await pkg(template, { output: join(dir, "packaged.yaml") });
    expect(names(uploaded())).toEqual([".well-known/config.json", "README.md", "app.py", "lib/util.py"]);
  });

  it("reads .paretoignore as a small gitignore", () => {
    const rules = ignoreRules(["build/", "/top.txt", "**/fixtures/**", "*.log", "!keep.log", "a?c", "\\#hash", "!.github/"]);
    const cases: Array<[string, boolean, boolean]> = [
      ["build", true, true],
      ["build", false, false], // folders only
      ["src/build", true, true], // no slash: at any depth
      ["top.txt", false, true],
      ["sub/top.txt", false, false], // anchored
      ["a/fixtures/b/c.json", false, true],
      ["x/y.log", false, true],
      ["x/keep.log", false, false],
      ["abc", false, true],
      ["a/c", false, false], // ? is not a slash
      ["#hash", false, true],
      [".github", true, false], // a default, re-included
      [".env", false, true],
      ["node_modules", true, true],
      ["node_modules", false, false],
    ];
    for (const [path, folderOnly, ignored] of cases)
      expect([path, folderOnly, rules.ignores(path, folderOnly)]).toEqual([path, folderOnly, ignored]);
  });
});

// ---------------------------------------------------------------------------------------------------
// 15. One rule for what a bundle or a folder may take from outside, and no file contents from outside.

describe("files from outside the template's folder", () => {
  it("Node.js: a relative import that leaves the folder is refused, like a Python symlink out of it", async () => {
    const dir = folder();
    const app = join(dir, "app");
    write(dir, "secrets.ts", 'export const key = "SECRET";\n');
    write(app, "api/index.ts", 'import { key } from "../../secrets";\nexport const handler = async () => key;\n');
    const [problem, ...rest] = await problems(pkg(nodeApp(app, "./api")));
    expect(rest).toEqual([]);
    expect(problem).toBe(
      `${CODE}: '../../secrets' is ${join(dir, "secrets.ts")}, outside the template's folder (only packages imported by name may be) (index.ts:1:20)`,
    );
    symlinkSync(join(dir, "secrets.ts"), join(app, "linked.py"));
    write(app, "app.py");
    expect(await problems(pkg(pythonApp(app)))).toEqual([`${CODE}: './linked.py' links outside the template's folder`]);
  });

  it("Node.js: packages imported by name come from any node_modules above, a workspace link included", async () => {
    const repo = folder("repo");
    const app = join(repo, "services", "orders");
    write(repo, "node_modules/hoisted/index.js", 'module.exports = require("./impl");\n');
    write(repo, "node_modules/hoisted/impl.js", "module.exports = 'hoisted';\n");
    write(repo, "packages/shared/index.js", 'module.exports = require("./impl") + "!";\n');
    write(repo, "packages/shared/impl.js", "module.exports = 'shared';\n");
    mkdirSync(join(repo, "node_modules", "@org"), { recursive: true });
    symlinkSync(join(repo, "packages", "shared"), join(repo, "node_modules", "@org", "shared"));
    write(app, "api/index.ts", 'import h from "hoisted";\nimport s from "@org/shared";\nexport const handler = async () => [h, s];\n');
    await pkg(nodeApp(app, "./api"));
    const bundle = text(uploaded(), "index.js");
    expect(bundle).toContain("hoisted");
    expect(bundle).toContain("shared");
  });

  it("Python: a requirements.txt naming a file outside (-r, -c, nested) is refused without showing it", async () => {
    const dir = folder();
    const app = join(dir, "app");
    write(dir, "secret.txt", "root:x:0:0:SECRET-LINE\n");
    write(app, "app.py");
    for (const line of [`-r ${join(dir, "secret.txt")}`, "-r ../secret.txt", "--constraint=../secret.txt", "-r more.txt"]) {
      write(app, "requirements.txt", `tabulate==0.9.0\n${line}\n`);
      write(app, "more.txt", "-c ../secret.txt  # nested\n");
      const found = await problems(pkg(pythonApp(app)));
      const file = line === "-r more.txt" ? "more.txt" : "requirements.txt";
      const named = line.replace(/^(-r |--constraint=)/, "").replace("more.txt", "../secret.txt");
      expect(found).toEqual([
        `${CODE}: '${file}' line ${file === "more.txt" ? 1 : 2} has pip read '${named}', outside the template's folder (requirements files must stay inside it)`,
      ]);
      expect(found.join("\n")).not.toContain("SECRET-LINE");
    }
    expect(s3.requests).toEqual([]);
  });

  it.skipIf(!hasPython)("Python: pip quoting a file from outside (its configuration names one) shows none of it", async () => {
    const dir = folder();
    const app = join(dir, "app");
    write(dir, "secret.txt", "root:x:0:0:SECRET-LINE\n");
    write(app, "app.py");
    write(app, "requirements.txt", "tabulate==0.9.0\n");
    vi.stubEnv("PIP_CONSTRAINT", join(dir, "secret.txt"));
    try {
      const found = await problems(pkg(pythonApp(app)));
      expect(found).toEqual([
        `${CODE}: installing './requirements.txt' for python3.13 (x86_64) failed: pip could not read '${join(dir, "secret.txt")}' ` +
          "(outside the template's folder: what pip said about it is not shown)",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// 16. `pareto deploy` without a terminal.

describe("pareto deploy without a terminal and without --yes", () => {
  it("exits 2 before packaging, uploading or creating anything", async () => {
    const dir = folder();
    write(dir, "app.py");
    const template = pythonApp(dir);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const tty = Object.getOwnPropertyDescriptor(process.stdin, "isTTY");
    Object.defineProperty(process.stdin, "isTTY", { value: undefined, configurable: true });
    vi.stubEnv("AWS_ACCESS_KEY_ID", "testing");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "testing");
    vi.stubEnv("AWS_REGION", "us-east-1");
    try {
      const status = await main(["deploy", template, "--stack", "shop", "--bucket", "artifacts", "--endpoint-url", s3.endpoint]);
      expect(status).toBe(2);
      expect(stderr.mock.calls.map((call) => String(call[0])).join("")).toContain(
        "standard input is not a terminal: pass --yes to deploy without confirmation",
      );
      expect(s3.requests).toEqual([]); // no HeadObject, PutObject, CreateChangeSet, nothing
    } finally {
      if (tty) Object.defineProperty(process.stdin, "isTTY", tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
      vi.unstubAllEnvs();
      stderr.mockRestore();
    }
  });
});

// The in-memory build (what the integration test compares with S3) gives the bytes `pareto package` uploads.
it("buildArtifact and the streamed upload give the same bytes", async () => {
  const dir = folder();
  write(dir, "app.py", "x = 1\n");
  write(dir, "data/big.bin", randomBytes(300_000));
  const template = pythonApp(dir);
  await pkg(template);
  const [source] = checkedPlan(read(template), dir).sources;
  expect(Buffer.from(await buildArtifact(source, { exclude: [template] })).equals(s3.objects()[0].body)).toBe(true);
});
