/**
 * Timers (docs/dsl.md, "Timers"): `rate` and plain `cron` become a rule; `cron` with `timezone` an EventBridge
 * Scheduler schedule; `rate: N seconds` a sub-minute ticker (a rule each minute invokes a tick
 * function that sends 60/N delayed messages to a queue the target function consumes).
 */
import { runtimeCode } from "../../generated/runtime-code.js";
import { rule } from "../aws/events.js";
import { serviceRole } from "../aws/iam.js";
import { eventInvokeConfig, eventSourceMapping } from "../aws/lambda.js";
import { schedule } from "../aws/scheduler.js";
import { queue } from "../aws/sqs.js";
import { DEFAULTS } from "../../generated/defaults.js";
import type { AppContext, FunctionContext } from "../context.js";
import { getAtt, ref } from "../intrinsics.js";
import { SEND_TO_FAILURE_QUEUE } from "./stream.js";
import { APP, timerIds } from "../names.js";
import type { GraphWriter } from "../graph.js";
import { childPath, shown } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { addFunctionResources, inlineSettings } from "./function-resources.js";

export type Timer =
  | { kind: "rate"; expression: string }
  | { kind: "cron"; expression: string }
  | { kind: "schedule"; expression: string; timezone: string }
  | { kind: "ticker"; seconds: number };

const RATE = /^(\d+) (second|minute|hour|day)s?$/;
/** A rate longer than a year is a mistake, not a schedule (EventBridge publishes no maximum). */
const MAX_RATE: ReadonlyMap<string, number> = new Map([
  ["minute", 525_600],
  ["hour", 8_760],
  ["day", 365],
]);
/** EventBridge and Scheduler take schedule expressions of at most 256 characters. */
const MAX_EXPRESSION = 256;
/** cron(minutes hours day-of-month month day-of-week year), as EventBridge documents it. */
const CRON_FIELDS = [
  /^(\*(\/\d+)?|[0-5]?\d([-/,][0-5]?\d)*)$/,
  /^(\*(\/\d+)?|([01]?\d|2[0-3])([-/,]([01]?\d|2[0-3]))*)$/,
  /^(\*(\/\d+)?|\?|L|LW|\d{1,2}W|([1-9]|[12]\d|3[01])([-/,]([1-9]|[12]\d|3[01]))*)$/,
  /^(\*(\/\d+)?|((1[0-2]|0?[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([-/,](1[0-2]|0?[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*))$/,
  /^(\*(\/\d+)?|\?|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])?([-/,]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*)$/,
  /^(\*(\/\d+)?|(19[7-9]\d|2[01]\d\d)([-/,](19[7-9]\d|2[01]\d\d|\d{1,3}))*)$/,
];

function parseRate(rate: string): { timer?: Timer; error?: string } {
  const match = RATE.exec(rate.trim());
  if (!match) return { error: `'${shown(rate)}' is not a rate; write 'N minutes', 'N hours', 'N days' or 'N seconds'` };
  const count = Number(match[1]);
  const unit = match[2];
  if (count === 0) return { error: `'${rate}': the rate must be at least 1 ${unit}` };
  const max = MAX_RATE.get(unit);
  if (max !== undefined && count > max)
    return { error: `'${shown(rate)}': a rate is at most a year (${max} ${unit}s); use a cron expression for rarer schedules` };
  if (unit === "second") {
    if (count >= 60 || 60 % count !== 0)
      return { error: `'${rate}': a sub-minute rate must divide 60 seconds (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)` };
    return { timer: { kind: "ticker", seconds: count } };
  }
  return { timer: { kind: "rate", expression: `rate(${count} ${unit}${count === 1 ? "" : "s"})` } };
}

function parseCron(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  const expression = `cron(${fields.join(" ")})`;
  if (expression.length > MAX_EXPRESSION)
    return `'${shown(cron)}': cron(...) would be ${expression.length} characters; EventBridge takes at most ${MAX_EXPRESSION}`;
  if (fields.length !== 6)
    return `'${shown(cron)}' has ${fields.length} fields; a cron has 6 (minutes hours day-of-month month day-of-week year)`;
  const bad = fields.findIndex((field, i) => !CRON_FIELDS[i].test(field.toUpperCase()));
  if (bad >= 0) return `'${cron}': field ${bad + 1} ('${fields[bad]}') is not valid`;
  if ((fields[2] === "?") === (fields[4] === "?")) return `'${cron}': exactly one of day-of-month and day-of-week must be '?'`;
  return undefined;
}

function validTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

type Parsed = { timer?: Timer; errors: string[] };
/** Several constructs ask for a function's timer; it is parsed once per function context. */
const parsed = new WeakMap<FunctionContext, Parsed>();

/** The timer of a function, or the problems with it (each `<path>: <message>`). */
export function parseTimer(fn: FunctionContext): Parsed {
  let result = parsed.get(fn);
  if (!result) {
    result = parseTimerSpec(fn);
    parsed.set(fn, result);
  }
  return result;
}

function parseTimerSpec(fn: FunctionContext): Parsed {
  const spec = fn.spec.timer;
  if (!spec) return { errors: [] };
  const path = childPath(fn.path, "timer");
  if (spec.rate !== undefined && spec.cron !== undefined) return { errors: [`${path}: give either 'rate' or 'cron', not both`] };
  if (spec.rate !== undefined) {
    if (spec.timezone !== undefined) return { errors: [`${childPath(path, "timezone")}: a timezone applies to 'cron' timers only`] };
    const { timer, error } = parseRate(spec.rate);
    return { timer, errors: error ? [`${childPath(path, "rate")}: ${error}`] : [] };
  }
  if (spec.cron === undefined) return { errors: [`${path}: give 'rate' or 'cron'`] };
  const cronError = parseCron(spec.cron);
  const errors = cronError ? [`${childPath(path, "cron")}: ${cronError}`] : [];
  if (spec.timezone !== undefined && !validTimezone(spec.timezone))
    errors.push(`${childPath(path, "timezone")}: '${spec.timezone}' is not an IANA time zone (for example Europe/London)`);
  if (errors.length) return { errors };
  const expression = `cron(${spec.cron.trim().split(/\s+/).join(" ")})`;
  return {
    timer: spec.timezone !== undefined ? { kind: "schedule", expression, timezone: spec.timezone } : { kind: "cron", expression },
    errors: [],
  };
}

function timerRule(out: GraphWriter, fn: FunctionContext, expression: string, targetId: string) {
  const ids = timerIds(fn.name);
  out.resource(
    ids.rule,
    rule({ ScheduleExpression: expression }, { id: `${fn.name}-timer`, functionId: targetId, deadLetterQueueId: APP.failureQueue }),
  );
}

function schedulerTimer(out: GraphWriter, fn: FunctionContext, timer: Extract<Timer, { kind: "schedule" }>) {
  const ids = timerIds(fn.name);
  out.resource(
    ids.role,
    serviceRole(
      "scheduler.amazonaws.com",
      [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: getAtt(fn.ids.function, "Arn") }, SEND_TO_FAILURE_QUEUE],
      { StringEquals: { "aws:SourceAccount": ref("AWS::AccountId") } },
    ),
  );
  out.resource(
    ids.schedule,
    schedule({
      expression: timer.expression,
      timezone: timer.timezone,
      functionId: fn.ids.function,
      roleId: ids.role,
      deadLetterQueueId: APP.failureQueue,
      retries: fn.spec.retries ?? DEFAULTS.function.retries,
    }),
  );
}

function tickerTimer(ctx: AppContext, out: GraphWriter, fn: FunctionContext, seconds: number) {
  const ids = timerIds(fn.name);
  // A tick the function fails is received `retries` more times, then moved to the failure queue. SQS moves
  // it only when it is received again, after the visibility timeout, so it must outlive that many timeouts.
  const receives = (fn.spec.retries ?? DEFAULTS.function.retries) + 1;
  const visibilityTimeout = 6 * fn.timeout;
  out.resource(
    ids.tickerQueue,
    queue({
      visibilityTimeout,
      retention: visibilityTimeout * receives + 60,
      deadLetter: { queueId: APP.failureQueue, maxReceiveCount: receives },
    }),
  );
  const ticker = addFunctionResources(
    ctx,
    out,
    `${fn.name}-ticker`,
    inlineSettings(runtimeCode.ticker, { QUEUE_URL: ref(ids.tickerQueue), INTERVAL_SECONDS: String(seconds) }, 10),
    [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(ids.tickerQueue, "Arn") }, SEND_TO_FAILURE_QUEUE],
  );
  out.resource(ticker.eventInvokeConfig, eventInvokeConfig(ticker.function, 0, getAtt(APP.failureQueue, "Arn")));
  timerRule(out, fn, "rate(1 minute)", ticker.function);
  out.resource(
    ticker.eventSourceMapping,
    eventSourceMapping({
      functionId: fn.ids.function,
      sourceArn: getAtt(ids.tickerQueue, "Arn"),
      batchSize: 1,
    }),
  );
}

export const timers: Construct = {
  name: "timers",
  check(ctx) {
    return ctx.functions.flatMap((fn) => parseTimer(fn).errors);
  },
  build(ctx, graph) {
    for (const fn of ctx.functions) {
      const { timer } = parseTimer(fn);
      if (!timer) continue;
      const out = graph.writer(childPath(fn.path, "timer"), fn.name);
      if (timer.kind === "rate" || timer.kind === "cron") timerRule(out, fn, timer.expression, fn.ids.function);
      else if (timer.kind === "schedule") schedulerTimer(out, fn, timer);
      else tickerTimer(ctx, out, fn, timer.seconds);
    }
  },
};
