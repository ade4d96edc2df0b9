/**
 * The failure queue's policy: EventBridge may deliver to it exactly what the app's rules cannot
 * deliver to their targets. The rules are found in the graph (every rule whose dead-letter queue is
 * the failure queue), so a construct that adds a rule needs to do nothing more.
 */
import { rulesArnPattern } from "../aws/events.js";
import { queuePolicy } from "../aws/sqs.js";
import type { Node } from "../graph.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Pass } from "./pass.js";

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
        // Every rule of this stack, by its name prefix (pass `rules`): the policy's size does not grow with them.
        Condition: { ArnLike: { "aws:SourceArn": rulesArnPattern() } },
      },
    ]);
    graph.add({ id: APP.failureQueuePolicy, resource: policy, origin: queue.origin }, APP.failureQueue);
    return [];
  },
};
