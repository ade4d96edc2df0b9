/**
 * The HTTP API (docs/api-and-users.md; `api`, `functions.<f>.endpoint`): created when a function has an endpoint.
 * One `$default` stage (auto-deployed, access-logged), per function a Lambda proxy integration (payload 2.0) and per
 * route a route and a permission for that exact route; JWT auth on the user pool for private routes, AWS_IAM for
 * `iam` routes, Lambda (REQUEST) authorizers from `api.authorizers`; an optional custom domain with its Route 53 alias.
 */
import type { ApiSpec, AuthorizerSpec, EndpointSpec } from "../../generated/dsl.js";
import { DEFAULTS } from "../../generated/defaults.js";
import {
  apiMapping,
  authorizerArn,
  defaultStage,
  httpApi,
  jwtAuthorizer,
  lambdaAuthorizer,
  lambdaIntegration,
  regionalDomain,
  route,
  type Cors,
  type RouteAuth,
} from "../aws/apigatewayv2.js";
import { invokePermission } from "../aws/lambda.js";
import { logGroup, logGroupName } from "../aws/logs.js";
import { aliasRecord } from "../aws/route53.js";
import { asyncTriggers, syncWithAsyncTriggers, type AppContext, type FunctionContext } from "../context.js";
import { getAtt, isIntrinsic, join, sub } from "../intrinsics.js";
import { apiIds, APP, routeWords } from "../names.js";
import type { GraphWriter } from "../graph.js";
import { childPath } from "../validate/path.js";
import { didYouMean } from "../validate/suggest.js";
import type { Construct } from "./construct.js";
import { corsProperties, credentialsWithWildcard } from "./cors.js";

/** API Gateway's integration timeout for HTTP APIs. */
const MAX_TIMEOUT = 30;
/** A path segment: literal characters API Gateway allows, `{param}`, or a final greedy `{param+}`. */
const SEGMENT = /^([A-Za-z0-9._~!$&'()*+,;=:@-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\{[A-Za-z_][A-Za-z0-9_]*\+\})$/;
/**
 * A route permission's statement in the function's resource-based policy at its longest (partition, region, a
 * 64-character function name), besides its path, which it holds twice (in its ID's words and its source ARN);
 * Lambda allows 20 KB for the policy, and its other statements (an authorizer's, a URL's) need room (docs/aws-rules.md).
 */
const ROUTE_STATEMENT = 490;
const ROUTE_POLICY_LIMIT = 20_480 - 2 * ROUTE_STATEMENT;
/** `auth` values that are not authorizer names. */
const BUILT_IN_AUTH = ["public", "private", "iam"];

const endpoints = (ctx: AppContext) => ctx.functions.filter((fn) => fn.routes.length > 0);
export const routeKey = (endpoint: EndpointSpec) => `${endpoint.method} ${endpoint.path}`;
/** A list of routes (`endpoint: [...]`), as opposed to the first version's one route: IDs differ (names.ts). */
const isList = (fn: FunctionContext) => Array.isArray(fn.spec.endpoint);
/** The DSL path of route `i` of a function. */
const routePath = (fn: FunctionContext, i: number) =>
  isList(fn) ? childPath(childPath(fn.path, "endpoint"), i) : childPath(fn.path, "endpoint");

/** The app's Lambda authorizers by name. */
export const authorizersOf = (ctx: AppContext): ReadonlyMap<string, AuthorizerSpec> =>
  new Map(Object.entries(ctx.dsl.api?.authorizers ?? {}));

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

function checkAuth(ctx: AppContext, endpoint: EndpointSpec, path: string): string[] {
  const auth = endpoint.auth ?? DEFAULTS.endpoint.auth;
  const errors: string[] = [];
  if (auth === "private" && !ctx.has.userpool)
    errors.push(`${childPath(path, "auth")}: a private endpoint needs the app's user pool (add \`userpool: {}\`)`);
  const authorizers = authorizersOf(ctx);
  if (!BUILT_IN_AUTH.includes(auth) && !authorizers.has(auth))
    errors.push(
      `${childPath(path, "auth")}: '${auth}' is neither public, private, iam nor an authorizer of api.authorizers${didYouMean(auth, [...BUILT_IN_AUTH, ...authorizers.keys()])} (declared authorizers: ${[...authorizers.keys()].join(", ") || "none"})`,
    );
  if (endpoint.scopes && auth !== "private")
    errors.push(
      `${childPath(path, "scopes")}: scopes are checked by the user pool's JWT authorizer, so only on a private route (this route's auth is '${auth}')`,
    );
  return errors;
}

/** Each route of one function: its path, its auth, that no other route has its key, and (in a list) that no other route gives its IDs. */
function checkRoutes(ctx: AppContext, fn: FunctionContext, seen: Map<string, { fn: string; path: string }>): string[] {
  const errors: string[] = [];
  const words = new Map<string, string>();
  fn.routes.forEach((endpoint, i) => {
    const path = routePath(fn, i);
    const problem = pathProblem(endpoint.path);
    if (problem) errors.push(`${childPath(path, "path")}: '${endpoint.path}': ${problem}`);
    const key = routeKey(endpoint);
    const owner = seen.get(key);
    if (owner)
      errors.push(
        owner.fn === fn.name
          ? `${path}: route '${key}' is listed twice (also at ${owner.path})`
          : `${path}: route '${key}' is already served by function '${owner.fn}'`,
      );
    else seen.set(key, { fn: fn.name, path });
    errors.push(...checkAuth(ctx, endpoint, path));
    if (!isList(fn) || owner) return;
    const id = apiIds.listedRoute(fn.name, routeWords(endpoint.method, endpoint.path)).route;
    const other = words.get(id);
    if (other)
      errors.push(`${path}: routes '${other}' and '${key}' would both be ${id}; their paths must differ in more than case and punctuation`);
    words.set(id, key);
  });
  return errors;
}

function checkEndpoint(fn: FunctionContext): string[] {
  const path = childPath(fn.path, "endpoint");
  const errors = syncWithAsyncTriggers(fn, path, "an endpoint");
  const policy = fn.routes.reduce((bytes, endpoint) => bytes + ROUTE_STATEMENT + 2 * endpoint.path.length, 0);
  if (policy > ROUTE_POLICY_LIMIT)
    errors.push(
      `${path}: the permissions of ${fn.routes.length} routes can take ${policy} bytes of the function's resource-based policy, over ${ROUTE_POLICY_LIMIT} (Lambda allows 20 KB, and other permissions need room); serve some of the routes from another function`,
    );
  if (fn.timeout > MAX_TIMEOUT)
    errors.push(
      `${path}: the function's timeout is ${fn.timeout} s; API Gateway waits at most ${MAX_TIMEOUT} s (set timeout: ${MAX_TIMEOUT} or less)`,
    );
  return errors;
}

/** A Lambda authorizer: a name that is not a built-in `auth`, an existing function that API Gateway alone calls, identities to cache on. */
function checkAuthorizer(ctx: AppContext, name: string, spec: AuthorizerSpec, path: string): string[] {
  const errors: string[] = [];
  if (BUILT_IN_AUTH.includes(name)) errors.push(`${path}: '${name}' is a built-in auth; name the authorizer otherwise`);
  const functions = new Map(ctx.functions.map((fn) => [fn.name, fn]));
  const fn = functions.get(spec.function);
  const at = childPath(path, "function");
  if (!fn)
    errors.push(
      `${at}: function '${spec.function}' is not declared${didYouMean(spec.function, [...functions.keys()])} (declared: ${[...functions.keys()].join(", ") || "none"})`,
    );
  else {
    if (fn.spec.endpoint !== undefined)
      errors.push(
        `${at}: function '${fn.name}' has an endpoint; an authorizer is called by API Gateway before a route, not as one (use two functions)`,
      );
    const asyncShapes = asyncTriggers(fn.spec);
    if (asyncShapes.length)
      errors.push(
        `${at}: function '${fn.name}' has ${asyncShapes.join(", ")}; an authorizer is called synchronously by API Gateway and nothing else (use two functions)`,
      );
  }
  const identity = spec.identity ?? DEFAULTS.authorizer.identity;
  const ttl = spec.ttl ?? DEFAULTS.authorizer.ttl;
  if (identity.length === 0 && ttl > 0)
    errors.push(
      `${childPath(path, "identity")}: a cached authorizer (ttl: ${ttl}) needs at least one identity source, its cache key (or set ttl: 0)`,
    );
  return errors;
}

function checkDomain(api: ApiSpec | undefined, path: string): string[] {
  if (!api?.domain || api.domain.certificate !== undefined) return [];
  return [`${childPath(childPath(path, "domain"), "certificate")}: a custom domain needs a regional ACM certificate in the stack's region`];
}

/** API Gateway refuses credentials with a wildcard origin (browsers would refuse the response anyway). */
function checkCors(api: ApiSpec | undefined, path: string): string[] {
  return credentialsWithWildcard(api?.cors, childPath(path, "cors"));
}

/** The execute-api ARN of one route: path parameters match any value, `$default` stage is `*`. */
function routeArn(endpoint: EndpointSpec): unknown {
  const method = endpoint.method === "ANY" ? "*" : endpoint.method;
  const resource = endpoint.path.replace(/\{[^}]+\+\}/g, "*").replace(/\{[^}]+\}/g, "*");
  return sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${APP.api}}/*/${method}${resource}`);
}

function routeAuth(endpoint: EndpointSpec): RouteAuth {
  const auth = endpoint.auth ?? DEFAULTS.endpoint.auth;
  switch (auth) {
    case "public":
      return { type: "NONE" };
    case "private":
      return { type: "JWT", authorizerId: APP.apiAuthorizer, ...(endpoint.scopes ? { scopes: endpoint.scopes } : {}) };
    case "iam":
      return { type: "AWS_IAM" };
    default:
      return { type: "CUSTOM", authorizerId: apiIds.authorizer(auth).authorizer };
  }
}

const cors = (api: ApiSpec | undefined): Cors | undefined => corsProperties(api?.cors);

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

function buildAuthorizers(ctx: AppContext, out: GraphWriter) {
  for (const [name, spec] of authorizersOf(ctx)) {
    const ids = apiIds.authorizer(name);
    const fn = ctx.functions.find((candidate) => candidate.name === spec.function);
    if (!fn) continue; // reported by check
    const identity = spec.identity ?? DEFAULTS.authorizer.identity;
    out.resource(
      ids.authorizer,
      lambdaAuthorizer(APP.api, { name, functionId: fn.ids.function, identity, ttl: spec.ttl ?? DEFAULTS.authorizer.ttl }),
    );
    out.resource(ids.permission, invokePermission(fn.ids.function, "apigateway.amazonaws.com", authorizerArn(APP.api, ids.authorizer)));
  }
}

function buildRoutes(graph: Parameters<Construct["build"]>[1], fn: FunctionContext) {
  const out = graph.writer(childPath(fn.path, "endpoint"), fn.name);
  const { integration, ...single } = apiIds.endpoint(fn.name);
  out.resource(integration, lambdaIntegration(APP.api, fn.ids.function));
  for (const endpoint of fn.routes) {
    // One route keeps the first version's IDs; a list's are derived from each route's key.
    const ids = isList(fn) ? apiIds.listedRoute(fn.name, routeWords(endpoint.method, endpoint.path)) : single;
    out.resource(ids.route, route(APP.api, routeKey(endpoint), integration, routeAuth(endpoint)));
    out.resource(ids.permission, invokePermission(fn.ids.function, "apigateway.amazonaws.com", routeArn(endpoint)));
  }
}

export const api: Construct = {
  name: "api",
  check(ctx) {
    const seen = new Map<string, { fn: string; path: string }>();
    const errors = endpoints(ctx).flatMap((fn) => [...checkEndpoint(fn), ...checkRoutes(ctx, fn, seen)]);
    const path = childPath(ctx.path, "api");
    const authorizersPath = childPath(path, "authorizers");
    for (const [name, spec] of authorizersOf(ctx)) errors.push(...checkAuthorizer(ctx, name, spec, childPath(authorizersPath, name)));
    if (ctx.dsl.api && !ctx.has.api) return errors; // `api` settings without endpoints create nothing: allowed
    return [...errors, ...checkDomain(ctx.dsl.api, path), ...checkCors(ctx.dsl.api, path)];
  },
  build(ctx, graph) {
    if (!ctx.has.api) return;
    const out = graph.writer(childPath(ctx.path, "api"));
    const spec = ctx.dsl.api;
    out.resource(APP.api, httpApi(cors(spec)));
    out.resource(APP.apiLogGroup, logGroup(logGroupName("apigateway", "api"), ctx.logRetention));
    out.resource(APP.apiStage, defaultStage(APP.api, APP.apiLogGroup));
    const anyPrivate = endpoints(ctx).some((fn) => fn.routes.some((endpoint) => endpoint.auth === "private"));
    if (anyPrivate) out.resource(APP.apiAuthorizer, jwtAuthorizer(APP.api, APP.userPool, APP.userPoolClient));
    buildAuthorizers(ctx, out);
    if (spec?.domain) customDomain(out, spec.domain);
    out.output(APP.api, apiUrl(spec?.domain?.name), "URL of the HTTP API");
    for (const fn of endpoints(ctx)) buildRoutes(graph, fn);
  },
};
