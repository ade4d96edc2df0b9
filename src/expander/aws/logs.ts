import { sub } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

/**
 * Where a service logs, unique per stack (log group names are unique per account and region) and readable
 * in the console: `/aws/lambda/<stack>/<name>`. API Gateway delivers access logs as vended logs: a group
 * outside `/aws/vendedlogs/` gets a statement in the region's one CloudWatch Logs resource policy (5,120
 * characters), which a dozen stacks fill (docs/aws-rules.md).
 */
export const logGroupName = (service: "lambda" | "apigateway", name: string) =>
  sub(`${service === "apigateway" ? "/aws/vendedlogs/apigateway" : "/aws/lambda"}/\${AWS::StackName}/${name}`);

/** A named log group with retention. */
export function logGroup(name: unknown, retentionDays: number): Resource {
  return {
    Type: "AWS::Logs::LogGroup",
    Properties: {
      LogGroupName: name,
      RetentionInDays: retentionDays,
    },
    Metadata: checkovMetadata(["CKV_AWS_158"]),
  };
}

/** Forwards matching log events of one log group to a function (at most 2 filters per log group). */
export function subscriptionFilter(logGroupId: string, name: string, pattern: string, functionId: string): Resource {
  return {
    Type: "AWS::Logs::SubscriptionFilter",
    Properties: {
      LogGroupName: { Ref: logGroupId },
      FilterName: name,
      FilterPattern: pattern,
      DestinationArn: { "Fn::GetAtt": [functionId, "Arn"] },
    },
  };
}
