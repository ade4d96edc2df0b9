/** The table bridge (spec §3): DynamoDB stream -> one event per record on the default bus. */
import { runtimeCode } from "../../generated/runtime-code.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { arn, getAtt } from "../intrinsics.js";
import { APP } from "../names.js";
import { fragmentWriter } from "../types.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { addFunctionResources, inlineSettings } from "./function-resources.js";
import { STREAM_POLL } from "./pollers.js";
import { streamFailure } from "./stream.js";

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_BATCH_WINDOW = 1;

export const tableBridge: Construct = {
  name: "table-bridge",
  build(ctx, fragment) {
    const stream = ctx.dsl.table?.stream;
    if (!stream) return;
    const out = fragmentWriter(fragment, childPath(childPath(ctx.path, "table"), "stream"));
    const bridge = addFunctionResources(
      ctx,
      out,
      APP.tableBridge,
      inlineSettings(runtimeCode.tableBridge, { TABLE_ARN: getAtt(APP.table, "Arn") }),
      [
        { Effect: "Allow", Action: STREAM_POLL, Resource: getAtt(APP.table, "StreamArn") },
        { Effect: "Allow", Action: "events:PutEvents", Resource: arn.defaultBus },
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(APP.failureQueue, "Arn") },
      ],
    );
    out.resource(
      bridge.eventSourceMapping,
      eventSourceMapping({
        functionId: bridge.function,
        sourceArn: getAtt(APP.table, "StreamArn"),
        batchSize: stream.batchSize ?? DEFAULT_BATCH_SIZE,
        batchWindow: stream.batchWindow ?? DEFAULT_BATCH_WINDOW,
        startingPosition: "LATEST",
        onFailure: streamFailure,
        dependsOn: [bridge.policy],
      }),
    );
  },
};
