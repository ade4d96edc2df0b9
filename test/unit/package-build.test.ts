/** The builders on small folders: what goes into the zip, and the errors users see. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNode } from "../../src/package/build-node.js";
import { buildPython, pipArguments } from "../../src/package/build-python.js";
import { PackageError } from "../../src/package/errors.js";
import { planPackaging } from "../../src/package/plan.js";
import { resolveSources, type Source } from "../../src/package/source.js";
import type { ZipFile } from "../../src/package/zip.js";

const APP = "Resources.App.Properties";
let root: string;

function write(path: string, content = "") {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "pareto-build-"));
  write("api/src/lib/total.ts", "export const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);\n");
  write(
    "api/src/orders.ts",
    'import { total } from "./lib/total";\nexport const create = async (e: { xs: number[] }) => ({ total: total(e.xs) });\nexport function list() { return []; }\n',
  );
  write("api/src/store.ts", 'import { S3Client } from "@aws-sdk/client-s3";\nexport const handler = async () => typeof S3Client;\n');
  write("api/src/legacy.js", "exports.handler = async () => 'legacy';\n");
  write("api/src/broken.ts", "export const handler = (;\n");
  write("py/app.py", "def handler(event, context):\n    return 1\n");
  write("py/sub/data.json", "{}");
  write("py/stale.pyc", "x");
  write("py/__pycache__/app.cpython-311.pyc", "x");
  write("outside/secret.txt", "secret");
  write("pylink/app.py");
  symlinkSync(join(root, "outside/secret.txt"), join(root, "pylink/secret.txt"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The one artifact of these functions, resolved with `templateDir` as the template's folder. */
function source(functions: Record<string, unknown>, templateDir = root): Source {
  const planned = planPackaging({ Resources: { App: { Type: "Pareto::App", Properties: { functions } } } });
  if (!planned.ok) throw new Error(planned.errors.join("\n"));
  const resolved = resolveSources(planned.plan, templateDir);
  if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
  return resolved.sources[0];
}

const names = (files: Array<{ name: string }>) => files.map((file) => file.name).sort();
const textOf = (files: ZipFile[], name: string) => new TextDecoder().decode(files.find((file) => file.name === name)?.data);

async function problems(build: Promise<unknown>): Promise<string[]> {
  const error = await build.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PackageError)) throw new Error(`expected a PackageError, got ${String(error)}`);
  return error.problems;
}

describe("buildNode", () => {
  it("bundles each handler module into <module>.js, imports inlined, the AWS SDK left out", async () => {
    const files = await buildNode(
      source({
        create: { handler: "src/orders.create", code: "./api" },
        legacy: { handler: "src/legacy.handler", code: "./api" },
        store: { handler: "src/store.handler", code: "./api" },
      }),
      { sourcemap: false },
    );
    expect(names(files)).toEqual(["src/legacy.js", "src/orders.js", "src/store.js"]);
    expect(textOf(files, "src/store.js")).toMatch(/require\("@aws-sdk\/client-s3"\)/);
    const out = mkdtempSync(join(tmpdir(), "pareto-bundle-"));
    try {
      for (const file of files) {
        mkdirSync(dirname(join(out, file.name)), { recursive: true });
        writeFileSync(join(out, file.name), file.data);
      }
      const script = `require(${JSON.stringify(join(out, "src/orders.js"))}).create({ xs: [1, 2, 3] }).then((r) => process.stdout.write(JSON.stringify(r)))`;
      expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }))).toEqual({ total: 6 });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("writes source maps when asked", async () => {
    const files = await buildNode(source({ create: { handler: "src/orders.create", code: "./api" } }), { sourcemap: true });
    expect(names(files)).toEqual(["src/orders.js", "src/orders.js.map"]);
    expect(JSON.parse(textOf(files, "src/orders.js.map")).sources.sort()).toEqual(["lib/total.ts", "orders.ts"]);
  });

  it("reports an export an ESM module lacks; a CommonJS module's exports are not checked", async () => {
    expect(
      await problems(
        buildNode(
          source({
            typo: { handler: "src/orders.craete", code: "./api" },
            cjs: { handler: "src/legacy.anything", code: "./api" },
          }),
          { sourcemap: false },
        ),
      ),
    ).toEqual([`${APP}.functions.typo.handler: module 'src/orders' has no export 'craete' (it exports create, list)`]);
  });

  it("reports esbuild's errors with their location", async () => {
    const [problem] = await problems(buildNode(source({ broken: { handler: "src/broken.handler", code: "./api" } }), { sourcemap: false }));
    expect(problem).toMatch(/^Resources\.App\.Properties\.functions\.broken\.code: .+ \(src\/broken\.ts:1:\d+\)$/);
  });
});

describe("buildPython (no requirements.txt)", () => {
  const python = (code: string) => ({ fn: { handler: "app.handler", runtime: "python3.13", code } });

  it("takes the folder's files, without bytecode", async () => {
    const files = await buildPython(source(python("./py")), { work: root });
    expect(names(files)).toEqual(["app.py", "sub/data.json"]);
  });

  it("refuses a file that links outside the template's folder", async () => {
    expect(await problems(buildPython(source(python("."), join(root, "pylink")), { work: root }))).toEqual([
      `${APP}.functions.fn.code: './secret.txt' links outside the template's folder`,
    ]);
  });
});

describe("pipArguments", () => {
  it("asks pip for wheels matching the runtime's Python version and architecture, without bytecode", () => {
    const arm = source({ fn: { handler: "app.handler", runtime: "python3.12", architecture: "arm64", code: "./py" } });
    expect(pipArguments(arm, "/src/requirements.txt", "/tmp/target").join(" ")).toBe(
      "-m pip install --quiet --disable-pip-version-check --no-input --no-compile --target /tmp/target -r /src/requirements.txt " +
        "--platform manylinux2014_aarch64 --platform manylinux_2_28_aarch64 --only-binary=:all: --python-version 3.12 --implementation cp",
    );
  });
});
