/** The three resources every generated function has: role (its scoped policy inline), log group, function. */
import type { Statement } from "../aws/iam.js";
import { serviceRole } from "../aws/iam.js";
import { lambdaFunction, type FunctionProps } from "../aws/lambda.js";
import { logGroup, logGroupName } from "../aws/logs.js";
import type { AppContext } from "../context.js";
import { getAtt } from "../intrinsics.js";
import { functionIds } from "../names.js";
import type { GraphWriter } from "../graph.js";

export type FunctionSettings = Omit<FunctionProps, "roleId" | "logGroupId">;

export function addFunctionResources(
  ctx: AppContext,
  out: GraphWriter,
  namespace: string,
  settings: FunctionSettings,
  statements: Statement[],
) {
  const ids = functionIds(namespace);
  const logs: Statement = {
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: getAtt(ids.logGroup, "Arn"),
  };
  out.resource(ids.role, serviceRole("lambda.amazonaws.com", [logs, ...statements]));
  out.resource(ids.logGroup, logGroup(logGroupName("lambda", namespace), ctx.logRetention));
  out.resource(ids.function, lambdaFunction({ ...settings, roleId: ids.role, logGroupId: ids.logGroup }), { functionNamespace: namespace });
  return ids;
}

/** Settings shared by the small inline functions Pareto writes (bridges, ticker, hooks, notifier). */
export function inlineSettings(code: string, environment: Record<string, unknown>, timeout = 30): FunctionSettings {
  return {
    handler: "index.handler",
    runtime: "nodejs24.x",
    code: { ZipFile: code },
    memory: 256,
    timeout,
    architecture: "arm64",
    tracing: false,
    layers: [],
    environment,
  };
}
