/**
 * `source: table` (the app table) and `source: table:<name>` (one of `tables`): a table's changes. Its
 * stream is read by a bridge function (src/runtime/table-bridge.cjs) that puts one event per record on
 * the app's bus (src/expander/bus.ts); `consume: {source: table[:<name>]}` reads the stream directly
 * instead. The app table and the named ones share every line below: the argument `""` is the app table
 * (names.ts, `tableIds`).
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { eventSourceMapping } from "../aws/lambda.js";
import { eventPutter, putAppEvents } from "../bus.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { SEND_TO_FAILURE_QUEUE, streamFailure } from "../constructs/stream.js";
import { getAtt, ref, sub } from "../intrinsics.js";
import { tableIds } from "../names.js";
import { notDeclared, type Source } from "./source.js";

/**
 * What Lambda needs on a stream to poll it. Lambda's guide also lists `dynamodb:ListStreams`, but that
 * action takes `Resource: "*"` only, so a grant on the stream's ARN never applied; mappings work without
 * it (SAM's DynamoDBStreamReadPolicy has always scoped it so), and Pareto does not grant it on `*`.
 */
export const STREAM_POLL = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

const tableArn = (name: string) => getAtt(tableIds(name).table, "Arn");
const streamArn = (name: string) => getAtt(tableIds(name).table, "StreamArn");

export const table: Source = {
  token: { argument: "optional" },
  missing(ctx, name) {
    const declared = ctx.tables.get(name);
    if (!declared)
      return name ? notDeclared("table", name, [...ctx.tables.keys()].filter(Boolean)) : "the app has no table (add `table: {stream: {}}`)";
    if (declared.spec.stream) return undefined;
    return name
      ? `table '${name}' has no stream (add \`stream: {}\` to \`tables.${name}\`)`
      : "the app table has no stream (add `stream: {}` to `table`)";
  },
  binding: (name) => ({ source: [tableArn(name)] }),
  // The bridge's detail (src/runtime/table-bridge.cjs).
  detail: { eventName: null, keys: null, diffKeys: null, records: null },
  detailValues: new Map([["eventName", ["INSERT", "MODIFY", "REMOVE"]]]),
  reach: {
    actions: "dynamodb",
    instances: (ctx) => [...ctx.tables.keys()],
    arns: (name) => [tableArn(name), sub(`\${${tableIds(name).table}.Arn}/index/*`)],
  },
  environment: (ctx) => [...ctx.tables.keys()].map((name) => [tableIds(name).envName, ref(tableIds(name).table)]),
  poll: { arn: streamArn, actions: STREAM_POLL },
  bus: "app",
  node: (name) => ({ shape: "store", text: name ? `table ${name}` : "app table" }),
  bridge(ctx, out, name) {
    const stream = ctx.tables.get(name)?.spec.stream;
    if (!stream) return;
    const { code, environment } = eventPutter(ctx, "tableBridge");
    const bridge = addFunctionResources(
      ctx,
      out,
      tableIds(name).bridgeNamespace,
      inlineSettings(code, { TABLE_ARN: tableArn(name), ...environment }),
      [{ Effect: "Allow", Action: STREAM_POLL, Resource: streamArn(name) }, putAppEvents(ctx), SEND_TO_FAILURE_QUEUE],
    );
    out.resource(
      bridge.eventSourceMapping,
      eventSourceMapping({
        functionId: bridge.function,
        sourceArn: streamArn(name),
        batchSize: stream.batchSize ?? DEFAULTS.table.stream.batchSize,
        batchWindow: stream.batchWindow ?? DEFAULTS.table.stream.batchWindow,
        startingPosition: "LATEST",
        onFailure: streamFailure,
      }),
    );
  },
};
