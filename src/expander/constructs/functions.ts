/** Functions (docs/dsl.md, "Functions"): role, scoped policy, log group, function, async invoke config. */
import type { Statement } from "../aws/iam.js";
import { eventInvokeConfig } from "../aws/lambda.js";
import { DEFAULTS } from "../../generated/defaults.js";
import type { Code } from "../../generated/dsl.js";
import type { AppContext, FunctionContext } from "../context.js";
import { getAtt, isIntrinsic } from "../intrinsics.js";
import { SEND_TO_FAILURE_QUEUE } from "./stream.js";
import { APP, layerParameter } from "../names.js";
import { SOURCE_KINDS, SOURCES } from "../sources/index.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { addFunctionResources } from "./function-resources.js";
import { scopePermissions } from "./permissions.js";
import { pollerStatements } from "./pollers.js";
import { secretEnvironment, secretStatements } from "./secrets.js";
import { vpcConfig, vpcStatements } from "./vpc.js";

/** Runtimes whose inline code CloudFormation accepts as `ZipFile`. */
const INLINE_RUNTIMES = /^(nodejs|python)/;

const localPathMessage = (path: string, value: string) =>
  `${path}: '${value}' is a local path; run \`pareto package\` to build and upload it (or \`pareto expand --package-dry-run\` to see what would be built)`;

function codeProperty(ctx: AppContext, fn: FunctionContext): Record<string, unknown> {
  if (fn.spec.inline !== undefined) return { ZipFile: fn.spec.inline };
  const code: Code = fn.spec.code ?? ctx.dsl.code ?? DEFAULTS.code;
  if (typeof code === "string") throw new Error("unpackaged local code reached the builder"); // check() rejects it first
  return { S3Bucket: code.bucket, S3Key: code.key, ...(code.version !== undefined ? { S3ObjectVersion: code.version } : {}) };
}

/** Variables for the app resources that exist (each source says which); the user's `environment` wins on a clash. */
function environment(ctx: AppContext, fn: FunctionContext): Record<string, unknown> {
  const variables = new Map<string, unknown>([
    ...SOURCE_KINDS.flatMap((kind) => SOURCES[kind].environment?.(ctx) ?? []),
    ...secretEnvironment(ctx, fn),
  ]);
  for (const [key, value] of Object.entries(fn.spec.environment ?? {})) variables.set(key, isIntrinsic(value) ? value : String(value));
  return Object.fromEntries(variables);
}

function baseStatements(fn: FunctionContext): Statement[] {
  const statements: Statement[] = [];
  // X-Ray's write actions have no resource-level permissions (documented in docs/security.md).
  if (fn.tracing) statements.push({ Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: "*" });
  // The on-failure destination is written with the function's own role.
  if (fn.kind === "async") statements.push(SEND_TO_FAILURE_QUEUE);
  return statements;
}

function checkFunction(ctx: AppContext, fn: FunctionContext): string[] {
  const errors: string[] = [];
  const { spec, path } = fn;
  if (spec.inline !== undefined && spec.code !== undefined) errors.push(`${path}: give either 'code' or 'inline', not both`);
  if (spec.inline !== undefined && !INLINE_RUNTIMES.test(fn.runtime))
    errors.push(`${childPath(path, "inline")}: inline code needs a Node.js or Python runtime (this function uses ${fn.runtime})`);
  // CloudFormation writes inline code to a file named index: any other module is missing at run time.
  if (spec.inline !== undefined && !spec.handler.startsWith("index."))
    errors.push(
      `${childPath(path, "handler")}: inline code is saved as the file 'index', so the handler must be 'index.<function>' (not '${spec.handler}')`,
    );
  if (typeof spec.code === "string") errors.push(localPathMessage(childPath(path, "code"), spec.code));
  errors.push(...scopePermissions(ctx, spec.permissions ?? [], childPath(path, "permissions")).errors);
  return errors;
}

export const functions: Construct = {
  name: "functions",
  check(ctx) {
    const errors = ctx.functions.flatMap((fn) => checkFunction(ctx, fn));
    const appCode = ctx.dsl.code;
    const usesAppCode = ctx.functions.some((fn) => fn.spec.code === undefined && fn.spec.inline === undefined);
    if (typeof appCode === "string" && usesAppCode) errors.unshift(localPathMessage(childPath(ctx.path, "code"), appCode));
    return errors;
  },
  build(ctx, graph, report) {
    for (const fn of ctx.functions) {
      const out = graph.writer(fn.path, fn.name);
      const permissions = scopePermissions(ctx, fn.spec.permissions ?? [], childPath(fn.path, "permissions"));
      permissions.warnings.forEach(report.warn);
      addFunctionResources(
        ctx,
        out,
        fn.name,
        {
          handler: fn.spec.handler,
          runtime: fn.runtime,
          code: codeProperty(ctx, fn),
          memory: fn.memory,
          timeout: fn.timeout,
          architecture: fn.architecture,
          tracing: fn.tracing,
          layers: fn.layers,
          environment: environment(ctx, fn),
          concurrency: fn.spec.concurrency,
          ...vpcConfig(ctx, fn),
        },
        [
          ...baseStatements(fn),
          ...vpcStatements(ctx, fn),
          ...pollerStatements(fn),
          ...secretStatements(ctx, fn),
          ...permissions.statements,
        ],
      );
      if (fn.kind === "async")
        out.resource(
          fn.ids.eventInvokeConfig,
          eventInvokeConfig(fn.ids.function, fn.spec.retries ?? DEFAULTS.function.retries, getAtt(APP.failureQueue, "Arn")),
        );
      for (const name of fn.layerNames)
        out.parameter(layerParameter(name), { Type: "String", Description: `ARN of the Lambda layer '${name}'` });
    }
  },
};
