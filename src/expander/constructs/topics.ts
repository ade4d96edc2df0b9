/**
 * Topics (docs/dsl.md, "Topics"): each SNS topic, its output, and its `subscriptions` to endpoints
 * outside the functions (e-mail, HTTPS, the app's queues, each queue with a policy letting its topics
 * send). A function's own subscription is written by `consume` (sources/topic.ts).
 */
import type { SubscriptionSpec, TopicSpec } from "../../generated/dsl.js";
import { subscription, topic } from "../aws/sns.js";
import { queuePolicy } from "../aws/sqs.js";
import type { AppContext } from "../context.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP, queueIds, topicIds } from "../names.js";
import { notDeclared } from "../sources/source.js";
import { topicArn } from "../sources/topic.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

const QUEUE_ENDPOINT = /^queue:([a-z][a-z0-9-]*)$/;
/** What SNS accepts as an e-mail endpoint, roughly: one `@`, no spaces, a dot in the domain. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const topicPath = (ctx: AppContext, name: string) => childPath(childPath(ctx.path, "topics"), name);

/** The app queue an `sqs` subscription names (`queue:<q>`), if its endpoint is one. */
const endpointQueue = (endpoint: unknown) => (typeof endpoint === "string" ? QUEUE_ENDPOINT.exec(endpoint)?.[1] : undefined);

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}

function checkEndpoint(ctx: AppContext, spec: TopicSpec, subscriptionSpec: SubscriptionSpec, path: string): string[] {
  const { protocol, endpoint } = subscriptionSpec;
  const endpointPath = childPath(path, "endpoint");
  if (spec.fifo && protocol !== "sqs")
    return [`${childPath(path, "protocol")}: a FIFO topic delivers only to SQS FIFO queues, not by ${protocol}`];
  switch (protocol) {
    case "email":
      return typeof endpoint !== "string" || EMAIL.test(endpoint) ? [] : [`${endpointPath}: '${endpoint}' is not an e-mail address`];
    case "https":
      return typeof endpoint !== "string" || isHttpsUrl(endpoint) ? [] : [`${endpointPath}: '${endpoint}' is not an https:// URL`];
    case "sqs": {
      const queue = endpointQueue(endpoint);
      if (queue === undefined) return [`${endpointPath}: must name one of the app's queues as queue:<name>`];
      const queueSpec = ctx.queues.get(queue);
      if (!queueSpec) return [`${endpointPath}: ${notDeclared("queue", queue, ctx.queues.keys())}`];
      if (Boolean(queueSpec.fifo) !== Boolean(spec.fifo))
        return [
          spec.fifo
            ? `${endpointPath}: queue '${queue}' is a standard queue; a FIFO topic delivers only to FIFO queues (add \`fifo: true\` to the queue)`
            : `${endpointPath}: queue '${queue}' is a FIFO queue; only a FIFO topic delivers to one (add \`fifo: true\` to the topic)`,
        ];
      return [];
    }
  }
}

function checkTopic(ctx: AppContext, name: string, spec: TopicSpec): string[] {
  const path = topicPath(ctx, name);
  const errors: string[] = [];
  if (spec.deduplication !== undefined && !spec.fifo)
    errors.push(`${childPath(path, "deduplication")}: only a FIFO topic deduplicates; add \`fifo: true\` or remove it`);
  // SNS keeps one subscription per topic, protocol and endpoint: a second would be the first, and deleting either deletes both.
  const seen = new Map<string, number>();
  (spec.subscriptions ?? []).forEach((subscriptionSpec, i) => {
    const itemPath = childPath(childPath(path, "subscriptions"), i);
    errors.push(...checkEndpoint(ctx, spec, subscriptionSpec, itemPath));
    const key = JSON.stringify([subscriptionSpec.protocol, subscriptionSpec.endpoint]);
    const first = seen.get(key);
    if (first !== undefined) errors.push(`${itemPath}: repeats subscription ${first} (SNS keeps one subscription per endpoint)`);
    else seen.set(key, i);
  });
  return errors;
}

/** Whether any subscription Pareto writes redrives to the failure queue (a FIFO topic's cannot: its queue is standard). */
export const topicsNeedFailureQueue = (ctx: AppContext) =>
  [...ctx.topics.values()].some((spec) => !spec.fifo && (spec.subscriptions ?? []).length > 0);

export const topics: Construct = {
  name: "topics",
  check(ctx) {
    return [...ctx.topics].flatMap(([name, spec]) => checkTopic(ctx, name, spec));
  },
  build(ctx, graph) {
    /** Each subscribed queue: the topics it is subscribed to, and the path of its first subscription. */
    const queueSenders = new Map<string, { topics: string[]; path: string }>();
    for (const [name, spec] of ctx.topics) {
      const ids = topicIds(name);
      const path = topicPath(ctx, name);
      const out = graph.writer(path);
      out.resource(
        ids.topic,
        topic({
          fifo: spec.fifo ?? false,
          contentBasedDeduplication: spec.deduplication === "content",
        }),
      );
      out.output(ids.topic, ref(ids.topic), `ARN of the '${name}' topic`);
      (spec.subscriptions ?? []).forEach(({ protocol, endpoint }, i) => {
        const itemPath = childPath(childPath(path, "subscriptions"), i);
        const queue = protocol === "sqs" ? endpointQueue(endpoint) : undefined;
        if (queue !== undefined) {
          const senders = queueSenders.get(queue) ?? {
            topics: [],
            path: itemPath,
          };
          if (!senders.topics.includes(name)) senders.topics.push(name);
          queueSenders.set(queue, senders);
        }
        graph.writer(itemPath).resource(
          ids.subscription(i),
          subscription({
            topicArn: topicArn(name),
            protocol,
            endpoint: queue === undefined ? endpoint : getAtt(queueIds(queue).queue, "Arn"),
            deadLetterArn: spec.fifo ? undefined : getAtt(APP.failureQueue, "Arn"),
          }),
        );
      });
    }
    // One policy per queue (a queue has one policy: a second resource would replace the first).
    for (const [queue, { topics: senders, path }] of queueSenders) {
      const ids = queueIds(queue);
      const policy = queuePolicy(ref(ids.queue), [
        {
          Sid: "TopicsSend",
          Effect: "Allow",
          Principal: { Service: "sns.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: getAtt(ids.queue, "Arn"),
          Condition: { ArnEquals: { "aws:SourceArn": senders.map(topicArn) } },
        },
      ]);
      graph.writer(path).resource(ids.policy, policy);
    }
  },
};
