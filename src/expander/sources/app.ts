/**
 * `source: app`: events the app puts on its own bus (`bus`), matched by the user's pattern; the rule is
 * bound to the app bus, not to a field. What `events:PutEvents` reaches when the app has a bus.
 */
import { appBusName, BUS_ENV, hasAppBus } from "../bus.js";
import { getAtt } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Source } from "./source.js";

export const app: Source = {
  token: { argument: false },
  missing: (ctx) => (hasAppBus(ctx) ? undefined : "the app has no event bus (add `bus: {}`)"),
  binding: () => ({}),
  detail: null, // the app's own events: their detail is whatever its functions put
  bus: "app",
  reach: { actions: "events:PutEvents", instances: (ctx) => (hasAppBus(ctx) ? [""] : []), arns: () => [getAtt(APP.eventBus, "Arn")] },
  environment: (ctx) => (hasAppBus(ctx) ? [[BUS_ENV, appBusName(ctx)]] : []),
  node: () => ({ shape: "service", text: "app event bus" }),
};
