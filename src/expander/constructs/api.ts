/**
 * The HTTP API (docs/api-and-users.md; `api`, `functions.<f>.endpoint`): created when a function has an endpoint.
 * One `$default` stage (auto-deployed, access-logged), per endpoint a route, a Lambda proxy integration
 * (payload 2.0) and a permission for that exact route; JWT auth on the user pool for private routes;
 * an optional custom domain with its Route 53 alias.
 */
import type { ApiSpec, EndpointSpec } from "../../generated/dsl.js";
import {
  apiMapping,
  defaultStage,
  httpApi,
  jwtAuthorizer,
  lambdaIntegration,
  regionalDomain,
  route,
  type Cors,
} from "../aws/apigatewayv2.js";
import { invokePermission } from "../aws/lambda.js";
import { logGroup, logGroupName } from "../aws/logs.js";
import { aliasRecord } from "../aws/route53.js";
import type { AppContext, FunctionContext } from "../context.js";
import { getAtt, isIntrinsic, join, sub } from "../intrinsics.js";
import { apiIds, APP } from "../names.js";
import type { GraphWriter } from "../graph.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

/** API Gateway's integration timeout for HTTP APIs. */
const MAX_TIMEOUT = 30;
/** A path segment: literal characters API Gateway allows, `{param}`, or a final greedy `{param+}`. */
const SEGMENT = /^([A-Za-z0-9._~!$&'()*+,;=:@-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\{[A-Za-z_][A-Za-z0-9_]*\+\})$/;

const endpoints = (ctx: AppContext) =>
  ctx.functions.filter((fn): fn is FunctionContext & { spec: { endpoint: EndpointSpec } } => !!fn.spec.endpoint);
const routeKey = (endpoint: EndpointSpec) => `${endpoint.method} ${endpoint.path}`;

function pathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "must start with '/'";
  if (path === "/") return undefined;
  if (path.endsWith("/")) return "must not end with '/'";
  const segments = path.slice(1).split("/");
  if (segments.some((segment) => segment === "")) return "must not contain '//'";
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad) return `segment '${bad}' is not a literal, {name} or {name+}`;
  if (segments.slice(0, -1).some((segment) => segment.endsWith("+}"))) return "a greedy {name+} must be the last segment";
  return undefined;
}

function checkEndpoint(ctx: AppContext, fn: FunctionContext, endpoint: EndpointSpec, seen: Map<string, string>): string[] {
  const path = childPath(fn.path, "endpoint");
  const errors: string[] = [];
  const problem = pathProblem(endpoint.path);
  if (problem) errors.push(`${childPath(path, "path")}: '${endpoint.path}': ${problem}`);
  const key = routeKey(endpoint);
  const owner = seen.get(key);
  if (owner) errors.push(`${path}: route '${key}' is already served by function '${owner}'`);
  seen.set(key, fn.name);
  if ((endpoint.auth ?? "public") === "private" && !ctx.has.userpool)
    errors.push(`${childPath(path, "auth")}: a private endpoint needs the app's user pool (add \`userpool: {}\`)`);
  const asyncShapes = (["events", "timer", "consume"] as const).filter((shape) => fn.spec[shape] !== undefined);
  if (asyncShapes.length)
    errors.push(
      `${path}: a function with an endpoint is called synchronously; it cannot also have ${asyncShapes.join(", ")} (use two functions)`,
    );
  if (fn.timeout > MAX_TIMEOUT)
    errors.push(
      `${path}: the function's timeout is ${fn.timeout} s; API Gateway waits at most ${MAX_TIMEOUT} s (set timeout: ${MAX_TIMEOUT} or less)`,
    );
  return errors;
}

function checkDomain(api: ApiSpec | undefined, path: string): string[] {
  if (!api?.domain || api.domain.certificate !== undefined) return [];
  return [`${childPath(childPath(path, "domain"), "certificate")}: a custom domain needs a regional ACM certificate in the stack's region`];
}

/** API Gateway refuses credentials with a wildcard origin (browsers would refuse the response anyway). */
function checkCors(api: ApiSpec | undefined, path: string): string[] {
  const cors = api?.cors;
  if (!cors?.credentials) return [];
  const at = (cors.origins ?? []).indexOf("*");
  return at < 0
    ? []
    : [
        `${childPath(childPath(childPath(path, "cors"), "origins"), at)}: origin '*' cannot be combined with credentials: true; list the origins that may send credentials`,
      ];
}

/** The execute-api ARN of one route: path parameters match any value, `$default` stage is `*`. */
function routeArn(endpoint: EndpointSpec): unknown {
  const method = endpoint.method === "ANY" ? "*" : endpoint.method;
  const resource = endpoint.path.replace(/\{[^}]+\+\}/g, "*").replace(/\{[^}]+\}/g, "*");
  return sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${APP.api}}/*/${method}${resource}`);
}

function cors(api: ApiSpec | undefined): Cors | undefined {
  const spec = api?.cors;
  if (!spec) return undefined;
  return {
    ...(spec.origins ? { AllowOrigins: spec.origins } : {}),
    ...(spec.headers ? { AllowHeaders: spec.headers } : {}),
    ...(spec.methods ? { AllowMethods: spec.methods } : {}),
    ...(spec.exposeHeaders ? { ExposeHeaders: spec.exposeHeaders } : {}),
    ...(spec.maxAge !== undefined ? { MaxAge: spec.maxAge } : {}),
    ...(spec.credentials !== undefined ? { AllowCredentials: spec.credentials } : {}),
  };
}

function customDomain(out: GraphWriter, domain: NonNullable<ApiSpec["domain"]>) {
  out.resource(apiIds.domain, regionalDomain(domain.name, domain.certificate));
  out.resource(apiIds.mapping, apiMapping(APP.api, apiIds.domain, APP.apiStage));
  if (domain.zone !== undefined)
    out.resource(
      apiIds.record,
      aliasRecord(domain.name, domain.zone, {
        dnsName: getAtt(apiIds.domain, "RegionalDomainName"),
        hostedZoneId: getAtt(apiIds.domain, "RegionalHostedZoneId"),
      }),
    );
}

const apiUrl = (domainName: unknown) =>
  domainName === undefined
    ? sub(`https://\${${APP.api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`)
    : isIntrinsic(domainName)
      ? join(["https://", domainName])
      : `https://${domainName}`;

export const api: Construct = {
  name: "api",
  check(ctx) {
    const seen = new Map<string, string>();
    const errors = endpoints(ctx).flatMap((fn) => checkEndpoint(ctx, fn, fn.spec.endpoint, seen));
    if (ctx.dsl.api && !ctx.has.api) return errors; // `api` settings without endpoints create nothing: allowed
    const path = childPath(ctx.path, "api");
    return [...errors, ...checkDomain(ctx.dsl.api, path), ...checkCors(ctx.dsl.api, path)];
  },
  build(ctx, graph) {
    if (!ctx.has.api) return;
    const out = graph.writer(childPath(ctx.path, "api"));
    const spec = ctx.dsl.api;
    out.resource(APP.api, httpApi(cors(spec)));
    out.resource(APP.apiLogGroup, logGroup(logGroupName("apigateway", "api"), ctx.logRetention));
    out.resource(APP.apiStage, defaultStage(APP.api, APP.apiLogGroup));
    const anyPrivate = endpoints(ctx).some((fn) => fn.spec.endpoint.auth === "private");
    if (anyPrivate) out.resource(APP.apiAuthorizer, jwtAuthorizer(APP.api, APP.userPool, APP.userPoolClient));
    if (spec?.domain) customDomain(out, spec.domain);
    out.output(APP.api, apiUrl(spec?.domain?.name), "URL of the HTTP API");
    for (const fn of endpoints(ctx)) {
      const endpoint = fn.spec.endpoint;
      const ids = apiIds.endpoint(fn.name);
      const fnOut = graph.writer(childPath(fn.path, "endpoint"), fn.name);
      fnOut.resource(ids.integration, lambdaIntegration(APP.api, fn.ids.function));
      fnOut.resource(
        ids.route,
        route(APP.api, routeKey(endpoint), ids.integration, endpoint.auth === "private" ? APP.apiAuthorizer : undefined),
      );
      fnOut.resource(ids.permission, invokePermission(fn.ids.function, "apigateway.amazonaws.com", routeArn(endpoint)));
    }
  },
};
