/**
 * Every function's environment, whichever construct made it: no variable Lambda reserves, and at most
 * 4 KB measured as Lambda measures it, with each intrinsic at its longest (src/expander/template/estimate.ts).
 * Lambda checks both only when it creates the function, mid-deploy.
 */
import { ENVIRONMENT_LIMIT, RESERVED_VARIABLES } from "../aws/lambda.js";
import { LengthEstimator, surroundingsOf } from "../template/estimate.js";
import { childPath } from "../validate/path.js";
import type { Pass } from "./pass.js";

/** How many of the largest variables an error names. */
const NAMED = 5;

export const environment: Pass = {
  name: "environment",
  run(ctx, graph) {
    const estimator = new LengthEstimator(surroundingsOf(ctx.around, graph));
    return graph.ofType("AWS::Lambda::Function").flatMap((node) => {
      const variables = (node.resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      const path = childPath(node.origin, "environment");
      const reserved = Object.keys(variables)
        .filter((key) => RESERVED_VARIABLES.has(key))
        .map((key) => `${childPath(path, key)}: '${key}' is set by Lambda itself and cannot be set (a reserved variable)`);
      if (reserved.length) return reserved;
      const worst = estimator.worstCase(variables) as Record<string, string>;
      const size = Buffer.byteLength(JSON.stringify(worst));
      if (size <= ENVIRONMENT_LIMIT) return [];
      const largest = Object.entries(worst)
        .map(([key, value]) => [key, Buffer.byteLength(JSON.stringify({ [key]: value })) - 2] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, NAMED)
        .map(([key, bytes]) => `${key} (${bytes})`);
      const queues = Object.keys(worst).filter((key) => key.startsWith("APP_QUEUE_")).length;
      const why = queues ? `; each of the app's ${queues} queues gives every function an APP_QUEUE_* variable` : "";
      return [
        `${path}: ${node.id}'s environment may reach ${size} bytes once deployed, over Lambda's ${ENVIRONMENT_LIMIT} (references counted at their longest; largest: ${largest.join(", ")})${why}; move large values out of the environment (into the code, or a parameter store)`,
      ];
    });
  },
};
