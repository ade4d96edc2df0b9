import { getAtt } from "../intrinsics.js";
import type { Resource } from "../types.js";

export interface ScheduleProps {
  expression: string;
  timezone: string;
  functionId: string;
  roleId: string;
  deadLetterQueueId: string;
  retries: number;
}

/** An EventBridge Scheduler schedule (time-zone aware) invoking one function. */
export function schedule(props: ScheduleProps): Resource {
  return {
    Type: "AWS::Scheduler::Schedule",
    Properties: {
      ScheduleExpression: props.expression,
      ScheduleExpressionTimezone: props.timezone,
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: getAtt(props.functionId, "Arn"),
        RoleArn: getAtt(props.roleId, "Arn"),
        RetryPolicy: { MaximumRetryAttempts: props.retries },
        DeadLetterConfig: { Arn: getAtt(props.deadLetterQueueId, "Arn") },
      },
    },
  };
}
