/**
 * `source: global`: any event on the default bus, matched by the user's pattern alone. The default
 * bus is also where bridges and hooks put events, and what `events:PutEvents` reaches.
 */
import { arn } from "../intrinsics.js";
import type { Source } from "./source.js";

export const global: Source = {
  token: { argument: false },
  missing: () => undefined,
  binding: () => ({}),
  detail: null,
  reach: { actions: "events:PutEvents", instances: () => [""], arns: () => [arn.defaultBus] },
  node: () => ({ shape: "service", text: "default event bus" }),
};
