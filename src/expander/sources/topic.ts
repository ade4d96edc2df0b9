/**
 * `topic:<name>`: one of the app's SNS topics (constructs/topics.ts builds them). SNS delivers to
 * functions itself, so a topic is no EventBridge source: `consume: {source: topic:<name>}` subscribes a
 * function, which SNS then invokes asynchronously, once per message, with the messages its `filter`
 * (an SNS filter policy over the message body) accepts. What SNS cannot deliver goes to the failure queue.
 */
import { invokePermission } from "../aws/lambda.js";
import { subscription } from "../aws/sns.js";
import type { AppContext, FunctionContext } from "../context.js";
import type { GraphWriter } from "../graph.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP, topicIds } from "../names.js";
import { checkFilterPolicy } from "../validate/filter-policy.js";
import { childPath } from "../validate/path.js";
import { notDeclared, type Source } from "./source.js";

export const topicArn = (name: string) => ref(topicIds(name).topic);

/** `consume` settings of batches, which a subscription does not have. */
const BATCH_SETTINGS = ["batchSize", "batchWindow", "maxConcurrency", "startingPosition"] as const;

function checkSubscriber(ctx: AppContext, fn: FunctionContext, path: string): string[] {
  const spec = fn.spec.consume;
  const name = fn.consumes?.argument ?? "";
  if (!spec) return [];
  const errors = BATCH_SETTINGS.filter((key) => spec[key] !== undefined).map(
    (key) => `${childPath(path, key)}: does not apply to a topic (SNS invokes the function once per message, not in batches)`,
  );
  if (ctx.topics.get(name)?.fifo)
    errors.push(
      `${childPath(path, "source")}: topic '${name}' is FIFO, and SNS delivers a FIFO topic's messages only to SQS FIFO queues, not to functions: subscribe a FIFO queue (\`topics.${name}.subscriptions: [{protocol: sqs, endpoint: "queue:<q>"}]\`) and consume that queue`,
    );
  if (spec.filter !== undefined) errors.push(...checkFilterPolicy(spec.filter, childPath(path, "filter")));
  return errors;
}

function buildSubscriber(_ctx: AppContext, out: GraphWriter, fn: FunctionContext) {
  const name = fn.consumes?.argument ?? "";
  out.resource(fn.ids.topicPermission, invokePermission(fn.ids.function, "sns.amazonaws.com", topicArn(name)));
  out.resource(
    fn.ids.topicSubscription,
    subscription({
      topicArn: topicArn(name),
      protocol: "lambda",
      endpoint: getAtt(fn.ids.function, "Arn"),
      filterPolicy: fn.spec.consume?.filter,
      // What SNS cannot deliver (the function's own failures go to its on-failure destination).
      deadLetterArn: getAtt(APP.failureQueue, "Arn"),
    }),
  );
}

export const topic: Source = {
  token: { argument: true },
  missing: (ctx, name) => (ctx.topics.has(name) ? undefined : notDeclared("topic", name, ctx.topics.keys())),
  binding: () => ({}),
  detail: null,
  notAnEvent: (name) =>
    `topic '${name}' is not an EventBridge source (SNS delivers its messages to functions itself): use \`consume: {source: "topic:${name}"}\` instead of an event`,
  reach: {
    actions: "sns",
    instances: (ctx) => [...ctx.topics.keys()],
    arns: (name) => [topicArn(name)],
  },
  environment: (ctx) => [...ctx.topics.keys()].map((name) => [topicIds(name).envName, topicArn(name)]),
  subscribe: { check: checkSubscriber, build: buildSubscriber },
  node: (name) => ({ shape: "queue", text: `topic ${name}` }),
};
