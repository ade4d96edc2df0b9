/**
 * `source: queue:<name>`: messages on one of the app's queues. A queue nobody consumes directly is
 * read by a bridge function (src/runtime/queue-bridge.cjs) that puts each message on the default bus;
 * `consume: {source: queue:<name>}` reads it directly instead.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { runtimeCode } from "../../generated/runtime-code.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { arn, getAtt, ref } from "../intrinsics.js";
import { queueIds } from "../names.js";
import type { Source } from "./source.js";

export const SQS_POLL = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];
export const BRIDGE_TIMEOUT = 30;

const declared = (names: Iterable<string>) => [...names].join(", ") || "none";
const queueArn = (name: string) => getAtt(queueIds(name).queue, "Arn");

export const queue: Source = {
  token: { argument: true },
  missing: (ctx, name) => (ctx.queues.has(name) ? undefined : `queue '${name}' is not declared (declared: ${declared(ctx.queues.keys())})`),
  binding: (name) => ({ source: [queueArn(name)] }),
  detail: null, // a queue message body is the user's own JSON
  reach: { actions: "sqs", instances: (ctx) => [...ctx.queues.keys()], arns: (name) => [queueArn(name)] },
  environment: (ctx) => [...ctx.queues.keys()].map((name) => [queueIds(name).envName, ref(queueIds(name).queue)]),
  poll: { arn: queueArn, actions: SQS_POLL },
  node: (name) => ({ shape: "queue", text: `queue ${name}` }),
  bridge(ctx, out, name) {
    const spec = ctx.queues.get(name) ?? {};
    const bridge = addFunctionResources(
      ctx,
      out,
      queueIds(name).bridgeNamespace,
      inlineSettings(runtimeCode.queueBridge, { QUEUE_ARN: queueArn(name) }, BRIDGE_TIMEOUT),
      [
        { Effect: "Allow", Action: SQS_POLL, Resource: queueArn(name) },
        { Effect: "Allow", Action: "events:PutEvents", Resource: arn.defaultBus },
      ],
    );
    out.resource(
      bridge.eventSourceMapping,
      eventSourceMapping({
        functionId: bridge.function,
        sourceArn: queueArn(name),
        batchSize: spec.batchSize ?? DEFAULTS.queue.batchSize,
        batchWindow: spec.batchWindow || undefined,
      }),
    );
  },
};
