/**
 * Names and logical IDs (docs/generated-ids.md): stable, documented, no hashes.
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
  return text
    .split(/[-_]/)
    .map((token) => token.toUpperCase())
    .join("_");
}

/** `hungarorise(parts.join("-"))`, part by part: each part is cached, not every combination of them. */
export const logicalId = (...parts: string[]) => parts.map(hungarorise).join("");

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
export function functionIds(namespace: string) {
  const prefix = hungarorise(namespace); // what logicalId(namespace, type) starts with, computed once
  const id = (type: string) => prefix + hungarorise(type);
  return {
    function: id("function"),
    role: id("role"),
    /** Only for the part of the role's permissions that names a resource created after the role (passes/role-policies.ts). */
    policy: id("policy"),
    logGroup: id("log-group"),
    eventInvokeConfig: id("event-invoke-config"),
    eventSourceMapping: id("event-source-mapping"),
    rulesPermission: id("rules-permission"),
  };
}

/** Layer given by name -> the parameter that carries its ARN. */
/** The nested stacks of an app that does not fit one stack (docs/scaling.md): `AppStack01` to `AppStack16`. */
export const nestedStackId = (index: number) => `AppStack${String(index + 1).padStart(2, "0")}`;

export const layerParameter = (layerName: string) => logicalId(layerName, "layer-arn");

/** Event `<e>` of function `<f>`: namespace `<f>-<e>`. */
export const eventRuleId = (fn: string, event: string) => logicalId(fn, event, "rule");

/** A function's timer: namespace `<f>-timer`; the sub-minute ticker: namespace `<f>-ticker`. */
export const timerIds = (fn: string) => ({
  rule: logicalId(fn, "timer", "rule"),
  schedule: logicalId(fn, "timer", "schedule"),
  role: logicalId(fn, "timer", "role"),
  ticker: functionIds(`${fn}-ticker`),
  tickerQueue: logicalId(fn, "ticker", "queue"),
});

/**
 * Alerts: one notifier per app, a topic for alarms, one subscription filter per function log group, its ID
 * after the most severe level selected (passes/alerts.ts: the ID earlier versions gave that level's filter).
 */
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
  ipv6Record: logicalId("app", "website", "ipv6-record-set"),
};
export const builderIds = {
  role: logicalId("app", "builder", "role"),
  logGroup: logicalId("app", "builder", "log-group"),
};

/**
 * The registry of every logical ID Pareto can generate: docs/generated-ids.md is rendered from it (a
 * test keeps the two equal), every ID in every output must match one entry (an invariant test), and a
 * reference to an ID the app could generate but does not is an error rather than an inferred parameter.
 * `<Q>`, `<G>`, `<E>`, `<Level>` stand for hungarorised names; `<F>` for a function's.
 */
export interface RegisteredIds {
  ids: string[];
  what: string;
  when: string;
}

/** A generated function's resources: its permissions are inline in its role (`<F>Policy` is the exception, below). */
const functionSet = (prefix: string, extra: string[] = []) => [
  `${prefix}Function`,
  ...[`Role`, `LogGroup`, ...extra].map((type) => `${prefix}${type}`),
];

export const APP_IDS: RegisteredIds[] = [
  { ids: ["AppBucket", "AppBucketPolicy"], what: "S3 bucket, TLS-only policy", when: "`bucket`" },
  { ids: ["AppTable"], what: "DynamoDB table", when: "`table`" },
  { ids: functionSet("AppTableBridge", ["EventSourceMapping"]), what: "table bridge", when: "`table.stream`" },
  { ids: ["App<Q>Queue", "App<Q>DeadLetterQueue"], what: "SQS queues", when: "each `queues.<q>`" },
  { ids: functionSet("App<Q>Bridge", ["EventSourceMapping"]), what: "queue bridge", when: "each queue not consumed directly" },
  {
    ids: ["AppFailureQueue", "AppFailureQueuePolicy"],
    what: "SQS queue and its policy",
    when: "any async function, rule, schedule or stream",
  },
  { ids: [...functionSet("AppAlerts"), "AppAlertsLogsPermission"], what: "Slack notifier", when: "`alerts`" },
  {
    ids: ["AppAlertsTopic", "AppAlertsSubscription", "AppAlertsTopicPermission", "AppFailureQueueAlarm"],
    what: "alarm on the failure queue",
    when: "`alerts` and a failure queue",
  },
  { ids: ["AppApi", "AppApiStage", "AppApiLogGroup"], what: "HTTP API, its `$default` stage, access logs", when: "any `endpoint`" },
  { ids: ["AppApiAuthorizer"], what: "JWT authorizer on the user pool", when: "any private endpoint" },
  { ids: ["AppApiDomainName", "AppApiMapping", "AppApiRecordSet"], what: "custom domain (record only with `zone`)", when: "`api.domain`" },
  {
    ids: [
      "AppUserPool",
      "AppUserPoolClient",
      "AppIdentityPool",
      "AppIdentityPoolAuthenticatedRole",
      "AppIdentityPoolUnauthenticatedRole",
      "AppIdentityPoolRoles",
    ],
    what: "Cognito",
    when: "`userpool`",
  },
  { ids: ["AppUserPoolDomain"], what: "hosted UI domain", when: "`userpool.callbackUrls`" },
  {
    ids: ["AppUserPoolGoogleProvider"],
    what: "Google sign-in (and parameters `GoogleClientId`, `GoogleClientSecret`)",
    when: "`identityProviders: [google]`",
  },
  { ids: ["AppUserPool<G>Group"], what: "each group", when: "`userpool.groups`" },
  {
    ids: [...functionSet("AppCustomAttributes"), "AppCustomAttributesPolicy", "AppCustomAttributesPermission"],
    what: "hook that initialises each user (post confirmation, post authentication); its grant on the pool, which refers to the hook, in `AppCustomAttributesPolicy`",
    when: "`userpool`",
  },
  { ids: [...functionSet("AppCustomMessage"), "AppCustomMessagePermission"], what: "custom message hook", when: "`userpool.templates`" },
  {
    ids: ["AppWebsiteBucket", "AppWebsiteBucketPolicy", "AppWebsiteDistribution", "AppWebsiteOriginAccessControl"],
    what: "website",
    when: "`website`",
  },
  { ids: ["AppWebsiteRecordSet", "AppWebsiteIpv6RecordSet"], what: "alias records (A and AAAA)", when: "`website.domain.zone`" },
  {
    ids: ["AppBuilderProject", "AppBuilderRole", "AppBuilderLogGroup"],
    what: "CodeBuild layer builder",
    when: "`builder`",
  },
  {
    ids: ["AppStack<N>"],
    what: "nested stack holding some of the functions (docs/scaling.md)",
    when: "an app that does not fit one stack",
  },
  {
    ids: ["App<X><Level>SubscriptionFilter"],
    what: "alert filter of a function Pareto adds (`<X>`: `TableBridge`, `<Q>Bridge`, `CustomMessage`, `CustomAttributes`)",
    when: "`alerts`: one per log group (`<Level>` as below)",
  },
];

export const FUNCTION_IDS: RegisteredIds[] = [
  { ids: ["<F>Function", "<F>Role", "<F>LogGroup"], what: "the function (its permissions inline in the role)", when: "always" },
  {
    ids: ["<F>Policy"],
    what: "the permissions that name a resource created after the role (the function itself, or a resource that refers to it): a separate policy, since inline they would make a circular dependency",
    when: "such a permission",
  },
  {
    ids: ["<F>EventInvokeConfig"],
    what: "retries and on-failure destination",
    when: "async functions (events, rate/cron timers, or no trigger at all)",
  },
  { ids: ["<F>EventSourceMapping"], what: "batches", when: "`consume`" },
  { ids: ["<F>Route", "<F>Integration", "<F>ApiPermission"], what: "HTTP route", when: "`endpoint`" },
  { ids: ["<F><E>Rule"], what: "rule", when: "each event `<e>` (namespace `<f>-<e>`)" },
  {
    ids: ["<F>RulesPermission"],
    what: "one permission for all the function's rules (by their name prefix)",
    when: "events, or a `rate`/`cron` timer",
  },
  {
    ids: ["<F>TimerRule"],
    what: "timer rule",
    when: "`timer` with `rate` (minutes, hours, days) or `cron` without `timezone`",
  },
  { ids: ["<F>TimerSchedule", "<F>TimerRole"], what: "Scheduler schedule", when: "`timer` with `cron` and `timezone`" },
  {
    ids: [...functionSet("<F>Ticker", ["EventInvokeConfig", "EventSourceMapping", "RulesPermission"]), "<F>TickerQueue", "<F>TimerRule"],
    what: "sub-minute ticker",
    when: "`timer` with `rate: N seconds`",
  },
  {
    ids: ["<F><Level>SubscriptionFilter"],
    what: "alert filter, matching every level selected",
    when: "`alerts`: one per log group, `<Level>` the most severe level selected (`Error`; `Warning` with `levels: [warning]`)",
  },
];

/** A registered ID template as a regular expression: each `<X>` is one or more letters or digits. */
const templatePattern = (template: string, functionPart = "[A-Za-z0-9]+") =>
  new RegExp(`^${template.replace(/<F>/g, `(?:${functionPart})`).replace(/<[A-Za-z]+>/g, "[A-Za-z0-9]+")}$`);

const APP_PATTERNS = APP_IDS.flatMap((entry) => entry.ids.map((id) => templatePattern(id)));
const FUNCTION_TEMPLATES = FUNCTION_IDS.flatMap((entry) => entry.ids);

/**
 * Whether Pareto could generate an ID, for an app whose functions have these names. Compiled once per
 * app and memoised: assembly asks it for every reference that names no resource.
 */
export function generatedIdTest(functionNames: readonly string[]): (id: string) => boolean {
  const names = functionNames.map(hungarorise).join("|");
  const patterns = functionNames.length
    ? [...APP_PATTERNS, ...FUNCTION_TEMPLATES.map((template) => templatePattern(template, names))]
    : APP_PATTERNS;
  const answers = new Map<string, boolean>();
  return (id) => {
    let answer = answers.get(id);
    if (answer === undefined) {
      answer = patterns.some((pattern) => pattern.test(id));
      answers.set(id, answer);
    }
    return answer;
  };
}
