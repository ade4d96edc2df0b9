/**
 * The app failure queue (spec §3): nothing is silently dropped. Async functions send failed
 * invocations here (on-failure destination), rules and schedules what they cannot deliver
 * (dead-letter queue), stream mappings the records they give up on.
 */
import { FOURTEEN_DAYS, queue, queuePolicy } from "../aws/sqs.js";
import type { AppContext } from "../context.js";
import { getAtt, ref } from "../intrinsics.js";
import { APP } from "../names.js";
import { fragmentWriter } from "../types.js";
import type { Construct } from "./construct.js";
import { eventRuleIds } from "./events.js";
import { parseTimer, timerRuleIds } from "./timers.js";

export function needsFailureQueue(ctx: AppContext): boolean {
  return ctx.has.stream || ctx.functions.some((fn) => fn.kind === "async" || parseTimer(fn).timer !== undefined);
}

export const failures: Construct = {
  name: "failures",
  build(ctx, fragment) {
    if (!needsFailureQueue(ctx)) return;
    const out = fragmentWriter(fragment, ctx.path);
    out.resource(APP.failureQueue, queue({ retention: FOURTEEN_DAYS, tags: ctx.tags }));
    out.output(APP.failureQueue, ref(APP.failureQueue), "URL of the app failure queue (what could not be delivered or processed)");
    const rules = [...eventRuleIds(ctx), ...timerRuleIds(ctx)];
    if (!rules.length) return;
    out.resource(
      APP.failureQueuePolicy,
      queuePolicy(ref(APP.failureQueue), [
        {
          Sid: "RulesDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: getAtt(APP.failureQueue, "Arn"),
          Condition: { ArnEquals: { "aws:SourceArn": rules.map((id) => getAtt(id, "Arn")) } },
        },
      ]),
    );
  },
};
