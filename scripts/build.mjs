// Build: compile the DSL schema to standalone validator code, embed the runtime Lambda sources,
// then bundle the macro handler and the CLI. Every output is byte-identical for the same sources.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";
import { compile as schemaToTypes } from "json-schema-to-typescript";
import { embedRuntime } from "./embed-runtime.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generated = join(root, "src", "generated");

/** Maps whose keys are names the user writes (each value a schema), not schema keywords. */
const NAMED_SCHEMAS = new Set(["properties", "$defs", "patternProperties"]);

/**
 * The schema without its editor annotations (`description`, `default`): the validator is compiled
 * `verbose`, so it would otherwise carry every description into the macro bundle, and the expander
 * reads defaults from src/generated/defaults.ts, not from the validator.
 */
function withoutAnnotations(node, namedSchemas = false) {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node)
    .filter(([key]) => namedSchemas || (key !== "description" && key !== "default"))
    .map(([key, value]) => [key, withoutAnnotations(value, !namedSchemas && NAMED_SCHEMAS.has(key))]);
  return Object.fromEntries(entries);
}

function compileSchema() {
  const schema = withoutAnnotations(JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8")));
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

/**
 * The schema as json-schema-to-typescript should see it, so every property's JSDoc is its
 * `description` plus an `@default` tag. Annotations next to a `$ref` would make the tool copy the
 * target into a second type (`Memory1`, ...) that carries the comment; wrapped in a one-member
 * `allOf`, the property keeps the shared type and gets the comment. Types only: validation and
 * editors use the schema as written.
 */
function schemaForTypes(node) {
  if (Array.isArray(node)) return node.map(schemaForTypes);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, schemaForTypes(value)]));
  for (const [name, property] of Object.entries(copy.properties ?? {})) {
    if (property === null || typeof property !== "object" || Array.isArray(property)) continue;
    const { default: value, ...annotated } = property;
    if (value !== undefined)
      annotated.description = [annotated.description, `@default ${JSON.stringify(value)}`].filter(Boolean).join("\n");
    if (annotated.$ref !== undefined && Object.keys(annotated).length > 1) {
      const { $ref, ...rest } = annotated;
      copy.properties[name] = { ...rest, allOf: [{ $ref }] };
    } else copy.properties[name] = annotated;
  }
  return copy;
}

// The DSL's TypeScript types are derived from the schema, so the two cannot drift.
async function deriveTypes() {
  const schema = schemaForTypes(JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8")));
  const types = await schemaToTypes(schema, "ParetoApp", {
    bannerComment: "// Generated from schemas/pareto-app.schema.json by scripts/build.mjs. Do not edit.",
    additionalProperties: false,
    unknownAny: true,
    maxItems: -1,
    format: false,
  });
  writeFileSync(join(generated, "dsl.ts"), types);
}

/** The schema node a local JSON pointer (`/$defs/function/properties/retries`) names. */
function atPointer(schema, pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, part) => node?.[part], schema);
}

/** Where a map entry or list item kind sits in DEFAULTS: its schema title, camelCase, without `Spec`. */
function kindKey(node) {
  const title = node?.title?.replace(/Spec$/, "");
  return title ? title[0].toLowerCase() + title.slice(1) : undefined;
}

/**
 * Every constant `default` of the schema, placed as DEFAULTS_BANNER describes. Returns the nested
 * object and, per dotted path, the JSON pointer of the property that declares the default.
 */
function collectDefaults(schema) {
  const defaults = {};
  const sources = {};
  const record = (path, value, pointer) => {
    if (path.includes(undefined))
      throw new Error(`schema ${pointer}: a map entry or list item with defaults needs a title (it names its place in DEFAULTS)`);
    const key = path.join(".");
    if (sources[key] === pointer) return; // the same definition, reached through a second $ref
    if (sources[key] !== undefined) throw new Error(`DEFAULTS.${key} is declared at ${sources[key]} and at ${pointer}`);
    let scope = defaults;
    path.slice(0, -1).forEach((part, i) => {
      if (sources[path.slice(0, i + 1).join(".")] !== undefined)
        throw new Error(`DEFAULTS.${key} (${pointer}) lies inside another default`);
      scope = scope[part] ??= {};
    });
    if (scope[path.at(-1)] !== undefined) throw new Error(`DEFAULTS.${key} (${pointer}) would replace other defaults`);
    scope[path.at(-1)] = value;
    sources[key] = pointer;
  };
  const visit = (node, pointer, path, depth) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return;
    if (depth > 64) throw new Error(`schema ${pointer}: nested too deeply (a recursive $ref?)`);
    if (typeof node.$ref === "string") {
      if (!node.$ref.startsWith("#/")) throw new Error(`schema ${pointer}: only local $refs are supported`);
      visit(atPointer(schema, node.$ref.slice(1)), node.$ref.slice(1), path, depth + 1);
    }
    for (const keyword of ["anyOf", "oneOf", "allOf"])
      (node[keyword] ?? []).forEach((branch, i) => {
        visit(branch, `${pointer}/${keyword}/${i}`, path, depth + 1);
      });
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      const propertyPointer = `${pointer}/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (property?.default !== undefined) record([...path, name], property.default, propertyPointer);
      visit(property, propertyPointer, [...path, name], depth + 1);
    }
    // The entries of a map and the items of a list are a kind of their own, at the top level.
    for (const keyword of ["additionalProperties", "items"]) {
      const entry = node[keyword];
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) continue;
      const named = typeof entry.$ref === "string" ? atPointer(schema, entry.$ref.slice(1)) : entry;
      visit(entry, `${pointer}/${keyword}`, [kindKey(named)], depth + 1);
    }
  };
  visit(schema, "", [], 0);
  return { defaults, sources };
}

const DEFAULTS_BANNER = `// Generated from schemas/pareto-app.schema.json by scripts/build.mjs. Do not edit.

/**
 * Every constant \`default\` of the DSL schema, in one object shaped like the DSL:
 *
 * - a setting of the app is at its DSL path: \`DEFAULTS.memory\`, \`DEFAULTS.table.stream.batchSize\`;
 * - a setting of a map entry or list item (a queue, a function, a table key, ...) is under that kind
 *   at the top level, named by its schema title in camelCase without \`Spec\`: \`DEFAULTS.queue.maxReceiveCount\`
 *   (\`queues.<q>\`), \`DEFAULTS.function.retries\` and \`DEFAULTS.function.consume.startingPosition\`
 *   (\`functions.<f>\`), \`DEFAULTS.tableKey.type\` (a key of the table or of an index).
 *
 * Defaults computed from other settings are not here; the schema's descriptions say how they are
 * found (a function's \`memory\`: the app's \`memory\`, else \`DEFAULTS.memory\`; a queue's
 * \`visibilityTimeout\`: 6 x the timeout of the function reading it).
 */
`;

const isIdentifier = (key) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);

/** A value as TypeScript source: objects one key a line, arrays of scalars on one line. */
function literal(value, indent = "") {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object"))
      return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const inner = `${indent}  `;
    const lines = Object.entries(value).map(
      ([key, item]) => `${inner}${isIdentifier(key) ? key : JSON.stringify(key)}: ${literal(item, inner)},`,
    );
    return lines.length ? `{\n${lines.join("\n")}\n${indent}}` : "{}";
  }
  return JSON.stringify(value);
}

// The expander reads its defaults from the schema, through this one generated module.
function deriveDefaults() {
  const schema = JSON.parse(readFileSync(join(root, "schemas", "pareto-app.schema.json"), "utf8"));
  const { defaults, sources } = collectDefaults(schema);
  writeFileSync(
    join(generated, "defaults.ts"),
    `${DEFAULTS_BANNER}export const DEFAULTS = ${literal(defaults)} as const;\n\n` +
      "export type Defaults = typeof DEFAULTS;\n\n" +
      "/** Where each default is declared: its dotted path in DEFAULTS -> the JSON pointer of its property in the schema. */\n" +
      `export const DEFAULT_SOURCES = ${literal(sources)} as const;\n`,
  );
}

/** Text files the code ships as strings (so the bundles carry them): export name -> path. */
const TEXTS = { starterTemplate: "src/cli/starter/template.yaml", layerBuildspec: "src/runtime/layer-buildspec.yml" };

function embedTexts() {
  const lines = Object.entries(TEXTS).map(
    ([name, path]) => `export const ${name} = ${JSON.stringify(readFileSync(join(root, path), "utf8"))};`,
  );
  writeFileSync(join(generated, "texts.ts"), `// Generated by scripts/build.mjs. Do not edit.\n${lines.join("\n")}\n`);
}

mkdirSync(generated, { recursive: true });
compileSchema();
deriveDefaults();
embedTexts();
await deriveTypes();
await embedRuntime();
// The package is an ES module; the Lambda bundle is CommonJS, hence .cjs for local use (tests, bench).
// The Lambda runtime ships the AWS SDK (template.yaml marks it external for `sam build` too).
await bundle("src/macro/handler.ts", "dist/macro/index.cjs", { format: "cjs", sourcemap: false, external: ["@aws-sdk/*"] });
// The yaml library's ES module build (its `browser` build: the same code). Bundled, it is scope-hoisted and
// tree-shaken instead of wrapped module by module as its CommonJS build is, which halves its load time.
const yamlModule = join(dirname(createRequire(import.meta.url).resolve("yaml/package.json")), "browser", "index.js");

// The CLI is split: dist/cli.mjs holds argument parsing and help, each command (and what it alone needs)
// is a chunk in dist/chunks/ that main.ts imports when that command runs, so start-up reads and compiles
// only what the command uses. Chunk names are content hashes: stale ones from earlier builds are removed
// after the build (never before: another build or test may be reading the current ones).
const YAML_PARSER = "yaml-parser.cjs";
const cli = await build({
  entryPoints: { cli: join(root, "src/cli/bin.ts") },
  absWorkingDir: root, // metafile paths are relative to it
  outdir: join(root, "dist"),
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  metafile: true,
  bundle: true,
  platform: "node",
  target: "node22",
  format: "esm",
  // Less to read and compile at each start; identifiers stay, so a stack trace still names its functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["esbuild", "@aws-sdk/*", "mermaid"],
  alias: { yaml: yamlModule },
  // src/cli/yaml.ts loads the YAML parser only for a template that is not JSON, synchronously: from this file.
  define: { PARETO_YAML_BUNDLE: JSON.stringify(`./${YAML_PARSER}`) },
  // CommonJS dependencies bundled into an ES module still call require().
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
});
const chunks = join(root, "dist", "chunks");
// PARETO_YAML_BUNDLE is relative to the chunk holding src/cli/yaml.ts, which must then be in dist/chunks.
const yamlChunk = Object.entries(cli.metafile.outputs).find(([, output]) => output.inputs["src/cli/yaml.ts"])?.[0];
if (!yamlChunk || dirname(resolve(root, yamlChunk)) !== chunks)
  throw new Error(`src/cli/yaml.ts is bundled into ${yamlChunk}, not dist/chunks/`);
await build({
  stdin: { contents: 'export { parseDocument } from "yaml";', resolveDir: root, sourcefile: "yaml-parser.js" },
  outfile: join(chunks, YAML_PARSER),
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  alias: { yaml: yamlModule },
});
const written = new Set([...Object.keys(cli.metafile.outputs).map((output) => resolve(root, output)), join(chunks, YAML_PARSER)]);
for (const name of readdirSync(chunks)) if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
