/**
 * Hostile and careless input to the `pareto` binary, run as users run it (`node bin/pareto.mjs` in a
 * child process, on the bundle `npm run build` wrote): the exact exit code and message of each case, and
 * never an internal error. Input files are in test/hostile/cli/; cases that write get a fresh folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/output.js";
import { why } from "../../src/cli/files.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "pareto.mjs");
const BUNDLE = join(ROOT, "dist", "cli.mjs");
const CORPUS = join(import.meta.dirname, "cli");
const HELLO_PATH = join(ROOT, "examples", "hello", "template.yaml");
const HELLO = readFileSync(HELLO_PATH, "utf8");

/** Every source file under `dir`, for the staleness check. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );

beforeAll(() => {
  // These cases test the bundle: one older than the CLI's sources would test code that is no longer there.
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  const newer = sources(join(ROOT, "src", "cli")).filter((file) => statSync(file).mtimeMs > built);
  if (newer.length) throw new Error(`dist/cli.mjs is missing or older than ${newer[0]}: run \`npm run build\` first (npm test does)`);
});

/**
 * Runs the CLI, by default in a fresh empty folder (whatever a broken build writes lands there); no case
 * in this corpus may end in an internal error, so every run checks that too.
 */
function pareto(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "pareto-hostile-")),
    input: options.input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 30_000,
  });
  expect(result.stderr, "internal error").not.toContain("internal error");
  expect(result.status).not.toBe(EXIT.internal);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder holding a copy of examples/hello as t.yaml. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "pareto-hostile-"));
  writeFileSync(join(dir, "t.yaml"), HELLO);
  return dir;
}

const corpus = (name: string) => join(CORPUS, name);
/** The line after an error in the command line itself, as docs/cli.md lists the commands. */
const USAGE: Record<string, string> = {
  init: "pareto init [dir] [--force]",
  validate: "pareto validate <template> [--strict] [--json]",
  expand: "pareto expand <template> [-o out.json | --out-dir DIR] [--strict] [--json] [--package-dry-run]",
  graph: "pareto graph <template> [--html out.html] [-o out.mmd]",
  package: "pareto package <template> --bucket B [--prefix P] [-o out] [--endpoint-url URL] [--sourcemap]",
  deploy: "pareto deploy <template> --stack NAME [--param K=V]... [--bucket B] [--prefix P] [--yes] [--endpoint-url URL] [--region R]",
  schema: "pareto schema [--app]",
};
const usageLine = (command: string) => `usage: ${USAGE[command]}`;

describe("7. an output that is the template is refused, nothing written", () => {
  /** The absolute path of t.yaml, spelt through its own folder's parent. */
  const roundabout = (dir: string) => [dir, "..", basename(dir), "t.yaml"].join(sep); // not join(): it would drop the ..
  const refusals: [string, (dir: string) => string[], (dir: string) => string][] = [
    ["expand -o t.yaml", () => ["expand", "t.yaml", "-o", "t.yaml"], () => "--output 't.yaml' is the template 't.yaml'"],
    ["expand -o ./t.yaml", () => ["expand", "t.yaml", "-o", "./t.yaml"], () => "--output './t.yaml' is the template 't.yaml'"],
    [
      "expand --output=<absolute, through ..>",
      (dir) => ["expand", "./t.yaml", `--output=${roundabout(dir)}`],
      (dir) => `--output '${roundabout(dir)}' is the template './t.yaml'`,
    ],
    ["expand -o <symlink to it>", () => ["expand", "t.yaml", "-o", "link.yaml"], () => "--output 'link.yaml' is the template 't.yaml'"],
    [
      "expand <symlink> -o <hard link>",
      () => ["expand", "link.yaml", "-o", "hard.yaml"],
      () => "--output 'hard.yaml' is the template 'link.yaml'",
    ],
    ["graph --html t.yaml", () => ["graph", "t.yaml", "--html", "t.yaml"], () => "--html 't.yaml' is the template 't.yaml'"],
    [
      "graph --html other -o ./t.yaml",
      () => ["graph", "t.yaml", "--html", "page.html", "-o", "./t.yaml"],
      () => "--output './t.yaml' is the template 't.yaml'",
    ],
    ["package -o t.yaml", () => ["package", "t.yaml", "--bucket", "b", "-o", "t.yaml"], () => "--output 't.yaml' is the template 't.yaml'"],
  ];

  it.each(refusals)("%s: exit 2", (_, args, message) => {
    const dir = workspace();
    symlinkSync("t.yaml", join(dir, "link.yaml"));
    linkSync(join(dir, "t.yaml"), join(dir, "hard.yaml"));
    const result = pareto(args(dir), { cwd: dir });
    expect(result).toEqual({ status: EXIT.usage, stdout: "", stderr: `error: ${message(dir)}; write to another file\n` });
    expect(readFileSync(join(dir, "t.yaml"), "utf8")).toBe(HELLO);
    expect(existsSync(join(dir, "page.html"))).toBe(false);
  });

  it("with --json, the refusal is JSON on stdout", () => {
    const dir = workspace();
    const result = pareto(["expand", "t.yaml", "-o", "t.yaml", "--json"], { cwd: dir });
    expect(result.status).toBe(EXIT.usage);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      errors: ["--output 't.yaml' is the template 't.yaml'; write to another file"],
      warnings: [],
    });
    expect(readFileSync(join(dir, "t.yaml"), "utf8")).toBe(HELLO);
  });

  it("another existing file is still overwritten as asked", () => {
    const dir = workspace();
    writeFileSync(join(dir, "out.json"), "old");
    expect(pareto(["expand", "t.yaml", "-o", "out.json"], { cwd: dir }).status).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).AWSTemplateFormatVersion).toBe("2010-09-09");
  });
});

describe("8. an output that cannot be written: `cannot write '<path>': <why>`, exit 2", () => {
  const cases: [string, string[], string][] = [
    [
      "expand -o into a missing folder",
      ["expand", "t.yaml", "-o", "missing/out.json"],
      "cannot write 'missing/out.json': no such directory",
    ],
    ["expand -o onto a directory", ["expand", "t.yaml", "-o", "folder"], "cannot write 'folder': is a directory"],
    [
      "expand -o under a regular file",
      ["expand", "t.yaml", "-o", "t.yaml/out.json"],
      "cannot write 't.yaml/out.json': a folder on the path is a file",
    ],
    [
      "graph --html into a missing folder",
      ["graph", "t.yaml", "--html", "missing/g.html"],
      "cannot write 'missing/g.html': no such directory",
    ],
    ["graph -o onto a directory", ["graph", "t.yaml", "-o", "folder"], "cannot write 'folder': is a directory"],
  ];

  it.each(cases)("%s", (_, args, message) => {
    const dir = workspace();
    mkdirSync(join(dir, "folder"));
    const result = pareto(args, { cwd: dir });
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: ${message}\n`);
    expect(result.stdout).toBe("");
    expect(readFileSync(join(dir, "t.yaml"), "utf8")).toBe(HELLO);
  });

  // Tests run as root here, who may write a read-only file: the reason is checked on the error itself.
  it("a permission error reads 'permission denied'", () => {
    for (const code of ["EACCES", "EPERM"])
      expect(why(Object.assign(new Error(`${code}: operation not permitted, open 'x'`), { code }), "no such file")).toBe(
        "permission denied",
      );
  });

  it("init onto a regular file", () => {
    const dir = workspace();
    const result = pareto(["init", "t.yaml"], { cwd: dir });
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: cannot write '${join(dir, "t.yaml")}': is a file, not a directory\n`);
    expect(readFileSync(join(dir, "t.yaml"), "utf8")).toBe(HELLO);
  });

  it("init into a folder under a regular file", () => {
    const dir = workspace();
    const result = pareto(["init", "t.yaml/app"], { cwd: dir });
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: cannot write '${join(dir, "t.yaml", "app")}': a folder on the path is a file\n`);
  });

  it("with --json, the failure is JSON on stdout", () => {
    const dir = workspace();
    const result = pareto(["expand", "t.yaml", "-o", "missing/out.json", "--json"], { cwd: dir });
    expect(result.status).toBe(EXIT.usage);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: ["cannot write 'missing/out.json': no such directory"], warnings: [] });
  });
});

describe("9. YAML: alias bombs, unknown tags and aliases are YAML errors, exit 2", () => {
  const bomb = corpus("alias-bomb.yaml");
  const bombError = `${bomb}: YAML aliases expand past the limit (1000 aliased nodes)`;

  it.each(["validate", "expand", "graph"])("%s stops an alias bomb quickly", (command) => {
    const started = performance.now();
    const result = pareto([command, bomb]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: ${bombError}\n`);
  });

  it.each(["validate", "expand"])("%s --json reports an alias bomb as JSON", (command) => {
    const result = pareto([command, bomb, "--json"]);
    expect(result.status).toBe(EXIT.usage);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: [bombError], warnings: [] });
    expect(result.stderr).toBe("");
  });

  it("names an unknown tag on a scalar, with its line and column", () => {
    const path = corpus("unknown-tag.yaml");
    const result = pareto(["validate", path]);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(
      `error: ${path}:9:19: unknown tag '!Foo' (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !If, ...)\n`,
    );
  });

  it("names an unknown tag on a mapping, also with --json", () => {
    const path = corpus("unknown-tag-collection.yaml");
    const result = pareto(["expand", path, "--json"]);
    expect(result.status).toBe(EXIT.usage);
    expect(JSON.parse(result.stdout).errors).toEqual([
      `${path}:5:17: unknown tag '!Pareto' (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !If, ...)`,
    ]);
  });

  it("reports an alias without its anchor", () => {
    const path = corpus("undefined-alias.yaml");
    const result = pareto(["validate", path]);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: ${path}: alias '*app' has no anchor '&app' before it\n`);
  });

  it("a syntax error gives its position once", () => {
    const result = pareto(["validate", "-"], { input: "Resources:\n  App: [unclosed\n" });
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/^error: <stdin>:\d+:\d+: [^\n]*\]\n$/);
  });

  it("keeps every CloudFormation short form working", () => {
    const result = pareto(["expand", corpus("short-forms.yaml")]);
    expect(result.stderr).not.toContain("error");
    expect(result.status).toBe(EXIT.ok);
    const functions = ["And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "GetAtt", "If", "ImportValue", "Join", "Length"]
      .concat(["Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform"])
      .map((name) => `"Fn::${name}"`);
    for (const form of [...functions, '"Ref"', '"Condition"']) expect(result.stdout).toContain(form);
  });
});

describe("10. arguments", () => {
  it.each([
    ["init", ["init", "a", "b"], "b"],
    ["validate", ["validate", HELLO_PATH, "extra"], "extra"],
    ["expand", ["expand", HELLO_PATH, "out.json"], "out.json"],
    ["graph", ["graph", HELLO_PATH, "g.html"], "g.html"],
    ["package", ["package", HELLO_PATH, "extra", "--bucket", "b"], "extra"],
    ["deploy", ["deploy", HELLO_PATH, "extra", "--stack", "s"], "extra"],
    ["schema", ["schema", "app"], "app"],
  ])("%s refuses an extra positional argument", (command, args, extra) => {
    const result = pareto(args);
    expect(result).toEqual({ status: EXIT.usage, stdout: "", stderr: `error: unexpected argument '${extra}'\n${usageLine(command)}\n` });
  });

  it.each([
    [["validate", HELLO_PATH, "--strcit"], "unknown option '--strcit'; did you mean --strict?"],
    [["expand", HELLO_PATH, "--outptu", "x.json"], "unknown option '--outptu'; did you mean --output?"],
    [["package", HELLO_PATH, "--bucket", "b", "--endpoint", "http://x"], "unknown option '--endpoint'; did you mean --endpoint-url?"],
    [["schema", "--ap"], "unknown option '--ap'; did you mean --app?"],
    [["validate", HELLO_PATH, "-o", "x.json"], "unknown option '-o'"],
    [["validate", HELLO_PATH, "--strict=false"], "--strict takes no value"],
    [["expand", HELLO_PATH, "-o", "--strict"], "--output needs a value"],
  ])("%j: exit 2", (args, message) => {
    expect(pareto(args)).toEqual({ status: EXIT.usage, stdout: "", stderr: `error: ${message}\n${usageLine(args[0])}\n` });
  });

  it("suggests the command a typo was near", () => {
    expect(pareto(["expnad", "t.yaml"])).toEqual({
      status: EXIT.usage,
      stdout: "",
      stderr: "error: unknown command 'expnad'; did you mean `pareto expand`?\n",
    });
    expect(pareto(["explode"]).stderr).toBe("error: unknown command 'explode'; run `pareto --help`\n");
  });

  it.each([
    ["unknown option", ["validate", HELLO_PATH, "--strcit", "--json"], "unknown option '--strcit'; did you mean --strict?"],
    ["an option the command does not take", ["graph", HELLO_PATH, "--json"], "unknown option '--json'"],
    ["unreadable file", ["expand", "missing.yaml", "--json"], "cannot read 'missing.yaml': no such file"],
    ["missing template", ["validate", "--json"], "give the template file (or - for standard input), e.g. `pareto expand template.yaml`"],
    ["unknown command", ["explode", "--json"], "unknown command 'explode'; run `pareto --help`"],
  ])("with --json, a usage error (%s) is JSON on stdout", (_, args, message) => {
    const result = pareto(args);
    expect(result.status).toBe(EXIT.usage);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: [message], warnings: [] });
    expect(result.stderr).not.toContain("error:");
  });

  it("reads the template from standard input for -", () => {
    expect(pareto(["validate", "-"], { input: HELLO })).toEqual({ status: EXIT.ok, stdout: "", stderr: "ok: 54 resources\n" });
    const expanded = pareto(["expand", "-"], { input: HELLO });
    expect(expanded.status).toBe(EXIT.ok);
    expect(expanded.stdout).toBe(pareto(["expand", HELLO_PATH]).stdout);
    expect(pareto(["graph", "-"], { input: HELLO }).stdout).toMatch(/^flowchart /);
  });

  it("- reads local code relative to the working folder", () => {
    const dir = corpus("local-code");
    const result = pareto(["expand", "-", "--package-dry-run"], { cwd: dir, input: readFileSync(join(dir, "template.yaml"), "utf8") });
    expect(result.stderr).toContain("code  nodejs24.x");
    expect(result.status).toBe(EXIT.ok);
  });

  it.each([
    ["a missing file", ["validate", "missing.yaml"], "cannot read 'missing.yaml': no such file"],
    ["a directory", ["validate", "folder"], "cannot read 'folder': is a directory"],
    ["a path under a file", ["expand", "t.yaml/template.yaml"], "cannot read 't.yaml/template.yaml': a folder on the path is a file"],
  ])("says why it cannot read %s", (_, args, message) => {
    const dir = workspace();
    mkdirSync(join(dir, "folder"));
    expect(pareto(args, { cwd: dir })).toEqual({ status: EXIT.usage, stdout: "", stderr: `error: ${message}\n` });
  });

  it.each([
    ["package", ["package", corpus("local-code/template.yaml"), "--bucket", "b", "--endpoint-url", "not a url"], "not a url"],
    ["package", ["package", corpus("local-code/template.yaml"), "--bucket", "b", "--endpoint-url=ftp://127.0.0.1"], "ftp://127.0.0.1"],
    [
      "deploy",
      ["deploy", corpus("local-code/template.yaml"), "--stack", "s", "--bucket", "b", "--yes", "--endpoint-url", "localhost"],
      "localhost",
    ],
  ])("%s refuses an invalid --endpoint-url before building anything", (command, args, url) => {
    const result = pareto(args);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toBe(`error: --endpoint-url '${url}' is not an http(s) URL, e.g. http://127.0.0.1:5055\n${usageLine(command)}\n`);
    expect(result.stderr).not.toContain("building");
  });

  it("init refuses to overwrite an existing schema file without --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "pareto-hostile-"));
    writeFileSync(join(dir, "pareto.schema.json"), "{}\n");
    const refused = pareto(["init", dir]);
    expect(refused).toEqual({
      status: EXIT.usage,
      stdout: "",
      stderr: `error: ${join(dir, "pareto.schema.json")} exists; use --force to overwrite it\n`,
    });
    expect(readFileSync(join(dir, "pareto.schema.json"), "utf8")).toBe("{}\n");
    expect(existsSync(join(dir, "template.yaml"))).toBe(false);
    expect(pareto(["init", dir, "--force"]).status).toBe(EXIT.ok);
    expect(readFileSync(join(dir, "pareto.schema.json"), "utf8")).not.toBe("{}\n");
  });

  it("init names both files when both exist", () => {
    const dir = workspace();
    expect(pareto(["init", dir]).status).toBe(EXIT.ok);
    const path = (name: string) => join(dir, name);
    expect(pareto(["init", dir]).stderr).toBe(
      `error: ${path("template.yaml")} and ${path("pareto.schema.json")} exist; use --force to overwrite them\n`,
    );
  });

  it("a command's --help prints its usage", () => {
    expect(pareto(["expand", "--help"])).toEqual({
      status: EXIT.ok,
      stdout: "usage: pareto expand <template> [-o out.json | --out-dir DIR] [--strict] [--json] [--package-dry-run]\n",
      stderr: "",
    });
  });
});

describe("exit codes and crashes", () => {
  it("--help lists every exit code the CLI uses", () => {
    const help = pareto(["--help"]);
    expect(help.status).toBe(EXIT.ok);
    const listed = [...help.stdout.split("Exit codes:\n")[1].matchAll(/^ {2}(\d+) +\S/gm)].map((match) => Number(match[1]));
    expect(listed).toEqual(Object.values(EXIT));
  });

  it("a reader that stops early is not a crash: the run keeps its exit code", () => {
    // The expansion (~100 KB) outgrows the pipe's buffer, so writing fails with EPIPE once head has gone.
    const script = `"${process.execPath}" "${BIN}" expand "${HELLO_PATH}" | head -c 1 >/dev/null; echo "$\{PIPESTATUS[0]}"`;
    const result = spawnSync("bash", ["-c", script], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${EXIT.ok}\n`);
  });

  it("a mapping without Resources is not a crash", () => {
    // Whether such a file is valid is the expander's to say (today: 0 resources); the CLI must not crash counting them.
    const result = pareto(["validate", corpus("no-resources.yaml")]);
    expect([EXIT.ok, EXIT.invalid]).toContain(result.status);
  });
});
