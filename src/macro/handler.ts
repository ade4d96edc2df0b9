/**
 * The CloudFormation macro contract: event -> response. It never throws: every failure is
 * `status: "failure"` with the input fragment and a readable `errorMessage`.
 */
import { expand } from "../expander/index.js";
import { boundsError } from "../expander/validate/bounds.js";
import { summarise } from "./summary.js";
import { storeInTemplatesBucket, TemplatesBucketError } from "./templates-bucket.js";

export interface MacroEvent {
  region?: string;
  accountId?: string;
  fragment?: unknown;
  transformId?: string;
  params?: unknown;
  requestId?: string;
  templateParameterValues?: unknown;
}

export interface MacroResponse {
  requestId: string;
  status: "success" | "failure";
  fragment: unknown;
  errorMessage?: string;
}

/**
 * A failure echoes the input fragment (CloudFormation ignores it), unless the input is too big or too
 * deep to serialise: the response must always be serialisable.
 */
const echoable = (fragment: unknown) => (boundsError(fragment) ? null : fragment);

export async function handler(event: unknown): Promise<MacroResponse> {
  const input = (typeof event === "object" && event !== null ? event : {}) as MacroEvent;
  const requestId = typeof input.requestId === "string" ? input.requestId : "";
  const fragment = input.fragment ?? null;
  try {
    const result = expand(fragment);
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (result.ok && !result.stacks.length) return { requestId, status: "success", fragment: result.template };
    if (result.ok) {
      const stored = await storeInTemplatesBucket(result.template, result.stacks).catch((error: unknown) => {
        if (error instanceof TemplatesBucketError) return error;
        throw error;
      });
      if (!(stored instanceof TemplatesBucketError)) return { requestId, status: "success", fragment: stored };
      console.error(JSON.stringify({ requestId, errors: [stored.message] }));
      return { requestId, status: "failure", fragment: echoable(fragment), errorMessage: stored.message };
    }
    console.error(JSON.stringify({ requestId, errors: result.errors }));
    return { requestId, status: "failure", fragment: echoable(fragment), errorMessage: summarise(result.errors) };
  } catch (error) {
    // A bug in Pareto, not in the user's template: say so, and keep the detail in the logs.
    console.error(error);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      requestId,
      status: "failure",
      fragment: echoable(fragment),
      errorMessage: `Pareto internal error (please report it): ${reason}`,
    };
  }
}
