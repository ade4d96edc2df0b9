import { getAtt } from "../intrinsics.js";
import type { Resource } from "../types.js";

export interface RuleTarget {
  id: string;
  functionId: string;
  deadLetterQueueId: string;
}

/** A rule on the default bus with one Lambda target; what it cannot deliver goes to the dead-letter queue. */
export function rule(trigger: { EventPattern: unknown } | { ScheduleExpression: string }, target: RuleTarget): Resource {
  return {
    Type: "AWS::Events::Rule",
    Properties: {
      ...trigger,
      State: "ENABLED",
      Targets: [
        {
          Id: target.id,
          Arn: getAtt(target.functionId, "Arn"),
          DeadLetterConfig: { Arn: getAtt(target.deadLetterQueueId, "Arn") },
        },
      ],
    },
  };
}
