/** Entry point of the `pareto` binary. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pareto: internal error (please report it): ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
