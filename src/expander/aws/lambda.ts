import { getAtt, ref } from "../intrinsics.js";
import type { Resource } from "../types.js";
import type { Cors } from "./apigatewayv2.js";
import { checkovMetadata, type CheckId } from "./checkov.js";

/**
 * Lambda measures a function's variables as their JSON (`{"KEY":"value",...}`, as its error message
 * shows: "String measured: ...") and refuses more than 4 KB.
 */
export const ENVIRONMENT_LIMIT = 4096;

/** Variables the Lambda runtime sets and a function's configuration cannot (Lambda developer guide). */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
  "TZ",
]);

export interface FunctionProps {
  handler: string;
  runtime: string;
  code: Record<string, unknown>;
  roleId: string;
  logGroupId: string;
  memory: number;
  timeout: number;
  architecture: string;
  tracing: boolean;
  layers: unknown[];
  environment: Record<string, unknown>;
  concurrency?: number;
  /** Subnets and security groups (each a list or an intrinsic that yields one); none: outside any VPC. */
  vpc?: { subnets: unknown; securityGroups: unknown };
}

export function lambdaFunction(props: FunctionProps): Resource {
  // CKV_AWS_117 ("in a VPC") is suppressed only where it fails: on a function outside any VPC.
  const skips: CheckId[] = ["CKV_AWS_116", ...(props.vpc ? [] : ["CKV_AWS_117" as const]), "CKV_AWS_173"];
  if (props.concurrency === undefined) skips.unshift("CKV_AWS_115");
  return {
    Type: "AWS::Lambda::Function",
    Properties: {
      Handler: props.handler,
      Runtime: props.runtime,
      Code: props.code,
      Role: getAtt(props.roleId, "Arn"),
      MemorySize: props.memory,
      Timeout: props.timeout,
      Architectures: [props.architecture],
      LoggingConfig: { LogGroup: ref(props.logGroupId) },
      ...(props.tracing ? { TracingConfig: { Mode: "Active" } } : {}),
      ...(props.layers.length ? { Layers: props.layers } : {}),
      ...(Object.keys(props.environment).length ? { Environment: { Variables: props.environment } } : {}),
      ...(props.concurrency !== undefined ? { ReservedConcurrentExecutions: props.concurrency } : {}),
      ...(props.vpc ? { VpcConfig: { SubnetIds: props.vpc.subnets, SecurityGroupIds: props.vpc.securityGroups } } : {}),
    },
    Metadata: checkovMetadata(skips),
  };
}

/** Lets a service invoke a function, scoped to one source ARN in this account. */
export function invokePermission(functionId: string, principal: string, sourceArn: unknown): Resource {
  return {
    Type: "AWS::Lambda::Permission",
    Properties: {
      Action: "lambda:InvokeFunction",
      FunctionName: getAtt(functionId, "Arn"),
      Principal: principal,
      SourceArn: sourceArn,
      SourceAccount: ref("AWS::AccountId"),
    },
  };
}

/** A function URL on the function's unqualified ARN; streaming when `stream`. Its CORS properties are the HTTP API's. */
export function functionUrl(functionId: string, authType: "AWS_IAM" | "NONE", stream: boolean, cors?: Cors): Resource {
  return {
    Type: "AWS::Lambda::Url",
    Properties: {
      TargetFunctionArn: getAtt(functionId, "Arn"),
      AuthType: authType,
      ...(stream ? { InvokeMode: "RESPONSE_STREAM" } : {}),
      ...(cors ? { Cors: cors } : {}),
    },
    ...(authType === "NONE" ? { Metadata: checkovMetadata(["CKV_AWS_258"]) } : {}),
  };
}

/**
 * A public function URL (auth type NONE) needs two statements in the function's policy: `lambda:InvokeFunctionUrl`
 * for URLs of auth type NONE, and `lambda:InvokeFunction` limited to calls through a function URL
 * (`InvokedViaFunctionUrl`), which Lambda requires of URLs created since October 2025 (docs/aws-rules.md).
 */
export function publicUrlPermissions(functionId: string): { url: Resource; invoke: Resource } {
  const permission = (action: string, condition: Record<string, unknown>): Resource => ({
    Type: "AWS::Lambda::Permission",
    Properties: { Action: action, FunctionName: getAtt(functionId, "Arn"), Principal: "*", ...condition },
  });
  return {
    url: permission("lambda:InvokeFunctionUrl", { FunctionUrlAuthType: "NONE" }),
    invoke: permission("lambda:InvokeFunction", { InvokedViaFunctionUrl: true }),
  };
}

/** Asynchronous invocation: bounded retries, then the on-failure destination. */
export function eventInvokeConfig(functionId: string, retries: number, onFailureArn: unknown): Resource {
  return {
    Type: "AWS::Lambda::EventInvokeConfig",
    Properties: {
      FunctionName: ref(functionId),
      Qualifier: "$LATEST",
      MaximumRetryAttempts: retries,
      DestinationConfig: { OnFailure: { Destination: onFailureArn } },
    },
  };
}

export interface MappingProps {
  functionId: string;
  sourceArn: unknown;
  batchSize?: number;
  batchWindow?: number;
  maxConcurrency?: number;
  startingPosition?: string;
  filter?: unknown;
  /** Streams only: where records go once retries are spent. */
  onFailure?: { arn: unknown; retries: number };
}

/** Polls a queue or stream; `ReportBatchItemFailures` so one bad record does not redrive the batch. */
export function eventSourceMapping(props: MappingProps): Resource {
  return {
    Type: "AWS::Lambda::EventSourceMapping",
    Properties: {
      EventSourceArn: props.sourceArn,
      FunctionName: ref(props.functionId),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ...(props.batchSize !== undefined ? { BatchSize: props.batchSize } : {}),
      ...(props.batchWindow !== undefined ? { MaximumBatchingWindowInSeconds: props.batchWindow } : {}),
      ...(props.maxConcurrency !== undefined ? { ScalingConfig: { MaximumConcurrency: props.maxConcurrency } } : {}),
      ...(props.startingPosition !== undefined ? { StartingPosition: props.startingPosition } : {}),
      ...(props.filter !== undefined ? { FilterCriteria: { Filters: [{ Pattern: JSON.stringify(props.filter) }] } } : {}),
      ...(props.onFailure
        ? {
            MaximumRetryAttempts: props.onFailure.retries,
            BisectBatchOnFunctionError: true,
            DestinationConfig: { OnFailure: { Destination: props.onFailure.arn } },
          }
        : {}),
    },
  };
}
