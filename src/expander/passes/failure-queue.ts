/**
 * The failure queue's policy: EventBridge may deliver to it exactly what the app's rules cannot
 * deliver to their targets. The rules are found in the graph (every rule whose dead-letter queue is
 * the failure queue), so a construct that adds a rule needs to do nothing more.
 */
import { queuePolicy } from "../aws/sqs.js";
import type { Node } from "../graph.js";
import { getAtt, ref, sub } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Pass } from "./pass.js";

/**
 * An SQS queue policy holds at most 8 KB. Up to this many rules are listed by ARN; beyond it, the
 * policy allows the rules of this stack (CloudFormation names them `<stack>-<logical id>-<suffix>`).
 */
export const MAX_LISTED_RULES = 50;

function allowedRules(rules: string[]): Record<string, unknown> {
  if (rules.length <= MAX_LISTED_RULES) return { ArnEquals: { "aws:SourceArn": rules.map((id) => getAtt(id, "Arn")) } };
  return { ArnLike: { "aws:SourceArn": sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${AWS::StackName}-*") } };
}

const failureQueueArn = JSON.stringify(getAtt(APP.failureQueue, "Arn"));

const deadLettersToFailureQueue = (rule: Node) =>
  ((rule.resource.Properties.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn: unknown } }>).some(
    (target) => JSON.stringify(target.DeadLetterConfig?.Arn) === failureQueueArn,
  );

export const failureQueuePolicy: Pass = {
  name: "failure queue policy",
  run(_ctx, graph) {
    const queue = graph.get(APP.failureQueue);
    const rules = graph.ofType("AWS::Events::Rule").filter(deadLettersToFailureQueue);
    if (!queue || !rules.length) return [];
    const policy = queuePolicy(ref(APP.failureQueue), [
      {
        Sid: "RulesDeadLetters",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: getAtt(APP.failureQueue, "Arn"),
        Condition: allowedRules(rules.map((rule) => rule.id)),
      },
    ]);
    graph.add({ id: APP.failureQueuePolicy, resource: policy, origin: queue.origin }, APP.failureQueue);
    return [];
  },
};
