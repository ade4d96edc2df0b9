/**
 * Names and logical IDs (spec §4.1): stable, documented, no hashes.
 * Logical ID = hungarorise(<namespace>-<type>); every ID the docs promise is built here.
 */

const capitalize = (token: string) => token.charAt(0).toUpperCase() + token.slice(1).toLowerCase();

/** IDs are derived many times per expansion; a small cache keeps that off the hot path. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Python-style: split on `-` and `_`, capitalise each token (rest lower-cased), join. */
export function hungarorise(text: string): string {
  let id = cache.get(text);
  if (id === undefined) {
    id = text.split(/[-_]/).map(capitalize).join("");
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, id);
  }
  return id;
}

/** Environment-variable style: `my-queue` -> `MY_QUEUE`. */
export function screamingSnake(text: string): string {
  return text.split(/[-_]/).map((token) => token.toUpperCase()).join("_");
}

export const logicalId = (...parts: string[]) => hungarorise(parts.join("-"));

/** App-level singletons. */
export const APP = {
  bucket: "AppBucket",
  bucketPolicy: "AppBucketPolicy",
  table: "AppTable",
  tableBridge: "app-table-bridge",
  failureQueue: "AppFailureQueue",
  failureQueuePolicy: "AppFailureQueuePolicy",
  api: "AppApi",
  apiStage: "AppApiStage",
  apiLogGroup: "AppApiLogGroup",
  apiAuthorizer: "AppApiAuthorizer",
  userPool: "AppUserPool",
  userPoolClient: "AppUserPoolClient",
  userPoolDomain: "AppUserPoolDomain",
  identityPool: "AppIdentityPool",
  websiteBucket: "AppWebsiteBucket",
  websiteDistribution: "AppWebsiteDistribution",
  websiteOriginAccessControl: "AppWebsiteOriginAccessControl",
  builderProject: "AppBuilderProject",
  alertsFunction: "AppAlertsFunction",
} as const;

/** Per-queue IDs: queue `tasks` -> namespace `app-tasks`. */
export const queueIds = (queue: string) => ({
  queue: logicalId("app", queue, "queue"),
  deadLetterQueue: logicalId("app", queue, "dead-letter-queue"),
  bridgeNamespace: `app-${queue}-bridge`,
  envName: `APP_QUEUE_${screamingSnake(queue)}`,
});

/** The resources of one generated function, in its namespace. */
export const functionIds = (namespace: string) => ({
  function: logicalId(namespace, "function"),
  role: logicalId(namespace, "role"),
  policy: logicalId(namespace, "policy"),
  logGroup: logicalId(namespace, "log-group"),
  eventInvokeConfig: logicalId(namespace, "event-invoke-config"),
  eventSourceMapping: logicalId(namespace, "event-source-mapping"),
});

/** Layer given by name -> the parameter that carries its ARN. */
export const layerParameter = (layerName: string) => logicalId(layerName, "layer-arn");

/** Event `<e>` of function `<f>`: namespace `<f>-<e>`. */
export const eventIds = (fn: string, event: string) => ({
  rule: logicalId(fn, event, "rule"),
  permission: logicalId(fn, event, "permission"),
});

/** A function's timer: namespace `<f>-timer`; the sub-minute ticker: namespace `<f>-ticker`. */
export const timerIds = (fn: string) => ({
  rule: logicalId(fn, "timer", "rule"),
  permission: logicalId(fn, "timer", "permission"),
  schedule: logicalId(fn, "timer", "schedule"),
  role: logicalId(fn, "timer", "role"),
  policy: logicalId(fn, "timer", "policy"),
  ticker: functionIds(`${fn}-ticker`),
  tickerQueue: logicalId(fn, "ticker", "queue"),
});

/** Alerts: one notifier per app, a topic for alarms, one subscription filter per function log group and level. */
export const alertIds = {
  namespace: "app-alerts",
  logsPermission: logicalId("app", "alerts", "logs-permission"),
  topic: logicalId("app", "alerts", "topic"),
  topicSubscription: logicalId("app", "alerts", "subscription"),
  topicPermission: logicalId("app", "alerts", "topic-permission"),
  failureQueueAlarm: logicalId("app", "failure-queue", "alarm"),
  filter: (namespace: string, level: string) => logicalId(namespace, level, "subscription-filter"),
};

/** HTTP API: app-level pieces, and per endpoint function `<f>` its route, integration and permission. */
export const apiIds = {
  domain: logicalId("app", "api", "domain-name"),
  mapping: logicalId("app", "api", "mapping"),
  record: logicalId("app", "api", "record-set"),
  endpoint: (fn: string) => ({
    route: logicalId(fn, "route"),
    integration: logicalId(fn, "integration"),
    permission: logicalId(fn, "api-permission"),
  }),
};

/** Cognito: the pool's satellites and its two hooks (namespaces `app-custom-message`, `app-custom-attributes`). */
export const userPoolIds = {
  customMessage: "app-custom-message",
  customAttributes: "app-custom-attributes",
  customMessagePermission: logicalId("app", "custom-message", "permission"),
  customAttributesPermission: logicalId("app", "custom-attributes", "permission"),
  googleProvider: logicalId("app", "user-pool", "google-provider"),
  googleClientId: "GoogleClientId",
  googleClientSecret: "GoogleClientSecret",
  group: (name: string) => logicalId("app", "user-pool", name, "group"),
  authenticatedRole: logicalId("app", "identity-pool", "authenticated-role"),
  unauthenticatedRole: logicalId("app", "identity-pool", "unauthenticated-role"),
  roleAttachment: logicalId("app", "identity-pool", "roles"),
};

/** Website and layer builder satellites. */
export const websiteIds = {
  urlOutput: "AppWebsiteUrl",
  bucketPolicy: logicalId("app", "website", "bucket-policy"),
  record: logicalId("app", "website", "record-set"),
};
export const builderIds = {
  role: logicalId("app", "builder", "role"),
  policy: logicalId("app", "builder", "policy"),
  logGroup: logicalId("app", "builder", "log-group"),
};
