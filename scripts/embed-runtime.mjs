// Bundles each runtime module (src/runtime/*.cjs) into one self-contained string and writes
// src/generated/runtime-code.ts, so generated functions carry real, tested code as `ZipFile`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Export name -> source file. The AWS SDK v3 is left out: the Lambda runtime ships it. */
export const RUNTIME_MODULES = {
  queueBridge: "queue-bridge.cjs",
  tableBridge: "table-bridge.cjs",
  ticker: "ticker.cjs",
  alertsNotifier: "alerts-notifier.cjs",
  customMessage: "custom-message.cjs",
  customAttributes: "custom-attributes.cjs",
  queueBridgeFifo: "queue-bridge-fifo.cjs",
};

/**
 * Export name -> module: the module behind src/runtime/app-bus.cjs, for an app with `bus`
 * (src/expander/bus.ts). A separate bundle, so the plain one above stays byte for byte the same.
 */
export const ON_APP_BUS = {
  queueBridgeOnAppBus: "queue-bridge.cjs",
  queueBridgeFifoOnAppBus: "queue-bridge-fifo.cjs",
  tableBridgeOnAppBus: "table-bridge.cjs",
  customAttributesOnAppBus: "custom-attributes.cjs",
};

async function bundle(file, onAppBus = false) {
  const runtime = join(root, "src", "runtime");
  const entry = onAppBus
    ? {
        stdin: {
          contents: `require("./app-bus.cjs");module.exports=require(${JSON.stringify(`./${file}`)});`,
          resolveDir: runtime,
          loader: "js",
        },
      }
    : { entryPoints: [join(runtime, file)] };
  const result = await build({
    ...entry,
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node22",
    minify: true,
    legalComments: "none",
    external: ["@aws-sdk/*"],
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

/**
 * Export name -> CloudFront Function source (cloudfront-js-2.0, src/generated/cloudfront-code.ts): a plain script whose
 * top-level `handler` CloudFront calls, so it is minified without renaming or wrapping (no bundle, no `module`).
 */
export const CLOUDFRONT_FUNCTIONS = {
  websiteApiRewrite: "website-api-rewrite.cjs",
  websiteSpaRewrite: "website-spa-rewrite.cjs",
};

async function script(file) {
  const source = readFileSync(join(root, "src", "runtime", file), "utf8");
  const result = await transform(source, { loader: "js", minifyWhitespace: true, minifySyntax: true, legalComments: "none" });
  return result.code;
}

async function embedCloudFrontFunctions(out) {
  const entries = [];
  for (const [name, file] of Object.entries(CLOUDFRONT_FUNCTIONS)) entries.push(`  ${name}: ${JSON.stringify(await script(file))},`);
  writeFileSync(
    join(out, "cloudfront-code.ts"),
    `// Generated from src/runtime by scripts/embed-runtime.mjs. Do not edit.\nexport const cloudFrontCode = {\n${entries.join("\n")}\n} as const;\n`,
  );
}

export async function embedRuntime() {
  const entries = [];
  for (const [name, file] of Object.entries(RUNTIME_MODULES)) entries.push(`  ${name}: ${JSON.stringify(await bundle(file))},`);
  for (const [name, file] of Object.entries(ON_APP_BUS)) entries.push(`  ${name}: ${JSON.stringify(await bundle(file, true))},`);
  const out = join(root, "src", "generated");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "runtime-code.ts"),
    `// Generated from src/runtime by scripts/embed-runtime.mjs. Do not edit.\nexport const runtimeCode = {\n${entries.join("\n")}\n} as const;\n`,
  );
  await embedCloudFrontFunctions(out);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await embedRuntime();
