import { fnv } from "../hash.js";
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
  const [a, b] = fnv(text);
  return (a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0")).slice(0, 10);
}

/** `uuid`: the stack UUID the name starts with (a nested stack's rules use the root's). */
export const ruleName = (functionKey: string, ruleKeyText: string, uuid: unknown = stackUuid) => ({
  "Fn::Join": ["-", [uuid, functionKey, ruleKey(ruleKeyText)]],
});

/**
 * The ARNs of this stack's rules (`functionKey` given: of one function's rules); `uuid` as for `ruleName`.
 * A rule on a custom bus has the ARN `rule/<bus name>/<rule name>`: `busName` given, the rules on that bus.
 */
export const rulesArnPattern = (functionKey?: string, uuid: unknown = stackUuid, busName?: unknown) => ({
  "Fn::Sub": [
    `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${busName === undefined ? "" : "${BusName}/"}\${StackUuid}-${functionKey ? `${functionKey}-` : ""}*`,
    busName === undefined ? { StackUuid: uuid } : { BusName: busName, StackUuid: uuid },
  ],
});

/** An event bus of the stack's own, named `name`. */
export function eventBus(name: unknown): Resource {
  return { Type: "AWS::Events::EventBus", Properties: { Name: name } };
}

/** An archive named `name` of every event put on a bus (no pattern), kept `retentionDays` (0: indefinitely). */
export function archive(name: unknown, busArn: unknown, retentionDays: number): Resource {
  return { Type: "AWS::Events::Archive", Properties: { ArchiveName: name, SourceArn: busArn, RetentionDays: retentionDays } };
}

export interface RuleTarget {
  id: string;
  functionId: string;
  deadLetterQueueId: string;
}

/**
 * A rule with one Lambda target, on the default bus or on `busName`; what it cannot deliver goes to the
 * dead-letter queue. The pass `rules` names it and lets it invoke its target (src/expander/passes/rules.ts).
 */
export function rule(trigger: { EventPattern: unknown } | { ScheduleExpression: string }, target: RuleTarget, busName?: unknown): Resource {
  return {
    Type: "AWS::Events::Rule",
    Properties: {
      ...(busName === undefined ? {} : { EventBusName: busName }),
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
