/** Sources checked against a real folder on disk: paths, symlinks, handler modules. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planPackaging } from "../../src/package/plan.js";
import { resolveSources, type Source } from "../../src/package/source.js";

const APP = "Resources.App.Properties";
let root: string; // holds `app/` (the template's folder) and `elsewhere/`
let app: string;

function write(path: string, content = "") {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "pareto-source-"));
  app = join(root, "app");
  write(join(app, "api/src/orders.ts"), "export const create = 1;");
  write(join(app, "api/src/quote.mjs"), "export const handler = 1;");
  write(join(app, "single.ts"), "export const handler = 1;");
  write(join(app, "py/receipt.py"));
  write(join(app, "py/pkg/mod/__init__.py"));
  write(join(app, "py/requirements.txt"), "tabulate==0.9.0\n");
  write(join(app, "plain/app.py"));
  write(join(root, "elsewhere/secret.ts"), "export const handler = 1;");
  symlinkSync(join(root, "elsewhere"), join(app, "linked"));
  symlinkSync(join(root, "elsewhere/secret.ts"), join(app, "api/src/leak.ts"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function resolve(functions: Record<string, unknown>) {
  const planned = planPackaging({ Resources: { App: { Type: "Pareto::App", Properties: { functions } } } });
  if (!planned.ok) throw new Error(planned.errors.join("\n"));
  return resolveSources(planned.plan, app);
}

function sources(functions: Record<string, unknown>): Source[] {
  const result = resolve(functions);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.sources;
}

function errors(functions: Record<string, unknown>): string[] {
  const result = resolve(functions);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("resolveSources", () => {
  it("finds each Node handler's module, whatever its extension", () => {
    const [api] = sources({ a: { handler: "src/orders.create", code: "./api" }, b: { handler: "src/quote.handler", code: "./api" } });
    expect(api.entries.map((entry) => [entry.module, entry.file.slice(api.root.length)])).toEqual([
      ["src/orders", "/src/orders.ts"],
      ["src/quote", "/src/quote.mjs"],
    ]);
  });

  it("takes a file as the Node handler's module", () => {
    const [single] = sources({ a: { handler: "src/single.handler", code: "./single.ts" } });
    expect(single.entries).toEqual([{ module: "src/single", file: join(single.root, "single.ts") }]);
  });

  it("checks Python modules (file or package) and notes requirements.txt", () => {
    const [py, plain] = sources({
      a: { handler: "receipt.handler", runtime: "python3.13", code: "./py" },
      b: { handler: "pkg.mod.handler", runtime: "python3.13", code: "./py" },
      c: { handler: "app.handler", runtime: "python3.13", code: "./plain" },
    });
    expect(py.requirements).toBe(join(py.root, "requirements.txt"));
    expect(plain.requirements).toBeUndefined();
  });

  it("reports a missing path, a missing module, a Python file and links outside the template's folder", () => {
    expect(
      errors({
        gone: { handler: "index.handler", code: "./gone" },
        nomodule: { handler: "src/nothing.handler", code: "./api" },
        pyfile: { handler: "receipt.handler", runtime: "python3.13", code: "./py/receipt.py" },
        linked: { handler: "secret.handler", code: "./linked" },
        leak: { handler: "src/leak.handler", code: "./api" },
      }),
    ).toEqual([
      `${APP}.functions.gone.code: './gone' does not exist (looked for ${join(app, "gone")})`,
      `${APP}.functions.nomodule.handler: module 'src/nothing' not found in './api' (looked for src/nothing.ts, src/nothing.mts, src/nothing.cts, src/nothing.js, src/nothing.mjs, src/nothing.cjs)`,
      `${APP}.functions.leak.handler: 'src/leak' links outside the template's folder`,
      `${APP}.functions.pyfile.code: './py/receipt.py' is a file; Python code must be a folder`,
      `${APP}.functions.linked.code: './linked' is outside the template's folder; local code must be inside it`,
    ]);
  });
});
