/**
 * Where the app's own events go (docs/dsl.md, "Bus"): with `bus`, the app event bus `AppEventBus`;
 * without it, the account's default bus, as before. The queue and table bridges, the user-pool hook and
 * the functions' own `events:PutEvents` all ask here, so they cannot disagree.
 */
import { runtimeCode } from "../generated/runtime-code.js";
import type { Statement } from "./aws/iam.js";
import type { AppContext } from "./context.js";
import { arn, getAtt, ref } from "./intrinsics.js";
import { APP } from "./names.js";
import type { Source } from "./sources/source.js";

/** The variable holding the app bus's name, in every function of an app with `bus`. */
export const BUS_ENV = "APP_BUS";

export const hasAppBus = (ctx: AppContext) => ctx.dsl.bus !== undefined;

/** The bus a source's events arrive on in this app (its module says which, src/expander/sources). */
export const busOf = (ctx: AppContext, source: Pick<Source, "bus">): "app" | "default" =>
  source.bus === "app" && hasAppBus(ctx) ? "app" : "default";

/** The ARN of the bus the app's own events go to. */
export const appEventsBusArn = (ctx: AppContext): unknown => (hasAppBus(ctx) ? getAtt(APP.eventBus, "Arn") : arn.defaultBus);

/** The app bus's name for `EventBusName` and `APP_BUS`, or undefined without `bus` (the default bus). */
export const appBusName = (ctx: AppContext): unknown => (hasAppBus(ctx) ? ref(APP.eventBus) : undefined);

/** The grant a bridge or hook needs to put the app's events. */
export const putAppEvents = (ctx: AppContext): Statement => ({
  Effect: "Allow",
  Action: "events:PutEvents",
  Resource: appEventsBusArn(ctx),
});

/** The generated functions that put the app's events (src/runtime), each with a variant for the app bus. */
export type EventPutter = "queueBridge" | "queueBridgeFifo" | "tableBridge" | "customAttributes";
const ON_APP_BUS = {
  queueBridge: runtimeCode.queueBridgeOnAppBus,
  queueBridgeFifo: runtimeCode.queueBridgeFifoOnAppBus,
  tableBridge: runtimeCode.tableBridgeOnAppBus,
  customAttributes: runtimeCode.customAttributesOnAppBus,
} as const satisfies Record<EventPutter, string>;

/**
 * The code and extra environment of a function that puts the app's events. Without `bus` it is the plain
 * module (its PutEvents names no bus: the default one); with it, the same module wrapped so that every
 * PutEvents entry names the bus in `APP_BUS` (src/runtime/app-bus.cjs).
 */
export function eventPutter(ctx: AppContext, module: EventPutter): { code: string; environment: Record<string, unknown> } {
  const bus = appBusName(ctx);
  return bus === undefined ? { code: runtimeCode[module], environment: {} } : { code: ON_APP_BUS[module], environment: { [BUS_ENV]: bus } };
}
