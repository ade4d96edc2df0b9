// Build: compile the DSL schema to standalone validator code, embed the runtime Lambda sources,
// then bundle the macro handler and the CLI. Every output is byte-identical for the same sources.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";
import { compile as schemaToTypes } from "json-schema-to-typescript";
import { embedRuntime } from "./embed-runtime.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generated = join(root, "src", "generated");

function compileSchema() {
  const schema = JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8"));
  // verbose: errors carry their parent schema, whose `x-message` annotation renders them.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    code: { source: true, esm: true, lines: false },
  });
  ajv.addVocabulary(["x-message"]);
  const validate = ajv.compile(schema);
  // Standalone ESM still `require`s ajv's runtime helpers: turn those into imports.
  const imports = [];
  const code = standaloneCode(ajv, validate).replace(/require\("([^"]+)"\)\.default/g, (_, module) => {
    const name = `runtime${imports.length}`;
    // CommonJS modules with an `exports.default`: the interop shape differs between bundlers.
    imports.push(`import * as ${name}Module from "${module}.js";\nconst ${name} = ${name}Module.default.default ?? ${name}Module.default;`);
    return `runtime${imports.length - 1}`;
  });
  writeFileSync(join(generated, "app-validator.js"), `${imports.join("\n")}\n${code}`);
  writeFileSync(
    join(generated, "app-validator.d.ts"),
    'import type { ErrorObject } from "ajv";\n' +
      "declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };\n" +
      "export default validate;\n",
  );
}

async function bundle(entry, outfile, extra = {}) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: "node",
    target: "node22",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    ...extra,
  });
}

// The DSL's TypeScript types are derived from the schema, so the two cannot drift.
async function deriveTypes() {
  const schema = JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8"));
  const types = await schemaToTypes(schema, "ParetoApp", {
    bannerComment: "// Generated from schemas/pareto-app.schema.json by scripts/build.mjs. Do not edit.",
    additionalProperties: false,
    unknownAny: true,
    maxItems: -1,
    format: false,
  });
  writeFileSync(join(generated, "dsl.ts"), types);
}

mkdirSync(generated, { recursive: true });
compileSchema();
await deriveTypes();
await embedRuntime();
await bundle("src/macro/handler.ts", "dist/macro/index.js", { format: "cjs", sourcemap: false });
await bundle("src/cli/bin.ts", "dist/cli.mjs", {
  format: "esm",
  minify: false,
  external: ["esbuild", "@aws-sdk/*"],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
