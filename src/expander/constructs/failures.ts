/**
 * The app failure queue (docs/dsl.md, "Nothing is dropped"): async functions send failed invocations
 * here (on-failure destination), rules and schedules what they cannot deliver (dead-letter queue),
 * stream mappings the records they give up on, topic subscriptions what SNS cannot deliver. Its policy
 * is written by a pass over every rule and subscription (src/expander/passes/failure-queue.ts).
 */
import { FOURTEEN_DAYS, queue } from "../aws/sqs.js";
import type { AppContext } from "../context.js";
import { ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Construct } from "./construct.js";
import { parseTimer } from "./timers.js";
import { topicsNeedFailureQueue } from "./topics.js";

function needsFailureQueue(ctx: AppContext): boolean {
  return (
    ctx.has.stream || topicsNeedFailureQueue(ctx) || ctx.functions.some((fn) => fn.kind === "async" || parseTimer(fn).timer !== undefined)
  );
}

export const failures: Construct = {
  name: "failures",
  build(ctx, graph) {
    if (!needsFailureQueue(ctx)) return;
    const out = graph.writer(ctx.path);
    out.resource(APP.failureQueue, queue({ retention: FOURTEEN_DAYS }));
    out.output(APP.failureQueue, ref(APP.failureQueue), "URL of the app failure queue (what could not be delivered or processed)");
  },
};
