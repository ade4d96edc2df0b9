/**
 * `source: global`: any event on the default bus, matched by the user's pattern alone. Without `bus`,
 * the default bus is also where bridges and hooks put events, and what `events:PutEvents` reaches;
 * with it, both are the app bus (`source: app`).
 */
import { hasAppBus } from "../bus.js";
import { arn } from "../intrinsics.js";
import type { Source } from "./source.js";

export const global: Source = {
  token: { argument: false },
  missing: () => undefined,
  binding: () => ({}),
  detail: null,
  reach: { actions: "events:PutEvents", instances: (ctx) => (hasAppBus(ctx) ? [] : [""]), arns: () => [arn.defaultBus] },
  node: () => ({ shape: "service", text: "default event bus" }),
};
