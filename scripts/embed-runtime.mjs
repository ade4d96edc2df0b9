// Bundles each runtime module (src/runtime/*.cjs) into one self-contained string and writes
// src/generated/runtime-code.ts, so generated functions carry real, tested code as `ZipFile`.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Export name -> source file. The AWS SDK v3 is left out: the Lambda runtime ships it. */
export const RUNTIME_MODULES = {
  queueBridge: "queue-bridge.cjs",
  tableBridge: "table-bridge.cjs",
  ticker: "ticker.cjs",
  alertsNotifier: "alerts-notifier.cjs",
  customMessage: "custom-message.cjs",
  customAttributes: "custom-attributes.cjs",
};

async function bundle(file) {
  const result = await build({
    entryPoints: [join(root, "src", "runtime", file)],
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

export async function embedRuntime() {
  const entries = [];
  for (const [name, file] of Object.entries(RUNTIME_MODULES)) entries.push(`  ${name}: ${JSON.stringify(await bundle(file))},`);
  const out = join(root, "src", "generated");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "runtime-code.ts"),
    `// Generated from src/runtime by scripts/embed-runtime.mjs. Do not edit.\nexport const runtimeCode = {\n${entries.join("\n")}\n} as const;\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await embedRuntime();
