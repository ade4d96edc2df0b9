/**
 * The events Lambda receives from each trigger, shaped as AWS (or Pareto's bridges and hooks, src/runtime/*.cjs)
 * delivers them, with fixed, realistic values: the base each sample starts from (src/local/sample.ts). Sources:
 * EventBridge user guide ("Amazon EventBridge events", "EventBridge events detail reference": Scheduled Event), S3
 * user guide ("EventBridge event message structure"), CodeBuild user guide ("Build notifications input format
 * reference"), Lambda developer guide (SQS and DynamoDB Streams event examples), API Gateway developer guide
 * ("Create AWS Lambda proxy integrations for HTTP APIs", payload format 2.0). Pure.
 */
import { createHash } from "node:crypto";
import type { Json } from "./generate.js";
import { token, uuidFrom } from "./resolve.js";

/** Where and when every sample happens. */
export interface SampleSetting {
  account: string;
  region: string;
  partition: string;
  /** ISO time of the event, e.g. 2025-01-01T12:00:00Z. */
  time: string;
  /** A seed for the event's identifiers (the function and trigger), so samples are stable and distinct. */
  seed: string;
}

export const SAMPLE_TIME = "2025-01-01T12:00:00Z";

const epochMillis = (setting: SampleSetting) => Date.parse(setting.time);

/** An EventBridge event as a rule delivers it to its target. */
export function envelope(
  setting: SampleSetting,
  fields: { detailType: string; source: string; resources?: string[]; detail: unknown },
): Json {
  return {
    version: "0",
    id: uuidFrom(`event:${setting.seed}`),
    "detail-type": fields.detailType,
    source: fields.source,
    account: setting.account,
    time: setting.time,
    region: setting.region,
    resources: fields.resources ?? [],
    detail: fields.detail,
  };
}

/* ---- EventBridge events of Pareto's sources ---- */

const S3_REQUEST = (setting: SampleSetting) => ({
  "request-id": token(`request:${setting.seed}`, 16),
  requester: setting.account,
  "source-ip-address": "203.0.113.10",
});

/** The `detail` S3 sends for each detail-type (the fields after `version` and `bucket`). */
function s3Detail(detailType: string, setting: SampleSetting): Json {
  const object = { key: "example.txt", size: 5, etag: "b1946ac92492d2347c6235b4d2611184", sequencer: "00617F08299329D189" };
  const byS3 = { requester: "s3.amazonaws.com" };
  switch (detailType) {
    case "Object Deleted":
      return {
        object: { key: object.key, sequencer: object.sequencer },
        ...S3_REQUEST(setting),
        reason: "DeleteObject",
        "deletion-type": "Permanently Deleted",
      };
    case "Object Restore Initiated":
      return { object, ...S3_REQUEST(setting), "source-storage-class": "GLACIER" };
    case "Object Restore Completed":
      return { object, ...byS3, "restore-expiry-time": "2025-01-08T00:00:00Z", "source-storage-class": "GLACIER" };
    case "Object Restore Expired":
      return { object: { key: object.key, etag: object.etag }, ...byS3 };
    case "Object Storage Class Changed":
      return { object, ...byS3, "destination-storage-class": "INTELLIGENT_TIERING" };
    case "Object Access Tier Changed":
      return { object, ...byS3, "destination-access-tier": "ARCHIVE_ACCESS" };
    case "Object ACL Updated":
    case "Object Tags Added":
    case "Object Tags Deleted":
      return { object: { key: object.key, etag: object.etag }, ...S3_REQUEST(setting) };
    default:
      return { object, ...S3_REQUEST(setting), reason: "PutObject" };
  }
}

export const S3_DETAIL_TYPES = [
  "Object Created",
  "Object Deleted",
  "Object Restore Initiated",
  "Object Restore Completed",
  "Object Restore Expired",
  "Object Storage Class Changed",
  "Object Access Tier Changed",
  "Object ACL Updated",
  "Object Tags Added",
  "Object Tags Deleted",
];

/** S3's EventBridge notification for the app bucket. */
export function s3Event(setting: SampleSetting, bucket: string, detailType = "Object Created"): Json {
  return envelope(setting, {
    detailType,
    source: "aws.s3",
    resources: [`arn:${setting.partition}:s3:::${bucket}`],
    detail: { version: "0", bucket: { name: bucket }, ...s3Detail(detailType, setting) },
  });
}

export const CODEBUILD_DETAIL_TYPES = ["CodeBuild Build State Change", "CodeBuild Build Phase Change"];

/** CodeBuild's build state change (or phase change) for the layer builder's project. */
export function codeBuildEvent(setting: SampleSetting, project: string, detailType = CODEBUILD_DETAIL_TYPES[0], timeout = 30): Json {
  const build = `arn:${setting.partition}:codebuild:${setting.region}:${setting.account}:build/${project}:${uuidFrom(`build:${setting.seed}`)}`;
  const information = {
    "build-complete": true,
    initiator: "rule/layer-builder",
    "build-start-time": "Jan 1, 2025 11:58:00 AM",
    "timeout-in-minutes": timeout,
    logs: { "group-name": `/aws/codebuild/${project}`, "stream-name": build.slice(build.lastIndexOf(":") + 1) },
  };
  const detail =
    detailType === "CodeBuild Build Phase Change"
      ? {
          "completed-phase": "BUILD",
          "project-name": project,
          "build-id": build,
          "completed-phase-context": "[: ]",
          "additional-information": information,
          "completed-phase-status": "SUCCEEDED",
          "completed-phase-duration-seconds": 90,
          version: "1",
          "completed-phase-start": "Jan 1, 2025 11:58:20 AM",
          "completed-phase-end": "Jan 1, 2025 11:59:50 AM",
        }
      : {
          "build-status": "SUCCEEDED",
          "project-name": project,
          "build-id": build,
          "additional-information": information,
          "current-phase": "COMPLETED",
          "current-phase-context": "[: ]",
          version: "1",
        };
  return envelope(setting, { detailType, source: "aws.codebuild", resources: [build], detail });
}

/** The queue bridge's event for one message (src/runtime/queue-bridge.cjs): detail-type from the body's `type`. */
export function queueBridgeEvent(setting: SampleSetting, queueArn: string): Json {
  return envelope(setting, { detailType: "message", source: queueArn, detail: {} });
}

export type KeyType = "S" | "N" | "B";
export interface KeyAttribute {
  name: string;
  type: KeyType;
}

/** DynamoDB's typed form of a plain value of a key of the given type. */
export function typed(value: unknown, type: KeyType): Json {
  if (type === "N") return { N: String(value) };
  if (type === "B") return { B: String(value) };
  return { S: String(value) };
}

const EXAMPLE_KEY: Record<KeyType, unknown> = { S: "example", N: 1, B: "ZXhhbXBsZQ==" };

/** A DynamoDB stream record of the app table, as Lambda and the table bridge receive it (NEW_AND_OLD_IMAGES). */
export function streamRecord(setting: SampleSetting, tableArn: string, keys: readonly KeyAttribute[], eventName: string): Json {
  const Keys = Object.fromEntries(keys.map(({ name, type }) => [name, typed(EXAMPLE_KEY[type], type)]));
  const image = (status: string) => ({ ...Keys, status: { S: status } });
  const dynamodb: Json = {
    ApproximateCreationDateTime: Math.floor(epochMillis(setting) / 1000),
    Keys,
    ...(eventName === "INSERT" ? { NewImage: image("new") } : {}),
    ...(eventName === "MODIFY" ? { NewImage: image("shipped"), OldImage: image("new") } : {}),
    ...(eventName === "REMOVE" ? { OldImage: image("shipped") } : {}),
    SequenceNumber: `1000000000000${token(`sequence:${setting.seed}`, 8, "0123456789")}`,
    SizeBytes: 0,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  };
  return {
    eventID: token(`record:${setting.seed}`, 32, "0123456789abcdef"),
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: setting.region,
    dynamodb,
    eventSourceARN: `${tableArn}/stream/2025-01-01T00:00:00.000`,
  };
}

/** The size DynamoDB reports for a record's keys and images (an approximation: their JSON in bytes). */
export function recordSize(dynamodb: Json): number {
  const parts = ["Keys", "NewImage", "OldImage"].map((key) => dynamodb[key]).filter(Boolean);
  return Buffer.byteLength(JSON.stringify(parts));
}

/** DynamoDB's typed JSON -> plain values, as the table bridge does it. */
export function unmarshall(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const [type, inner] = Object.entries(value as Json)[0] ?? [];
  switch (type) {
    case "S":
    case "B":
    case "BOOL":
      return inner;
    case "N":
      return Number(inner);
    case "NULL":
      return null;
    case "SS":
    case "BS":
      return Array.isArray(inner) ? [...inner] : inner;
    case "NS":
      return Array.isArray(inner) ? inner.map(Number) : inner;
    case "L":
      return Array.isArray(inner) ? inner.map(unmarshall) : inner;
    case "M":
      return unmarshallMap(inner);
    default:
      return inner;
  }
}

export const unmarshallMap = (map: unknown) =>
  Object.fromEntries(Object.entries((map ?? {}) as Json).map(([key, value]) => [key, unmarshall(value)]));

/** Top-level attributes whose value differs between the images (the table bridge's `diffKeys`). */
export function diffKeys(oldImage: unknown = {}, newImage: unknown = {}): string[] {
  const before = (oldImage ?? {}) as Json;
  const after = (newImage ?? {}) as Json;
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name])).sort();
}

/** The table bridge's event for one record (src/runtime/table-bridge.cjs). */
export function tableBridgeEvent(setting: SampleSetting, tableArn: string, record: Json): Json {
  const data = (record.dynamodb ?? {}) as Json;
  return envelope(setting, {
    detailType: String(record.eventName),
    source: tableArn,
    detail: {
      eventName: record.eventName,
      keys: unmarshallMap(data.Keys),
      diffKeys: diffKeys(data.OldImage, data.NewImage),
      records: [record],
    },
  });
}

export const USER_POOL_TRIGGERS = [
  "PostConfirmation_ConfirmSignUp",
  "PostConfirmation_ConfirmForgotPassword",
  "PostAuthentication_Authentication",
];

/** The user-pool hook's event for a user it initialises (src/runtime/custom-attributes.cjs). */
export function userPoolEvent(
  setting: SampleSetting,
  poolArn: string,
  attributes: ReadonlyArray<{ name: string; value: unknown }>,
  triggerSource = USER_POOL_TRIGGERS[0],
): Json {
  const userPoolId = poolArn.slice(poolArn.lastIndexOf("/") + 1);
  const sub = uuidFrom(`user:${setting.seed}`);
  const userAttributes = {
    sub,
    email_verified: "true",
    "cognito:user_status": "CONFIRMED",
    email: "user@example.com",
    ...Object.fromEntries(attributes.map(({ name, value }) => [`custom:${name}`, String(value)])),
  };
  return envelope(setting, {
    detailType: triggerSource,
    source: poolArn,
    detail: { userPoolId, userName: sub, triggerSource, userAttributes },
  });
}

/** A `global` event: the envelope alone, every field the pattern's. */
export function globalEvent(setting: SampleSetting): Json {
  return envelope(setting, { detailType: "example", source: "example.source", detail: {} });
}

/* ---- timers ---- */

/** What a `rate`/`cron` rule delivers (EventBridge events detail reference, "Scheduled Event"). */
export function scheduledEvent(setting: SampleSetting, ruleArn: string): Json {
  return envelope(setting, { detailType: "Scheduled Event", source: "aws.events", resources: [ruleArn], detail: {} });
}

/**
 * What an EventBridge Scheduler schedule without `Input` delivers to Lambda: its "default notification" (Scheduler
 * API reference, `Target.Input`), an EventBridge-shaped event from `aws.scheduler` whose `detail` is the string "{}".
 */
export function schedulerEvent(setting: SampleSetting, scheduleArn: string): Json {
  return { ...envelope(setting, { detailType: "Scheduled Event", source: "aws.scheduler", resources: [scheduleArn], detail: "{}" }) };
}

/* ---- batches ---- */

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** One SQS message as Lambda's SQS event source mapping delivers it. */
export function sqsRecord(setting: SampleSetting, queueArn: string, body: string): Json {
  const sent = epochMillis(setting);
  return {
    messageId: uuidFrom(`message:${setting.seed}`),
    receiptHandle: `AQEB${token(`receipt:${setting.seed}`, 60, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(sent),
      SenderId: `AROA${token(`sender:${setting.seed}`, 17)}:sender`,
      ApproximateFirstReceiveTimestamp: String(sent + 7),
    },
    messageAttributes: {},
    md5OfBody: md5(body),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: setting.region,
  };
}

export const batch = (record: Json): Json => ({ Records: [record] });

/* ---- SNS ---- */

/** One SNS notification as Lambda receives it from a topic subscription (Lambda developer guide, "Using Lambda with Amazon SNS"). */
export function snsRecord(setting: SampleSetting, topicArn: string, message: string): Json {
  const subscriptionArn = `${topicArn}:${uuidFrom(`subscription:${setting.seed}`)}`;
  const endpoint = `https://sns.${setting.region}.amazonaws.com`;
  return {
    EventSource: "aws:sns",
    EventVersion: "1.0",
    EventSubscriptionArn: subscriptionArn,
    Sns: {
      Type: "Notification",
      MessageId: uuidFrom(`message:${setting.seed}`),
      TopicArn: topicArn,
      Subject: null,
      Message: message,
      Timestamp: new Date(epochMillis(setting)).toISOString(),
      SignatureVersion: "1",
      Signature: token(`signature:${setting.seed}`, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
      SigningCertUrl: `${endpoint}/SimpleNotificationService-${token(`certificate:${setting.seed}`, 32, "0123456789abcdef")}.pem`,
      UnsubscribeUrl: `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      MessageAttributes: {},
    },
  };
}

/** The body the sub-minute ticker sends for its first tick of a minute (src/runtime/ticker.cjs). */
export const tickBody = (setting: SampleSetting, intervalSeconds: number) =>
  JSON.stringify({ tick: 0, intervalSeconds, scheduledAt: new Date(epochMillis(setting)).toISOString() });

/* ---- HTTP API ---- */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function requestTime(setting: SampleSetting): string {
  const date = new Date(epochMillis(setting));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** A route path with its parameters filled: `{id}` -> `example-id`, a greedy `{proxy+}` -> `example/proxy`. */
export function fillPath(path: string): { path: string; parameters: Record<string, string> } {
  const parameters: Record<string, string> = {};
  const filled = path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}/g, (_, name: string, greedy: string) => {
    parameters[name] = greedy ? `example/${name}` : `example-${name}`;
    return parameters[name];
  });
  return { path: filled, parameters };
}

export interface HttpRequest {
  method: string;
  path: string;
  apiId: string;
  /** JWT claims for a private route (the user pool's ID token, or its access token with `scopes`), absent for a public one. */
  claims?: Record<string, string>;
  /** The scopes a private route requires (`requestContext.authorizer.jwt.scopes`). */
  scopes?: readonly string[];
  /** A route with `auth: iam`: a request signed (SigV4) by an IAM user of the account. */
  iam?: boolean;
  /** A route behind a Lambda authorizer: the identity sources the request carries (`$request.header.X`, `$request.querystring.X`). */
  identity?: readonly string[];
}

const IDENTITY = /^\$request\.(header|querystring)\.(.+)$/;
/** The value a sample request carries for an identity source: a bearer token for `Authorization`. */
const identityValue = (name: string) => (name.toLowerCase() === "authorization" ? "Bearer example-token" : `example-${name}`);

/** The headers and query string of a request carrying the authorizer's identity sources. */
function identityParts(identity: readonly string[]) {
  // Maps: the names are the user's (`$request.querystring.__proto__` must stay a name).
  const headers = new Map<string, string>();
  const query = new Map<string, string>();
  for (const source of identity) {
    const [, where, name] = IDENTITY.exec(source) ?? [];
    if (where === "header") headers.set(name.toLowerCase(), identityValue(name));
    else if (where === "querystring") query.set(name, identityValue(name));
  }
  return { headers: Object.fromEntries(headers), query: Object.fromEntries(query) };
}

/** What an authorizer put in `requestContext.authorizer`: JWT claims, the IAM caller, or a Lambda authorizer's context. */
function authorizerContext(setting: SampleSetting, request: HttpRequest): Json | undefined {
  if (request.claims) return { jwt: { claims: request.claims, scopes: request.scopes ? [...request.scopes] : null } };
  if (request.iam) {
    const userId = `AIDA${token(`caller:${setting.seed}`, 17)}`;
    return {
      iam: {
        accessKey: `AKIA${token(`key:${setting.seed}`, 16)}`,
        accountId: setting.account,
        callerId: userId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:${setting.partition}:iam::${setting.account}:user/example-user`,
        userId,
      },
    };
  }
  // A simple response's `context` (empty unless the authorizer returns one).
  if (request.identity) return { lambda: {} };
  return undefined;
}

/**
 * What an HTTP API REQUEST authorizer (payload 2.0) receives for a request to a route: the request without
 * its body, the route's ARN and the values of the identity sources, in their order.
 */
export function httpAuthorizerEvent(setting: SampleSetting, request: HttpRequest & { identity: readonly string[] }): Json {
  const event = httpApiEvent(setting, request);
  const { body: _body, isBase64Encoded: _encoded, version, routeKey, requestContext, ...rest } = event;
  const { authorizer: _authorizer, ...context } = requestContext as Json;
  const http = context.http as Json;
  const method = request.method === "ANY" ? "GET" : request.method;
  const headers = new Map(Object.entries(rest.headers as Record<string, string>));
  const query = new Map(Object.entries((rest.queryStringParameters ?? {}) as Record<string, string>));
  return {
    version,
    type: "REQUEST",
    routeArn: `arn:${setting.partition}:execute-api:${setting.region}:${setting.account}:${request.apiId}/$default/${method}${http.path}`,
    identitySource: request.identity.map((source) => {
      const [, where, name] = IDENTITY.exec(source) ?? [];
      if (where === "header") return headers.get(name.toLowerCase());
      if (where === "querystring") return query.get(name);
      return source === "$context.routeKey" ? routeKey : `example-${source}`;
    }),
    routeKey,
    ...rest,
    requestContext: context,
  };
}

/** The headers an HTTPS front end (HTTP API, function URL) adds to a curl request from the documentation's address. */
const forwardedHeaders = (setting: SampleSetting, host: string) => ({
  host,
  "user-agent": "curl/8.5.0",
  "x-amzn-trace-id": `Root=1-${token(`trace:${setting.seed}`, 8, "0123456789abcdef")}-${token(`trace2:${setting.seed}`, 24, "0123456789abcdef")}`,
  "x-forwarded-for": "203.0.113.10",
  "x-forwarded-port": "443",
  "x-forwarded-proto": "https",
});

/**
 * A function URL request (payload format 2.0, route and stage `$default`): a GET of `/`. Signed (`iam`), it
 * carries the caller in `authorizer.iam`; public, the account is `anonymous`.
 */
export function functionUrlEvent(setting: SampleSetting, signed: boolean): Json {
  const urlId = token(`url:${setting.seed}`, 32, "abcdefghijklmnopqrstuvwxyz0123456789");
  const domainName = `${urlId}.lambda-url.${setting.region}.on.aws`;
  const caller = `AIDA${token(`caller:${setting.seed}`, 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
  const iam = {
    accessKey: `ASIA${token(`key:${setting.seed}`, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    accountId: setting.account,
    callerId: caller,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: `arn:${setting.partition}:iam::${setting.account}:user/example`,
    userId: caller,
  };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers: {
      accept: "*/*",
      ...forwardedHeaders(setting, domainName),
    },
    requestContext: {
      accountId: signed ? setting.account : "anonymous",
      apiId: urlId,
      ...(signed ? { authorizer: { iam } } : {}),
      domainName,
      domainPrefix: urlId,
      http: { method: "GET", path: "/", protocol: "HTTP/1.1", sourceIp: "203.0.113.10", userAgent: "curl/8.5.0" },
      requestId: uuidFrom(`request:${setting.seed}`),
      routeKey: "$default",
      stage: "$default",
      time: requestTime(setting),
      timeEpoch: epochMillis(setting),
    },
    isBase64Encoded: false,
  };
}

/** API Gateway HTTP API, Lambda proxy integration, payload format 2.0, `$default` stage. */
export function httpApiEvent(setting: SampleSetting, request: HttpRequest): Json {
  const method = request.method === "ANY" ? "GET" : request.method;
  const { path, parameters } = fillPath(request.path);
  const domainName = `${request.apiId}.execute-api.${setting.region}.amazonaws.com`;
  const hasBody = ["POST", "PUT", "PATCH"].includes(method);
  const body = hasBody ? "{}" : undefined;
  const identity = identityParts(request.identity ?? []);
  const amzDate = new Date(epochMillis(setting)).toISOString().replace(/[-:]|\.\d+/g, "");
  const signed = request.iam
    ? {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIA${token(`key:${setting.seed}`, 16)}/${amzDate.slice(0, 8)}/${setting.region}/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${token(`signature:${setting.seed}`, 64, "0123456789abcdef")}`,
      }
    : {};
  const headers: Record<string, string> = {
    accept: "application/json",
    ...(request.claims ? { authorization: "Bearer eyJraWQiOiJleGFtcGxlIiwiYWxnIjoiUlMyNTYifQ.e30.c2lnbmF0dXJl" } : {}),
    ...signed,
    ...identity.headers,
    "content-length": String(body?.length ?? 0),
    ...(hasBody ? { "content-type": "application/json" } : {}),
    ...forwardedHeaders(setting, domainName),
    ...(request.iam ? { "x-amz-date": amzDate } : {}),
  };
  const routeKey = `${request.method} ${request.path}`;
  const authorizer = authorizerContext(setting, request);
  const query = Object.keys(identity.query).length ? identity.query : undefined;
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : "",
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: setting.account,
      apiId: request.apiId,
      ...(authorizer ? { authorizer } : {}),
      domainName,
      domainPrefix: request.apiId,
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.10", userAgent: "curl/8.5.0" },
      requestId: `${token(`request:${setting.seed}`, 14, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}=`,
      routeKey,
      stage: "$default",
      time: requestTime(setting),
      timeEpoch: epochMillis(setting),
    },
    ...(Object.keys(parameters).length ? { pathParameters: parameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}
