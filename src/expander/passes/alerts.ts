/**
 * Alerts (`alerts: {slack, levels}`): every function Pareto generates, whichever construct made it,
 * forwards warnings and errors from its log group to one notifier, which posts them to Slack; a message
 * in the failure queue raises an alarm routed to the same notifier. A pass, so that functions added by
 * any construct are watched without that construct knowing about alerts.
 *
 * One subscription filter per log group, whatever the levels: CloudWatch Logs takes two per log group, so
 * the user keeps one. It matches the terms of every level selected; the notifier tells the levels apart
 * by the same terms (src/runtime/alert-levels.json, read by both). The filter keeps the logical ID and
 * name earlier versions gave the filter of its most severe level (`<F>ErrorSubscriptionFilter`,
 * `pareto-error`; `Warning` with `levels: [warning]`): upgrading updates that filter in place. Under a
 * new ID or name CloudFormation would create it next to the two old filters, before deleting them in
 * cleanup, and CloudWatch Logs refuses a third (docs/aws-rules.md).
 *
 * The webhook URL is a credential (whoever holds it can post to the channel): with `slack: {secret}` the
 * notifier's environment holds only the secret's ARN and its role may read that one secret; the URL
 * itself in `slack` is still accepted, with a warning, since it lands in the environment in plain text.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import ALERT_LEVELS from "../../runtime/alert-levels.json";
import type { SlackSecret, SlackSpec } from "../../generated/dsl.js";
import { runtimeCode } from "../../generated/runtime-code.js";
import type { Statement } from "../aws/iam.js";
import { invokePermission } from "../aws/lambda.js";
import { subscriptionFilter } from "../aws/logs.js";
import { alarmTopic, lambdaSubscription, queueNotEmptyAlarm } from "../aws/monitoring.js";
import { addFunctionResources, inlineSettings } from "../constructs/function-resources.js";
import { isIntrinsic, ref, sub } from "../intrinsics.js";
import { alertIds, APP, functionIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Pass } from "./pass.js";

export type AlertLevel = "warning" | "error";

/** Each level's terms, most severe first: the notifier (src/runtime/alerts-notifier.cjs) reads the same file. */
export const LEVEL_TERMS: ReadonlyArray<{ level: AlertLevel; terms: readonly string[] }> = ALERT_LEVELS as Array<{
  level: AlertLevel;
  terms: string[];
}>;

/** A term in a CloudWatch Logs filter pattern: anything but letters and digits goes in double quotes. */
const patternTerm = (term: string) => (/^[A-Za-z0-9]+$/.test(term) ? term : `"${term}"`);

/**
 * The one filter of a log group for these levels: `?term` for each term of each (any of them matches), and
 * named after the most severe (see above).
 */
export function alertFilter(levels: readonly AlertLevel[]): { level: AlertLevel; name: string; pattern: string } {
  const selected = LEVEL_TERMS.filter(({ level }) => levels.includes(level));
  const level = selected[0].level;
  return {
    level,
    name: `pareto-${level}`,
    pattern: selected.flatMap(({ terms }) => terms.map((term) => `?${patternTerm(term)}`)).join(" "),
  };
}

const isSlackSecret = (slack: SlackSpec): slack is SlackSecret =>
  typeof slack === "object" && !isIntrinsic(slack) && Object.hasOwn(slack, "secret");

/**
 * What the notifier needs to find the webhook URL: with `{secret[, key]}`, the secret's ARN in its
 * environment and the grant to read that secret only (and to decrypt it with the customer managed key,
 * through Secrets Manager only); otherwise the URL itself in its environment.
 */
export function slackWebhook(slack: SlackSpec): { environment: Record<string, unknown>; statements: Statement[] } {
  if (!isSlackSecret(slack)) return { environment: { SLACK_WEBHOOK_URL: slack }, statements: [] };
  const statements: Statement[] = [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: slack.secret }];
  if (slack.key !== undefined)
    statements.push({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: slack.key,
      Condition: { StringEquals: { "kms:ViaService": sub("secretsmanager.${AWS::Region}.${AWS::URLSuffix}") } },
    });
  return { environment: { SLACK_WEBHOOK_SECRET_ARN: slack.secret }, statements };
}

export const alerts: Pass = {
  name: "alerts",
  run(ctx, graph, report) {
    const spec = ctx.dsl.alerts;
    if (!spec) return [];
    // Each filter belongs with the function it watches (a nested stack takes both, docs/scaling.md).
    const monitored = graph.nodes.flatMap(({ functionNamespace, unit }) =>
      functionNamespace === undefined ? [] : [{ namespace: functionNamespace, unit }],
    );
    const path = childPath(ctx.path, "alerts");
    const out = graph.writer(path);
    const levels: readonly AlertLevel[] = spec.levels ?? DEFAULTS.alerts.levels;
    const webhook = slackWebhook(spec.slack);
    if (!isSlackSecret(spec.slack))
      report?.warn(
        `${childPath(path, "slack")}: the webhook URL is stored in plain text in the environment of ${functionIds(alertIds.namespace).function} ` +
          "(SLACK_WEBHOOK_URL), readable by anyone who may read the function's configuration (NoEcho and dynamic references " +
          "hide it from CloudFormation only); put it in a Secrets Manager secret and write slack: {secret: <the secret's ARN>}",
      );
    const notifier = addFunctionResources(
      ctx,
      out,
      alertIds.namespace,
      inlineSettings(runtimeCode.alertsNotifier, webhook.environment, 10),
      webhook.statements,
    );
    // Only this stack's log groups (all named /aws/lambda/<stack>/<namespace>) may invoke the notifier; a
    // nested stack has a copy for its own (perStack).
    out.resource(
      alertIds.logsPermission,
      invokePermission(
        notifier.function,
        "logs.amazonaws.com",
        sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}/*"),
      ),
      { perStack: true },
    );
    const filter = alertFilter(levels);
    for (const { namespace, unit } of monitored)
      out.resource(
        alertIds.filter(namespace, filter.level),
        subscriptionFilter(functionIds(namespace).logGroup, filter.name, filter.pattern, notifier.function),
        unit === undefined ? {} : { unit },
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
