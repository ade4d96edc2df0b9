/**
 * Alerts (`alerts: {slack, levels}`): every function Pareto generates, whichever construct made it,
 * forwards warnings and errors from its log group to one notifier, which posts them to Slack; a message
 * in the failure queue raises an alarm routed to the same notifier. A pass, so that functions added by
 * any construct are watched without that construct knowing about alerts.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { runtimeCode } from "../../generated/runtime-code.js";
import { invokePermission } from "../aws/lambda.js";
import { subscriptionFilter } from "../aws/logs.js";
import { alarmTopic, lambdaSubscription, queueNotEmptyAlarm } from "../aws/monitoring.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { ref, sub } from "../intrinsics.js";
import { alertIds, APP, functionIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Pass } from "./pass.js";

export type AlertLevel = "warning" | "error";

/**
 * CloudWatch Logs filter patterns (`?term` = any of). The notifier reads the level back from the
 * filter's name, so names end in `-<level>`.
 */
export const FILTERS: Record<AlertLevel, string> = {
  warning: '?WARN ?WARNING ?"Task timed out"',
  error: '?ERROR ?Traceback ?"Unhandled Promise Rejection" ?"Runtime.ExitError"',
};

export const alerts: Pass = {
  name: "alerts",
  run(ctx, graph) {
    const spec = ctx.dsl.alerts;
    if (!spec) return [];
    const monitored = graph.nodes.flatMap((node) => (node.functionNamespace === undefined ? [] : [node.functionNamespace]));
    const out = graph.writer(childPath(ctx.path, "alerts"));
    const levels: readonly AlertLevel[] = spec.levels ?? DEFAULTS.alerts.levels;
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
    for (const namespace of monitored)
      for (const level of levels)
        out.resource(
          alertIds.filter(namespace, level),
          subscriptionFilter(functionIds(namespace).logGroup, `pareto-${level}`, FILTERS[level], notifier.function),
        );
    if (!graph.get(APP.failureQueue)) return [];
    out.resource(alertIds.topic, alarmTopic());
    out.resource(alertIds.topicSubscription, lambdaSubscription(alertIds.topic, notifier.function));
    out.resource(alertIds.topicPermission, invokePermission(notifier.function, "sns.amazonaws.com", ref(alertIds.topic)));
    out.resource(
      alertIds.failureQueueAlarm,
      queueNotEmptyAlarm(
        APP.failureQueue,
        alertIds.topic,
        "A message reached the app failure queue: an invocation or delivery failed for good",
      ),
    );
    return [];
  },
};
