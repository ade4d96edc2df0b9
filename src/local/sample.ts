/**
 * `pareto sample`: for one trigger of one function, the event Lambda receives, shaped as AWS delivers it, that the
 * trigger's rule (or filter) matches. A named event starts from what its source publishes (src/local/shapes.ts),
 * gets the values its bound pattern needs (src/local/generate.ts) and keeps the source's own invariants (a bridged
 * message's `detail-type` is its body's `type`, a table change's `keys` are its record's keys); it is checked
 * against the pattern, and preferably matches none of the app's other rules. Deterministic. Pure.
 */
import { APP, bucketIds, queueIds, tableIds, timerIds, topicIds } from "../expander/names.js";
import { isRecord } from "../expander/intrinsics.js";
import { DEFAULTS } from "../generated/defaults.js";
import { authorizersOf } from "../expander/constructs/api.js";
import { type LocalApp, type LocalFunction, type Trigger, appRules } from "./app.js";
import { type Json, satisfy, type Satisfied } from "./generate.js";
import { DEFAULT_ENVIRONMENT, uuidFrom } from "./resolve.js";
import {
  batch,
  CODEBUILD_DETAIL_TYPES,
  codeBuildEvent,
  diffKeys,
  functionUrlEvent,
  globalEvent,
  httpApiEvent,
  httpAuthorizerEvent,
  type KeyAttribute,
  queueBridgeEvent,
  recordSize,
  S3_DETAIL_TYPES,
  SAMPLE_TIME,
  type SampleSetting,
  s3Event,
  scheduledEvent,
  schedulerEvent,
  snsRecord,
  sqsRecord,
  streamRecord,
  tableBridgeEvent,
  tickBody,
  typed,
  unmarshall,
  unmarshallMap,
  userPoolEvent,
} from "./shapes.js";

export type SampleResult = { ok: true; event: Json } | { ok: false; error: string };

const TABLE_EVENTS = ["INSERT", "MODIFY", "REMOVE"];

const settingFor = (fn: string, trigger: string): SampleSetting => ({
  account: DEFAULT_ENVIRONMENT.account,
  region: DEFAULT_ENVIRONMENT.region,
  partition: DEFAULT_ENVIRONMENT.partition,
  time: SAMPLE_TIME,
  seed: `${fn}/${trigger}`,
});

const objectAt = (owner: Json, key: string): Json => {
  if (!isRecord(owner[key])) owner[key] = {};
  return owner[key] as Json;
};

/** Satisfies the pattern over the base for its default kind, then again over the base of the kind it chose. */
function twoPhase(
  pattern: unknown,
  base: (kind?: string) => Json,
  kindOf: (event: Json) => unknown,
  kinds: string[],
  options: Parameters<typeof satisfy>[2],
): Satisfied {
  const first = satisfy(pattern, base(), options);
  if (!first.ok) {
    // The default kind may be what fails (a pattern on a field only another kind has): try the others.
    for (const kind of kinds.slice(1)) {
      const other = satisfy(pattern, base(kind), options);
      if (other.ok) return other;
    }
    return first;
  }
  const kind = kindOf(first.event);
  if (typeof kind !== "string" || !kinds.includes(kind) || kind === kindOf(base())) return first;
  const second = satisfy(pattern, base(kind), options);
  return second.ok ? second : first;
}

/**
 * A stream record made consistent, as DynamoDB writes it: the event name's images (INSERT: new, MODIFY: both, REMOVE:
 * old), the key attributes in the keys and every image, the attributes `wanted` changed between the images.
 */
function consistentRecord(
  record: Json,
  eventName: string,
  keys: readonly KeyAttribute[],
  keyValues: Map<string, unknown>,
  wanted: readonly string[],
) {
  record.eventName = eventName;
  const data = objectAt(record, "dynamodb");
  const Keys: Json = {};
  for (const { name, type } of keys)
    Keys[name] = typed(keyValues.get(name) ?? unmarshall((data.Keys as Json | undefined)?.[name]) ?? "example", type);
  data.Keys = Keys;
  if (eventName === "INSERT") delete data.OldImage;
  if (eventName === "REMOVE") delete data.NewImage;
  if (eventName !== "REMOVE") objectAt(data, "NewImage");
  if (eventName !== "INSERT") objectAt(data, "OldImage");
  for (const image of ["NewImage", "OldImage"]) if (isRecord(data[image])) Object.assign(data[image] as Json, Keys);
  for (const name of wanted) {
    if (keys.some((key) => key.name === name)) continue;
    const before = data.OldImage as Json | undefined;
    const after = data.NewImage as Json | undefined;
    if (before && after && JSON.stringify(before[name]) === JSON.stringify(after[name])) {
      before[name] = { S: "before" };
      after[name] = { S: "after" };
    } else if (after && !before) after[name] ??= { S: "example" };
    else if (before && !after) before[name] ??= { S: "example" };
  }
  data.SizeBytes = recordSize(data);
}

const stringList = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === "string");

/** The table bridge's invariants over an event whose fields a pattern set. */
function tableFixup(keys: readonly KeyAttribute[]) {
  return (event: Json, fields: ReadonlySet<string>): Json => {
    const detail = objectAt(event, "detail");
    const records = Array.isArray(detail.records) ? detail.records.filter(isRecord) : [];
    const record = records[0] ?? {};
    const data = objectAt(record, "dynamodb");
    const eventName = String(
      fields.has("detail-type") ? event["detail-type"] : fields.has("detail.eventName") ? detail.eventName : record.eventName,
    );
    const keyValues = new Map<string, unknown>();
    const detailKeys = isRecord(detail.keys) ? detail.keys : {};
    for (const { name } of keys) {
      if (fields.has(`detail.keys.${name}`)) keyValues.set(name, detailKeys[name]);
      else if (isRecord(data.Keys) && data.Keys[name] !== undefined) keyValues.set(name, unmarshall(data.Keys[name]));
    }
    consistentRecord(record, eventName, keys, keyValues, fields.has("detail.diffKeys") ? stringList(detail.diffKeys) : []);
    event["detail-type"] = eventName;
    event.detail = {
      eventName,
      keys: unmarshallMap(data.Keys),
      diffKeys: diffKeys(data.OldImage, data.NewImage),
      records: [record],
    };
    return event;
  };
}

/** A stream record's invariants (for `consume: {source: table}` with a filter). */
function recordFixup(keys: readonly KeyAttribute[]) {
  return (record: Json): Json => {
    const data = objectAt(record, "dynamodb");
    const keyValues = new Map<string, unknown>();
    for (const { name } of keys) if (isRecord(data.Keys) && data.Keys[name] !== undefined) keyValues.set(name, unmarshall(data.Keys[name]));
    consistentRecord(record, String(record.eventName), keys, keyValues, []);
    return record;
  };
}

/** The queue bridge's invariant: `detail-type` is the body's non-empty string `type`, else "message". */
function queueFixup(event: Json, fields: ReadonlySet<string>): Json {
  const detail = objectAt(event, "detail");
  if (fields.has("detail-type")) {
    const type = event["detail-type"];
    if (typeof type !== "string") event["detail-type"] = "message";
    else if (type !== "message") detail.type = type;
    else if (typeof detail.type === "string" && detail.type) delete detail.type;
  } else event["detail-type"] = typeof detail.type === "string" && detail.type ? detail.type : "message";
  event.resources = [];
  return event;
}

/** The user-pool hook's invariants: detail-type is the trigger source, the pool ID is the source ARN's. */
function userPoolFixup(event: Json, fields: ReadonlySet<string>): Json {
  const detail = objectAt(event, "detail");
  const source = String(event.source);
  if (fields.has("detail-type")) detail.triggerSource = event["detail-type"];
  else event["detail-type"] = detail.triggerSource;
  detail.userPoolId = source.slice(source.lastIndexOf("/") + 1);
  event.resources = [];
  return event;
}

function bucketFixup(event: Json, fields: ReadonlySet<string>): Json {
  const detail = objectAt(event, "detail");
  const bucket = objectAt(detail, "bucket");
  if (!fields.has("resources")) event.resources = [`arn:${DEFAULT_ENVIRONMENT.partition}:s3:::${String(bucket.name)}`];
  return event;
}

function eventSample(app: LocalApp, fn: LocalFunction, trigger: Extract<Trigger, { kind: "event" }>): SampleResult {
  const { resolver } = app;
  const setting = settingFor(fn.name, trigger.name);
  const pattern = resolver.resolve(trigger.pattern);
  // Only the rules on the bus the event arrives on could take it.
  const rules = appRules(app);
  const bus = rules.find((rule) => rule.function === fn.name && rule.event === trigger.name)?.bus;
  const avoid = rules
    .filter((rule) => !(rule.function === fn.name && rule.event === trigger.name) && rule.bus === bus)
    .map((rule) => rule.pattern);
  const detailType = (event: Json) => event["detail-type"];
  let result: Satisfied;
  switch (trigger.source.kind) {
    case "bucket": {
      const bucket = resolver.reference(bucketIds(trigger.source.argument).bucket);
      result = twoPhase(pattern, (kind) => s3Event(setting, bucket, kind), detailType, S3_DETAIL_TYPES, { avoid, fixup: bucketFixup });
      break;
    }
    case "builder": {
      const project = resolver.reference(APP.builderProject);
      const timeout = app.ctx.dsl.builder?.timeout ?? 30;
      result = twoPhase(pattern, (kind) => codeBuildEvent(setting, project, kind, timeout), detailType, CODEBUILD_DETAIL_TYPES, { avoid });
      break;
    }
    case "queue": {
      const queueArn = resolver.reference(queueIds(trigger.source.argument).queue, "Arn");
      result = satisfy(pattern, queueBridgeEvent(setting, queueArn), { avoid, fixup: queueFixup });
      break;
    }
    case "table": {
      const tableArn = resolver.reference(tableIds(trigger.source.argument).table, "Arn");
      const keys = app.tableKeys(trigger.source.argument);
      const base = (kind = "INSERT") => tableBridgeEvent(setting, tableArn, streamRecord(setting, tableArn, keys, kind));
      result = twoPhase(pattern, base, detailType, TABLE_EVENTS, { avoid, fixup: tableFixup(keys) });
      break;
    }
    case "userpool": {
      const poolArn = resolver.reference(APP.userPool, "Arn");
      result = satisfy(pattern, userPoolEvent(setting, poolArn, app.ctx.dsl.userpool?.attributes ?? []), { avoid, fixup: userPoolFixup });
      break;
    }
    default:
      result = satisfy(pattern, globalEvent(setting), { avoid });
  }
  if (result.ok) return result;
  return {
    ok: false,
    error: `no event from source '${trigger.sourceToken}' matches the pattern of event '${trigger.name}' of function '${fn.name}' (${result.reason})`,
  };
}

function filtered(filter: unknown, base: Json, options: Parameters<typeof satisfy>[2], what: string): SampleResult {
  const result = satisfy(filter, base, options);
  return result.ok ? result : { ok: false, error: `no ${what} matches the filter (${result.reason})` };
}

function consumeSample(app: LocalApp, fn: LocalFunction, trigger: Extract<Trigger, { kind: "consume" }>): SampleResult {
  const setting = settingFor(fn.name, trigger.name);
  if (trigger.source.kind === "table") {
    const tableArn = app.resolver.reference(tableIds(trigger.source.argument).table, "Arn");
    const keys = app.tableKeys(trigger.source.argument);
    const base = (kind = "INSERT") => streamRecord(setting, tableArn, keys, kind);
    const fixup = recordFixup(keys);
    if (trigger.filter === undefined) return { ok: true, event: batch(fixup(base())) };
    const result = twoPhase(trigger.filter, base, (record) => record.eventName, TABLE_EVENTS, { fixup });
    return result.ok
      ? { ok: true, event: batch(result.event) }
      : { ok: false, error: `no stream record matches the filter (${result.reason})` };
  }
  if (trigger.source.kind === "topic") {
    const topicArn = app.resolver.reference(topicIds(trigger.source.argument).topic);
    if (trigger.filter === undefined) return { ok: true, event: batch(snsRecord(setting, topicArn, "Test message.")) };
    // The filter policy is matched against the message body as JSON (FilterPolicyScope: MessageBody).
    const result = filtered(trigger.filter, {}, {}, "SNS message");
    return result.ok ? { ok: true, event: batch(snsRecord(setting, topicArn, JSON.stringify(result.event))) } : result;
  }
  const queueArn = app.resolver.reference(queueIds(trigger.source.argument).queue, "Arn");
  if (trigger.filter === undefined) return { ok: true, event: batch(sqsRecord(setting, queueArn, "Test message.")) };
  // Lambda filters a JSON body as an object (Lambda developer guide, "Filtering SQS messages"): build that view of the
  // record, then write the body back as the JSON text SQS delivers.
  const jsonBody = isRecord(trigger.filter) && isRecord(trigger.filter.body);
  const base = sqsRecord(setting, queueArn, "Test message.");
  const view = jsonBody ? { ...base, body: {} } : base;
  const result = filtered(trigger.filter, view, {}, "SQS message");
  if (!result.ok) return result;
  const { body } = result.event;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    ok: true,
    event: batch({
      ...sqsRecord(setting, queueArn, text),
      ...result.event,
      body: text,
      md5OfBody: sqsRecord(setting, queueArn, text).md5OfBody,
    }),
  };
}

function timerSample(app: LocalApp, fn: LocalFunction, trigger: Extract<Trigger, { kind: "timer" }>): SampleResult {
  const setting = settingFor(fn.name, trigger.name);
  const { resolver } = app;
  const ids = timerIds(fn.name);
  switch (trigger.timer.kind) {
    case "rate":
    case "cron": {
      const declared = app.resources.get(ids.rule)?.Properties?.Name;
      const name = declared === undefined ? resolver.reference(ids.rule) : String(resolver.resolve(declared));
      return {
        ok: true,
        event: scheduledEvent(setting, `arn:${setting.partition}:events:${setting.region}:${setting.account}:rule/${name}`),
      };
    }
    case "schedule":
      return { ok: true, event: schedulerEvent(setting, resolver.reference(ids.schedule, "Arn")) };
    default: {
      const queueArn = resolver.reference(ids.tickerQueue, "Arn");
      return { ok: true, event: batch(sqsRecord(setting, queueArn, tickBody(setting, trigger.timer.seconds))) };
    }
  }
}

function endpointSample(app: LocalApp, fn: LocalFunction, trigger: Extract<Trigger, { kind: "endpoint" }>): SampleResult {
  const setting = settingFor(fn.name, trigger.name);
  const { resolver } = app;
  const { endpoint } = trigger;
  const auth = endpoint.auth ?? "public";
  const apiId = resolver.reference(APP.api);
  switch (auth) {
    case "public":
    case "private":
      break;
    case "iam":
      return { ok: true, event: httpApiEvent(setting, { method: endpoint.method, path: endpoint.path, apiId, iam: true }) };
    default: {
      const identity = authorizersOf(app.ctx).get(auth)?.identity ?? DEFAULTS.authorizer.identity;
      return { ok: true, event: httpApiEvent(setting, { method: endpoint.method, path: endpoint.path, apiId, identity }) };
    }
  }
  let claims: Record<string, string> | undefined;
  if (auth === "private" && endpoint.scopes) {
    // Scopes are in access tokens (`scope`, `client_id`), not in ID tokens.
    const poolArn = resolver.reference(APP.userPool, "Arn");
    const sub = uuidFrom(`user:${setting.seed}`);
    const issued = Math.floor(Date.parse(setting.time) / 1000);
    claims = {
      sub,
      iss: `https://cognito-idp.${setting.region}.amazonaws.com/${poolArn.slice(poolArn.lastIndexOf("/") + 1)}`,
      client_id: resolver.reference(APP.userPoolClient),
      origin_jti: uuidFrom(`origin:${setting.seed}`),
      event_id: uuidFrom(`sign-in:${setting.seed}`),
      token_use: "access",
      scope: endpoint.scopes.join(" "),
      auth_time: String(issued - 60),
      exp: String(issued + 3540),
      iat: String(issued - 60),
      jti: uuidFrom(`token:${setting.seed}`),
      username: sub,
    };
  } else if (auth === "private") {
    const poolArn = resolver.reference(APP.userPool, "Arn");
    const sub = uuidFrom(`user:${setting.seed}`);
    const issued = Math.floor(Date.parse(setting.time) / 1000);
    claims = {
      sub,
      email_verified: "true",
      iss: `https://cognito-idp.${setting.region}.amazonaws.com/${poolArn.slice(poolArn.lastIndexOf("/") + 1)}`,
      "cognito:username": sub,
      aud: resolver.reference(APP.userPoolClient),
      event_id: uuidFrom(`sign-in:${setting.seed}`),
      token_use: "id",
      auth_time: String(issued - 60),
      exp: String(issued + 3540),
      iat: String(issued - 60),
      email: "user@example.com",
    };
  }
  return {
    ok: true,
    event: httpApiEvent(setting, {
      method: endpoint.method,
      path: endpoint.path,
      apiId,
      claims,
      ...(endpoint.scopes ? { scopes: endpoint.scopes } : {}),
    }),
  };
}

/** What a Lambda authorizer receives for a request to one of its routes (a `GET /` when no route names it yet). */
function authorizerSample(app: LocalApp, fn: LocalFunction, trigger: Extract<Trigger, { kind: "authorizer" }>): SampleResult {
  const setting = settingFor(fn.name, trigger.name);
  const route = trigger.route ?? { method: "GET" as const, path: "/" };
  return {
    ok: true,
    event: httpAuthorizerEvent(setting, {
      method: route.method,
      path: route.path,
      apiId: app.resolver.reference(APP.api),
      identity: trigger.identity,
    }),
  };
}

/** The event Lambda receives from a function's trigger. */
export function sample(app: LocalApp, fn: LocalFunction, trigger: Trigger): SampleResult {
  switch (trigger.kind) {
    case "event":
      return eventSample(app, fn, trigger);
    case "endpoint":
      return endpointSample(app, fn, trigger);
    case "authorizer":
      return authorizerSample(app, fn, trigger);
    case "url":
      return { ok: true, event: functionUrlEvent(settingFor(fn.name, trigger.name), trigger.auth === "iam") };
    case "timer":
      return timerSample(app, fn, trigger);
    default:
      return consumeSample(app, fn, trigger);
  }
}
