import { getAtt, ref } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

export interface ProjectProps {
  roleId: string;
  logGroupId: string;
  buildspec: string;
  computeType: string;
  timeoutMinutes: number;
  environment: Record<string, unknown>;
}

/** A CodeBuild project without source or artifacts: the buildspec does the work and uploads itself. */
export function project(props: ProjectProps): Resource {
  return {
    Type: "AWS::CodeBuild::Project",
    Properties: {
      ServiceRole: getAtt(props.roleId, "Arn"),
      Source: { Type: "NO_SOURCE", BuildSpec: props.buildspec },
      Artifacts: { Type: "NO_ARTIFACTS" },
      Environment: {
        Type: "LINUX_CONTAINER",
        ComputeType: props.computeType,
        Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        EnvironmentVariables: Object.entries(props.environment).map(([Name, Value]) => ({ Name, Value, Type: "PLAINTEXT" })),
      },
      TimeoutInMinutes: props.timeoutMinutes,
      LogsConfig: { CloudWatchLogs: { Status: "ENABLED", GroupName: ref(props.logGroupId) } },
    },
    Metadata: checkovMetadata(["CKV_AWS_147"]),
  };
}
