/**
 * Function URLs (docs/dsl.md, "Function URLs"; `functions.<f>.url`): an HTTPS address of the function itself,
 * synchronous like an endpoint. `auth: iam` (the default) lets in only signed requests of principals whose own
 * policies allow the call; `auth: none` is public, through the two permissions Lambda requires, and warns.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import type { UrlSpec } from "../../generated/dsl.js";
import { functionUrl, publicUrlPermissions } from "../aws/lambda.js";
import { syncWithAsyncTriggers, type AppContext, type FunctionContext } from "../context.js";
import { getAtt } from "../intrinsics.js";
import { urlIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { corsProperties, credentialsWithWildcard } from "./cors.js";

const withUrl = (ctx: AppContext) => ctx.functions.filter((fn): fn is FunctionContext & { spec: { url: UrlSpec } } => !!fn.spec.url);

function checkUrl(fn: FunctionContext, url: UrlSpec): string[] {
  const path = childPath(fn.path, "url");
  const errors = syncWithAsyncTriggers(fn, path, "a URL");
  errors.push(...credentialsWithWildcard(url.cors, childPath(path, "cors")));
  return errors;
}

export const functionUrls: Construct = {
  name: "function URLs",
  check: (ctx) => withUrl(ctx).flatMap((fn) => checkUrl(fn, fn.spec.url)),
  build(ctx, graph, report) {
    for (const fn of withUrl(ctx)) {
      const { url } = fn.spec;
      const ids = urlIds(fn.name);
      const path = childPath(fn.path, "url");
      const out = graph.writer(path, fn.name);
      const open = (url.auth ?? DEFAULTS.function.url.auth) === "none";
      out.resource(
        ids.url,
        functionUrl(fn.ids.function, open ? "NONE" : "AWS_IAM", url.stream ?? DEFAULTS.function.url.stream, corsProperties(url.cors)),
      );
      out.output(ids.url, getAtt(ids.url, "FunctionUrl"), `URL of the function '${fn.name}'`);
      if (!open) continue;
      const permissions = publicUrlPermissions(fn.ids.function);
      out.resource(ids.permission, permissions.url);
      out.resource(ids.invokePermission, permissions.invoke);
      report.warn(
        `${childPath(path, "auth")}: 'none' makes the URL public: anyone on the internet may invoke the function, and each call is billed to the account; authenticate callers in the function, or use auth: iam`,
      );
    }
  },
};
