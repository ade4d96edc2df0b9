/** Named events (spec §3): one rule per event, bound to its source, with a scoped invoke permission. */
import { rule } from "../aws/events.js";
import { invokePermission } from "../aws/lambda.js";
import type { AppContext, FunctionContext } from "../context.js";
import { getAtt } from "../intrinsics.js";
import { APP, eventIds } from "../names.js";
import { bindPattern, ownedFieldClashes } from "../sources/bind.js";
import { parseSource } from "../sources/registry.js";
import { fragmentWriter } from "../types.js";
import { childPath } from "../validate/path.js";
import { checkPattern } from "../validate/pattern.js";
import { checkSourceDetail } from "../validate/source-details.js";
import type { Construct } from "./construct.js";

const eventPath = (fn: FunctionContext, i: number) => childPath(childPath(fn.path, "events"), i);

/** Every rule ID the events of the app produce (the failure queue lets exactly these write to it). */
export function eventRuleIds(ctx: AppContext): string[] {
  return ctx.functions.flatMap((fn) => (fn.spec.events ?? []).map((event) => eventIds(fn.name, event.name).rule));
}

function checkEvent(ctx: AppContext, fn: FunctionContext, i: number): string[] {
  const event = fn.spec.events![i];
  const path = eventPath(fn, i);
  const patternPath = childPath(path, "pattern");
  const { source, argument } = parseSource(event.source);
  const missing = source.missing(ctx, argument);
  const errors = missing ? [`${childPath(path, "source")}: ${missing}`] : [];
  const pattern = event.pattern as Record<string, unknown>;
  errors.push(
    ...ownedFieldClashes(pattern, source.binding(argument), patternPath).map(
      (field) => `${field}: this field is set by source '${event.source}'; remove it from the pattern`,
    ),
  );
  // An empty pattern matches every event of a bound source; a global one would match the whole bus.
  if (Object.keys(pattern).length === 0) {
    if (event.source === "global")
      errors.push(`${patternPath}: a global event must match on at least one field (for example 'source' or 'detail-type')`);
    return errors;
  }
  errors.push(...checkPattern(pattern, patternPath, "event"));
  if (pattern.detail !== undefined) errors.push(...checkSourceDetail(source.detail, pattern.detail, childPath(patternPath, "detail")));
  return errors;
}

export const events: Construct = {
  name: "events",
  check(ctx) {
    return ctx.functions.flatMap((fn) => {
      const seen = new Set<string>();
      return (fn.spec.events ?? []).flatMap((event, i) => {
        const duplicate = seen.has(event.name)
          ? [`${childPath(eventPath(fn, i), "name")}: event '${event.name}' is declared twice in function '${fn.name}'`]
          : [];
        seen.add(event.name);
        return [...duplicate, ...checkEvent(ctx, fn, i)];
      });
    });
  },
  build(ctx, fragment) {
    for (const fn of ctx.functions) {
      (fn.spec.events ?? []).forEach((event, i) => {
        const out = fragmentWriter(fragment, eventPath(fn, i));
        const ids = eventIds(fn.name, event.name);
        const { source, argument } = parseSource(event.source);
        const pattern = bindPattern(event.pattern as Record<string, unknown>, source.binding(argument));
        out.resource(
          ids.rule,
          rule({ EventPattern: pattern }, { id: `${fn.name}-${event.name}`.slice(0, 64), functionId: fn.ids.function, deadLetterQueueId: APP.failureQueue }),
        );
        out.resource(ids.permission, invokePermission(fn.ids.function, "events.amazonaws.com", getAtt(ids.rule, "Arn")));
      });
    }
  },
};
