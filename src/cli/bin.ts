/** Entry point of the `pareto` binary. */
import { main } from "./main.js";

// The AWS SDK is pinned: its notice about future versions dropping this Node version is not ours to print.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pareto: internal error (please report it): ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
