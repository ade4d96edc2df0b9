/**
 * `source: queue:<name>`: messages on one of the app's queues. A queue nobody consumes directly is
 * read by a bridge function (src/runtime/queue-bridge.cjs; queue-bridge-fifo.cjs for a FIFO queue) that
 * puts each message on the app's bus (src/expander/bus.ts); `consume: {source: queue:<name>}` reads it
 * directly instead.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { eventPutter, putAppEvents } from "../bus.js";
import { getAtt, ref } from "../intrinsics.js";
import { queueIds } from "../names.js";
import { notDeclared, type Source } from "./source.js";

export const SQS_POLL = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];
export const BRIDGE_TIMEOUT = 30;

const queueArn = (name: string) => getAtt(queueIds(name).queue, "Arn");

export const queue: Source = {
  token: { argument: true },
  missing: (ctx, name) => (ctx.queues.has(name) ? undefined : notDeclared("queue", name, ctx.queues.keys())),
  binding: (name) => ({ source: [queueArn(name)] }),
  detail: null, // a queue message body is the user's own JSON
  bus: "app",
  reach: { actions: "sqs", instances: (ctx) => [...ctx.queues.keys()], arns: (name) => [queueArn(name)] },
  environment: (ctx) => [...ctx.queues.keys()].map((name) => [queueIds(name).envName, ref(queueIds(name).queue)]),
  poll: { arn: queueArn, actions: SQS_POLL },
  node: (name) => ({ shape: "queue", text: `queue ${name}` }),
  bridge(ctx, out, name) {
    const spec = ctx.queues.get(name) ?? {};
    const { code, environment } = eventPutter(ctx, spec.fifo ? "queueBridgeFifo" : "queueBridge");
    const bridge = addFunctionResources(
      ctx,
      out,
      queueIds(name).bridgeNamespace,
      inlineSettings(code, { QUEUE_ARN: queueArn(name), ...environment }, BRIDGE_TIMEOUT),
      [{ Effect: "Allow", Action: SQS_POLL, Resource: queueArn(name) }, putAppEvents(ctx)],
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
