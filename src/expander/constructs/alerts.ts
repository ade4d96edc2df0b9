/**
 * Alerts (`alerts: {slack, levels}`): every generated function's log group forwards warnings and
 * errors to one notifier, which posts them to Slack; a message in the failure queue raises an
 * alarm routed to the same notifier.
 */
import { runtimeCode } from "../../generated/runtime-code.js";
import { invokePermission } from "../aws/lambda.js";
import { subscriptionFilter } from "../aws/logs.js";
import { alarmTopic, lambdaSubscription, queueNotEmptyAlarm } from "../aws/monitoring.js";
import type { AppContext } from "../context.js";
import { ref, sub } from "../intrinsics.js";
import { alertIds, APP, functionIds, queueIds } from "../names.js";
import { fragmentWriter } from "../types.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { needsFailureQueue } from "./failures.js";
import { addFunctionResources, inlineSettings } from "./function-resources.js";
import { queueConsumers } from "./queues.js";
import { parseTimer } from "./timers.js";
import { hookNamespaces } from "./userpool.js";

export type AlertLevel = "warning" | "error";

/**
 * CloudWatch Logs filter patterns (`?term` = any of). The notifier reads the level back from the
 * filter's name, so names end in `-<level>`.
 */
export const FILTERS: Record<AlertLevel, string> = {
  warning: '?WARN ?WARNING ?"Task timed out"',
  error: '?ERROR ?Traceback ?"Unhandled Promise Rejection" ?"Runtime.ExitError"',
};

/** Namespaces of every function Pareto generates for the app, except the notifier itself. */
export function monitoredNamespaces(ctx: AppContext): string[] {
  const consumers = queueConsumers(ctx);
  return [
    ...ctx.functions.map((fn) => fn.name),
    ...ctx.functions.filter((fn) => parseTimer(fn).timer?.kind === "ticker").map((fn) => `${fn.name}-ticker`),
    ...ctx.queues.filter((queue) => !consumers.has(queue)).map((queue) => queueIds(queue).bridgeNamespace),
    ...(ctx.has.stream ? [APP.tableBridge] : []),
    ...hookNamespaces(ctx),
  ];
}

export const alerts: Construct = {
  name: "alerts",
  build(ctx, fragment) {
    const spec = ctx.dsl.alerts;
    if (!spec) return;
    const out = fragmentWriter(fragment, childPath(ctx.path, "alerts"));
    const levels: AlertLevel[] = spec.levels ?? ["warning", "error"];
    const notifier = addFunctionResources(
      ctx,
      out,
      alertIds.namespace,
      inlineSettings(runtimeCode.alertsNotifier, { SLACK_WEBHOOK_URL: spec.slack }, 10),
      [],
    );
    // Only this stack's log groups (all named /aws/lambda/<stack>/<namespace>) may invoke the notifier.
    out.resource(
      alertIds.logsPermission,
      invokePermission(
        notifier.function,
        "logs.amazonaws.com",
        sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}/*"),
      ),
    );
    for (const namespace of monitoredNamespaces(ctx))
      for (const level of levels)
        out.resource(
          alertIds.filter(namespace, level),
          subscriptionFilter(functionIds(namespace).logGroup, `pareto-${level}`, FILTERS[level], notifier.function, [alertIds.logsPermission]),
        );
    if (!needsFailureQueue(ctx)) return;
    out.resource(alertIds.topic, alarmTopic(ctx.tags));
    out.resource(alertIds.topicSubscription, lambdaSubscription(alertIds.topic, notifier.function));
    out.resource(alertIds.topicPermission, invokePermission(notifier.function, "sns.amazonaws.com", ref(alertIds.topic)));
    out.resource(
      alertIds.failureQueueAlarm,
      queueNotEmptyAlarm(APP.failureQueue, alertIds.topic, "A message reached the app failure queue: an invocation or delivery failed for good"),
    );
  },
};
