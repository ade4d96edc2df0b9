/**
 * The failure queue's policy: EventBridge may deliver to it exactly what the app's rules cannot
 * deliver to their targets, and SNS what the app's topics cannot deliver to their subscribers. The
 * rules and subscriptions are found in the graph (every one whose dead-letter queue is the failure
 * queue), so a construct that adds one needs to do nothing more.
 */
import { rulesArnPattern } from "../aws/events.js";
import { queuePolicy } from "../aws/sqs.js";
import type { Node, ResourceGraph } from "../graph.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Pass } from "./pass.js";
import { busesOf } from "./rules.js";

const failureQueueArn = JSON.stringify(getAtt(APP.failureQueue, "Arn"));

const deadLettersToFailureQueue = (rule: Node) =>
  ((rule.resource.Properties.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn: unknown } }>).some(
    (target) => JSON.stringify(target.DeadLetterConfig?.Arn) === failureQueueArn,
  );

const redrivesToFailureQueue = (subscription: Node) =>
  JSON.stringify((subscription.resource.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn) ===
  failureQueueArn;

/** The topics whose subscriptions redrive to the failure queue, each once, in the order found. */
function deadLetteringTopics(graph: ResourceGraph): unknown[] {
  const topics = new Map<string, unknown>();
  for (const subscription of graph.ofType("AWS::SNS::Subscription").filter(redrivesToFailureQueue)) {
    const topic = subscription.resource.Properties.TopicArn;
    topics.set(JSON.stringify(topic), topic);
  }
  return [...topics.values()];
}

export const failureQueuePolicy: Pass = {
  name: "failure queue policy",
  run(_ctx, graph) {
    const queue = graph.get(APP.failureQueue);
    const rules = graph.ofType("AWS::Events::Rule").filter(deadLettersToFailureQueue);
    const topics = deadLetteringTopics(graph);
    if (!queue || (!rules.length && !topics.length)) return [];
    // Rules on the default bus and on the app bus have ARNs of two forms: one pattern for each bus in use.
    const patterns = busesOf(rules).map((busName) => rulesArnPattern(undefined, undefined, busName));
    const sendFrom = (Sid: string, service: string, Condition: Record<string, unknown>) => ({
      Sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sqs:SendMessage",
      Resource: getAtt(APP.failureQueue, "Arn"),
      Condition,
    });
    const statements = [
      // Every rule of this stack, by its name prefix (pass `rules`): the policy's size does not grow with them.
      ...(rules.length
        ? [
            sendFrom("RulesDeadLetters", "events.amazonaws.com", {
              ArnLike: { "aws:SourceArn": patterns.length === 1 ? patterns[0] : patterns },
            }),
          ]
        : []),
      // Each topic by its ARN: SNS sends from the topic whose subscription failed.
      ...(topics.length ? [sendFrom("TopicsDeadLetters", "sns.amazonaws.com", { ArnEquals: { "aws:SourceArn": topics } })] : []),
    ];
    const policy = queuePolicy(ref(APP.failureQueue), statements);
    graph.add({ id: APP.failureQueuePolicy, resource: policy, origin: queue.origin }, APP.failureQueue);
    return [];
  },
};
