/**
 * `source: table`: the app table's changes. The table stream is read by a bridge function
 * (src/runtime/table-bridge.cjs) that puts one event per record on the default bus; `consume:
 * {source: table}` reads the stream directly instead.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { runtimeCode } from "../../generated/runtime-code.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { SEND_TO_FAILURE_QUEUE, streamFailure } from "../constructs/stream.js";
import { arn, getAtt, ref, sub } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Source } from "./source.js";

/**
 * What Lambda needs on a stream to poll it. Lambda's guide also lists `dynamodb:ListStreams`, but that
 * action takes `Resource: "*"` only, so a grant on the stream's ARN never applied; mappings work without
 * it (SAM's DynamoDBStreamReadPolicy has always scoped it so), and Pareto does not grant it on `*`.
 */
export const STREAM_POLL = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

export const table: Source = {
  token: { argument: false },
  missing: (ctx) =>
    !ctx.has.table
      ? "the app has no table (add `table: {stream: {}}`)"
      : ctx.has.stream
        ? undefined
        : "the app table has no stream (add `stream: {}` to `table`)",
  binding: () => ({ source: [getAtt(APP.table, "Arn")] }),
  // The bridge's detail (src/runtime/table-bridge.cjs).
  detail: { eventName: null, keys: null, diffKeys: null, records: null },
  detailValues: new Map([["eventName", ["INSERT", "MODIFY", "REMOVE"]]]),
  reach: {
    actions: "dynamodb",
    instances: (ctx) => (ctx.has.table ? [""] : []),
    arns: () => [getAtt(APP.table, "Arn"), sub(`\${${APP.table}.Arn}/index/*`)],
  },
  environment: (ctx) => (ctx.has.table ? [["APP_TABLE", ref(APP.table)]] : []),
  poll: { arn: () => getAtt(APP.table, "StreamArn"), actions: STREAM_POLL },
  node: () => ({ shape: "store", text: "app table" }),
  bridge(ctx, out) {
    const stream = ctx.dsl.table?.stream;
    if (!stream) return;
    const bridge = addFunctionResources(
      ctx,
      out,
      APP.tableBridge,
      inlineSettings(runtimeCode.tableBridge, { TABLE_ARN: getAtt(APP.table, "Arn") }),
      [
        { Effect: "Allow", Action: STREAM_POLL, Resource: getAtt(APP.table, "StreamArn") },
        { Effect: "Allow", Action: "events:PutEvents", Resource: arn.defaultBus },
        SEND_TO_FAILURE_QUEUE,
      ],
    );
    out.resource(
      bridge.eventSourceMapping,
      eventSourceMapping({
        functionId: bridge.function,
        sourceArn: getAtt(APP.table, "StreamArn"),
        batchSize: stream.batchSize ?? DEFAULTS.table.stream.batchSize,
        batchWindow: stream.batchWindow ?? DEFAULTS.table.stream.batchWindow,
        startingPosition: "LATEST",
        onFailure: streamFailure,
      }),
    );
  },
};
