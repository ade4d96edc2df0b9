/** Entry point of the `pareto` binary. */
import { main } from "./main.js";
import { EXIT } from "./output.js";

// The AWS SDK is pinned: its notice about future versions dropping this Node version is not ours to print.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// A reader that stops early (`pareto expand t.yaml | head`) is not a failure of ours: the run ends with its own code.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pareto: internal error (please report it): ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = EXIT.internal;
  },
);
