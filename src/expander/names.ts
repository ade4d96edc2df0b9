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
  eventBus: "AppEventBus",
  eventBusArchive: "AppEventBusArchive",
} as const;

/**
 * A table's IDs by the argument of its source: the app table (`""`) is `AppTable` with the bridge namespace
 * `app-table-bridge`; table `orders` is `AppOrdersTable`, bridged in namespace `app-orders-table-bridge`.
 */
export const tableIds = (name: string) => ({
  table: name ? logicalId("app", name, "table") : APP.table,
  bridgeNamespace: name ? `app-${name}-table-bridge` : APP.tableBridge,
  envName: name ? `APP_TABLE_${screamingSnake(name)}` : "APP_TABLE",
});

/** A bucket's IDs by the argument of its source: `AppBucket` for the app bucket (`""`), `AppUploadsBucket` for `uploads`. */
export const bucketIds = (name: string) => ({
  bucket: name ? logicalId("app", name, "bucket") : APP.bucket,
  policy: name ? logicalId("app", name, "bucket-policy") : APP.bucketPolicy,
  envName: name ? `APP_BUCKET_${screamingSnake(name)}` : "APP_BUCKET",
});

/** Per-queue IDs: queue `tasks` -> namespace `app-tasks`. */
export const queueIds = (queue: string) => ({
  queue: logicalId("app", queue, "queue"),
  deadLetterQueue: logicalId("app", queue, "dead-letter-queue"),
  bridgeNamespace: `app-${queue}-bridge`,
  envName: `APP_QUEUE_${screamingSnake(queue)}`,
  /** Who may send to the queue: the topics it is subscribed to (constructs/topics.ts). */
  policy: logicalId("app", queue, "queue-policy"),
});

/**
 * Per-topic IDs: topic `notices` -> `AppNoticesTopic`. Subscription `i` of its list is
 * `AppNoticesTopic<i>Subscription`, by its place in the list (docs/generated-ids.md says why).
 */
export const topicIds = (topic: string) => ({
  topic: logicalId("app", topic, "topic"),
  subscription: (index: number) => logicalId("app", topic, "topic", String(index), "subscription"),
  envName: `APP_TOPIC_${screamingSnake(topic)}`,
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
    /** For the function's rules on the app bus, whose ARNs have another form (passes/rules.ts). */
    appBusRulesPermission: id("app-bus-rules-permission"),
    topicSubscription: id("topic-subscription"),
    topicPermission: id("topic-permission"),
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

/**
 * A function's URL (`url`): the URL, an output of the same ID with its address, and with `auth: none` the two
 * permissions that make it public (Lambda requires both for a URL created since October 2025).
 */
export const urlIds = (fn: string) => ({
  url: logicalId(fn, "url"),
  permission: logicalId(fn, "url-permission"),
  invokePermission: logicalId(fn, "url-invoke-permission"),
});

/**
 * A route's words: its method and the words of its path, `GET /items/{id}` -> `GetItemsId`, `GET /` -> `Get`.
 * Derived from the route key (unique in the API), not from the route's place in its list: reordering routes
 * keeps every ID, and two keys with the same words (`/user-profile`, `/userProfile`) are an error (constructs/api.ts).
 */
export const routeWords = (method: string, path: string) =>
  [method, ...path.split(/[^A-Za-z0-9]+/).filter((word) => word !== "")].map(hungarorise).join("");

/** HTTP API: app-level pieces, and per endpoint function `<f>` its routes, integration and permissions. */
export const apiIds = {
  domain: logicalId("app", "api", "domain-name"),
  mapping: logicalId("app", "api", "mapping"),
  record: logicalId("app", "api", "record-set"),
  /** `endpoint` as one route (the IDs of the first version). */
  endpoint: (fn: string) => ({
    route: logicalId(fn, "route"),
    integration: logicalId(fn, "integration"),
    permission: logicalId(fn, "api-permission"),
  }),
  /** One route of `endpoint` as a list: `<F><R>Route`, `<F><R>ApiPermission`, `<R>` its words; the integration is the function's one. */
  listedRoute: (fn: string, words: string) => ({
    route: `${hungarorise(fn)}${words}Route`,
    permission: `${hungarorise(fn)}${words}ApiPermission`,
  }),
  /** Lambda authorizer `<a>` (`api.authorizers`): `AppApi<A>Authorizer` and the permission API Gateway calls it with. */
  authorizer: (name: string) => ({
    authorizer: logicalId("app", "api", name, "authorizer"),
    permission: logicalId("app", "api", name, "authorizer-permission"),
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
  /** CloudFront Functions (viewer request): strips `website.api` from API paths; serves a SPA's routes `/index.html` beside an API. */
  apiRewrite: logicalId("app", "website", "api-rewrite"),
  spaRewrite: logicalId("app", "website", "spa-rewrite"),
};
export const builderIds = {
  role: logicalId("app", "builder", "role"),
  logGroup: logicalId("app", "builder", "log-group"),
};

/**
 * The registry of every logical ID Pareto can generate: docs/generated-ids.md is rendered from it (a
 * test keeps the two equal), every ID in every output must match one entry (an invariant test), and a
 * reference to an ID the app could generate but does not is an error rather than an inferred parameter.
 * `<B>`, `<T>`, `<Q>`, `<G>`, `<E>`, `<Level>` stand for hungarorised names; `<F>` for a function's.
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
  { ids: ["App<B>Bucket", "App<B>BucketPolicy"], what: "S3 bucket, TLS-only policy", when: "each `buckets.<b>`" },
  { ids: ["AppTable"], what: "DynamoDB table", when: "`table`" },
  { ids: functionSet("AppTableBridge", ["EventSourceMapping"]), what: "table bridge", when: "`table.stream`" },
  { ids: ["App<T>Table"], what: "DynamoDB table", when: "each `tables.<t>`" },
  { ids: functionSet("App<T>TableBridge", ["EventSourceMapping"]), what: "table bridge", when: "`tables.<t>.stream`" },
  { ids: ["App<Q>Queue", "App<Q>DeadLetterQueue"], what: "SQS queues", when: "each `queues.<q>`" },
  { ids: functionSet("App<Q>Bridge", ["EventSourceMapping"]), what: "queue bridge", when: "each queue not consumed directly" },
  {
    ids: ["App<Q>QueuePolicy"],
    what: "who may send to the queue: the topics it is subscribed to",
    when: "a topic subscription to `queue:<q>`",
  },
  { ids: ["App<Topic>Topic"], what: "SNS topic", when: "each `topics.<topic>`" },
  {
    ids: ["App<Topic>Topic<I>Subscription"],
    what: "subscription `<I>` (its place in the list, from 0): keep the order, add new ones at the end",
    when: "each `topics.<topic>.subscriptions[<I>]`",
  },
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
  {
    ids: ["AppApi<A>Authorizer", "AppApi<A>AuthorizerPermission"],
    what: "Lambda (REQUEST) authorizer and the permission API Gateway calls its function with",
    when: "each `api.authorizers.<a>`",
  },
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
  { ids: ["AppWebsiteApiRewrite"], what: "CloudFront Function: removes the `website.api` prefix before the API", when: "`website.api`" },
  {
    ids: ["AppWebsiteSpaRewrite"],
    what: "CloudFront Function: serves `/index.html` for the app's routes (paths without a file extension)",
    when: "`website.api` with `website.spa`",
  },
  {
    ids: ["AppBuilderProject", "AppBuilderRole", "AppBuilderLogGroup"],
    what: "CodeBuild layer builder",
    when: "`builder`",
  },
  { ids: ["AppEventBus"], what: "EventBridge event bus for the app's own events", when: "`bus`" },
  { ids: ["AppEventBusArchive"], what: "archive of every event on the app bus", when: "`bus.archive`" },
  {
    ids: ["AppStack<N>"],
    what: "nested stack holding some of the functions (docs/scaling.md)",
    when: "an app that does not fit one stack",
  },
  {
    ids: ["App<X><Level>SubscriptionFilter"],
    what: "alert filter of a function Pareto adds (`<X>`: `TableBridge`, `<T>TableBridge`, `<Q>Bridge`, `CustomMessage`, `CustomAttributes`)",
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
    when: "async functions (events, rate/cron timers, a consumed topic, or no trigger at all)",
  },
  { ids: ["<F>EventSourceMapping"], what: "batches", when: "`consume` of a queue or a table stream" },
  {
    ids: ["<F>TopicSubscription", "<F>TopicPermission"],
    what: "the function's subscription to the topic, and the permission SNS invokes it with",
    when: "`consume` of a topic",
  },
  { ids: ["<F>Route", "<F>Integration", "<F>ApiPermission"], what: "HTTP route", when: "`endpoint` as one route" },
  {
    ids: ["<F>Integration", "<F><R>Route", "<F><R>ApiPermission"],
    what: "the function's integration, and per route its route and permission (`<R>`: the route's method and path words, `GET /items/{id}` -> `GetItemsId`)",
    when: "`endpoint` as a list",
  },
  { ids: ["<F>Url"], what: "function URL (and an output of the same ID with its address)", when: "`url`" },
  {
    ids: ["<F>UrlPermission", "<F>UrlInvokePermission"],
    what: "public access to the URL: `lambda:InvokeFunctionUrl` for auth type NONE, and `lambda:InvokeFunction` through function URLs only",
    when: "`url.auth: none`",
  },
  { ids: ["<F><E>Rule"], what: "rule", when: "each event `<e>` (namespace `<f>-<e>`)" },
  {
    ids: ["<F>RulesPermission"],
    what: "one permission for all the function's rules (by their name prefix)",
    when: "events, or a `rate`/`cron` timer",
  },
  {
    ids: ["<F>AppBusRulesPermission"],
    what: "one permission for all the function's rules on the app bus (by their name prefix)",
    when: "events on the app bus (sources `app`, `queue`, `table`, `userpool` with `bus`)",
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
