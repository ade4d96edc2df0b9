/** Named events (docs/dsl.md, "Events"): one rule per event, bound to its source (the pass `rules` lets it invoke the function). */
import { rule } from "../aws/events.js";
import { appBusName, busOf } from "../bus.js";
import type { AppContext, FunctionContext } from "../context.js";
import { APP, eventRuleId } from "../names.js";
import { bindPattern, ownedFieldClashes } from "../sources/bind.js";
import { sourceOf } from "../sources/index.js";
import { childPath } from "../validate/path.js";
import { checkPattern } from "../validate/pattern.js";
import { checkSourceDetail } from "../validate/source-details.js";
import type { Construct } from "./construct.js";

function checkEvent(ctx: AppContext, event: FunctionContext["events"][number]): string[] {
  const { spec, path } = event;
  const source = sourceOf(event.source);
  const patternPath = childPath(path, "pattern");
  if (source.notAnEvent) return [`${childPath(path, "source")}: ${source.notAnEvent(event.source.argument)}`];
  const missing = source.missing(ctx, event.source.argument);
  const errors = missing ? [`${childPath(path, "source")}: ${missing}`] : [];
  const pattern = spec.pattern as Record<string, unknown>;
  errors.push(
    ...ownedFieldClashes(pattern, source.binding(event.source.argument), patternPath).map(
      (field) => `${field}: this field is set by source '${spec.source}'; remove it from the pattern`,
    ),
  );
  // The app bus carries every event of the app (bridges, hooks, functions): one of its own must say which.
  if (event.source.kind === "app" && !["source", "detail-type"].some((field) => Object.hasOwn(pattern, field)))
    errors.push(`${patternPath}: an app event must match on 'source' or 'detail-type' (the app bus carries all of the app's events)`);
  // An empty pattern matches every event of a bound source; a global one would match the whole bus.
  if (Object.keys(pattern).length === 0) {
    if (event.source.kind === "global")
      errors.push(`${patternPath}: a global event must match on at least one field (for example 'source' or 'detail-type')`);
    return errors;
  }
  errors.push(...checkPattern(pattern, patternPath, "event"));
  if (pattern.detail !== undefined) errors.push(...checkSourceDetail(source, pattern.detail, childPath(patternPath, "detail")));
  return errors;
}

export const events: Construct = {
  name: "events",
  check(ctx) {
    return ctx.functions.flatMap((fn) => {
      const seen = new Set<string>();
      return fn.events.flatMap((event) => {
        const duplicate = seen.has(event.spec.name)
          ? [`${childPath(event.path, "name")}: event '${event.spec.name}' is declared twice in function '${fn.name}'`]
          : [];
        seen.add(event.spec.name);
        return [...duplicate, ...checkEvent(ctx, event)];
      });
    });
  },
  build(ctx, graph) {
    for (const fn of ctx.functions) {
      for (const event of fn.events) {
        const out = graph.writer(event.path, fn.name);
        const ruleId = eventRuleId(fn.name, event.spec.name);
        const source = sourceOf(event.source);
        const pattern = bindPattern(event.spec.pattern as Record<string, unknown>, source.binding(event.source.argument));
        out.resource(
          ruleId,
          rule(
            { EventPattern: pattern },
            { id: `${fn.name}-${event.spec.name}`.slice(0, 64), functionId: fn.ids.function, deadLetterQueueId: APP.failureQueue },
            busOf(ctx, source) === "app" ? appBusName(ctx) : undefined,
          ),
        );
      }
    }
  },
};
