import { getAtt, stackUuid } from "../intrinsics.js";
import type { Resource } from "../types.js";

/**
 * Rules are named `<stack UUID>-<function key>-<rule key>` (at most 58 of EventBridge's 64 characters;
 * unique per bus because the stack UUID is), so that one ARN prefix covers exactly the rules of this
 * stack, or of one function of it. CloudFormation's own names (`<stack>-<logical ID>-<suffix>`) are cut
 * to 64 characters, so no prefix of them is reliable. The keys are 10 hex digits (40 bits) of two
 * FNV-1a hashes: stable, fast, and not a security boundary (the stack UUID and account scope the names).
 */
export function ruleKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return ((a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0")).slice(0, 10);
}

export const ruleName = (functionKey: string, ruleId: string) => ({ "Fn::Join": ["-", [stackUuid, functionKey, ruleKey(ruleId)]] });

/** The ARNs of this stack's rules (`functionKey` given: of one function's rules). */
export const rulesArnPattern = (functionKey?: string) => ({
  "Fn::Sub": [
    `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${StackUuid}-${functionKey ? `${functionKey}-` : ""}*`,
    { StackUuid: stackUuid },
  ],
});

export interface RuleTarget {
  id: string;
  functionId: string;
  deadLetterQueueId: string;
}

/**
 * A rule on the default bus with one Lambda target; what it cannot deliver goes to the dead-letter queue.
 * The pass `rules` names it and lets it invoke its target (src/expander/passes/rules.ts).
 */
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
