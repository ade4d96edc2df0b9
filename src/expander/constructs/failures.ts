/**
 * The app failure queue (spec §3): nothing is silently dropped. Async functions send failed
 * invocations here (on-failure destination), rules and schedules what they cannot deliver
 * (dead-letter queue), stream mappings the records they give up on.
 */
import { FOURTEEN_DAYS, queue, queuePolicy } from "../aws/sqs.js";
import type { AppContext } from "../context.js";
import { getAtt, ref, sub } from "../intrinsics.js";
import { APP } from "../names.js";
import { fragmentWriter } from "../types.js";
import type { Construct } from "./construct.js";
import { eventRuleIds } from "./events.js";
import { parseTimer, timerRuleIds } from "./timers.js";

/**
 * An SQS queue policy holds at most 8 KB. Up to this many rules are listed by ARN; beyond it, the
 * policy allows the rules of this stack (CloudFormation names them `<stack>-<logical id>-<suffix>`).
 */
export const MAX_LISTED_RULES = 50;

function allowedRules(rules: string[]): Record<string, unknown> {
  if (rules.length <= MAX_LISTED_RULES) return { ArnEquals: { "aws:SourceArn": rules.map((id) => getAtt(id, "Arn")) } };
  return { ArnLike: { "aws:SourceArn": sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${AWS::StackName}-*") } };
}

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
          Condition: allowedRules(rules),
        },
      ]),
    );
  },
};
