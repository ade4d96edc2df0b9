/**
 * `sample` (src/local/sample.ts) over examples/hello and every valid fixture: every trigger of every function has a
 * sample; each EventBridge sample is matched by its own rule and by no other rule of its app; the bridged events
 * are what the bridges themselves (src/runtime/*.cjs) make of the records they carry; shapes and determinism.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { timerIds } from "../../src/expander/names.js";
import { appRules, type LocalApp, loadApp } from "../../src/local/app.js";
import { match } from "../../src/local/match.js";
import { sample } from "../../src/local/sample.js";

const load = createRequire(import.meta.url);
const queueBridge = load("../../src/runtime/queue-bridge.cjs");
const tableBridge = load("../../src/runtime/table-bridge.cjs");

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

function appOf(file: string): LocalApp {
  const loaded = loadApp(parseTemplate(readFileSync(file, "utf8"), file));
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.join("\n")}`);
  return loaded.app;
}

/** examples/hello and every fixture that expands and has a function with a trigger. */
const APPS = [
  join(ROOT, "examples", "hello", "template.yaml"),
  ...readdirSync(FIXTURES)
    .filter((name) => !name.startsWith("error-"))
    .map((name) => join(FIXTURES, name, "template.yaml")),
].flatMap((file) => {
  const text = readFileSync(file, "utf8");
  if (!/Pareto::App/.test(text)) return [];
  const loaded = loadApp(parseTemplate(text, file));
  return loaded.ok && loaded.app.functions.some((fn) => fn.triggers.length) ? [[file.slice(ROOT.length + 1), file] as const] : [];
});

const sampleOf = (app: LocalApp, fnName: string, triggerName: string) => {
  const fn = app.functions.find(({ name }) => name === fnName);
  const trigger = fn?.triggers.find(({ name }) => name === triggerName);
  if (!fn || !trigger) throw new Error(`no ${fnName}/${triggerName}`);
  const result = sample(app, fn, trigger);
  if (!result.ok) throw new Error(result.error);
  return result.event as Record<string, any>;
};

describe("every trigger of every function has a sample", () => {
  it("the apps include hello and the fixtures of every trigger kind", () => {
    expect(APPS.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(
      APPS.flatMap(([, file]) =>
        appOf(file).functions.flatMap((fn) => fn.triggers.map((t) => (t.kind === "event" ? t.source.kind : t.kind))),
      ),
    );
    expect([...kinds].sort()).toEqual([
      "app",
      "authorizer",
      "bucket",
      "builder",
      "consume",
      "endpoint",
      "global",
      "queue",
      "table",
      "timer",
      "url",
      "userpool",
    ]);
  });

  it.each(APPS)("%s", (_, file) => {
    const app = appOf(file);
    const rules = appRules(app);
    for (const fn of app.functions)
      for (const trigger of fn.triggers) {
        const result = sample(app, fn, trigger);
        expect([fn.name, trigger.name, result.ok ? "ok" : result.error]).toEqual([fn.name, trigger.name, "ok"]);
        if (!result.ok || trigger.kind !== "event") continue;
        // Its own rule matches it, and no other rule of the app does.
        const matched = rules.filter((rule) => match(rule.pattern, result.event).matched).map((rule) => `${rule.function}/${rule.event}`);
        expect(matched).toEqual([`${fn.name}/${trigger.name}`]);
      }
  });

  it("is deterministic", () => {
    for (const [, file] of APPS) {
      const first = appOf(file);
      const second = appOf(file);
      for (const fn of first.functions)
        for (const trigger of fn.triggers)
          expect(sample(first, fn, trigger)).toEqual(sample(second, second.functions.find((f) => f.name === fn.name)!, trigger));
    }
  });
});

describe("samples are shaped as their sources deliver them", () => {
  const hello = appOf(join(ROOT, "examples", "hello", "template.yaml"));

  it("bucket: S3's Object Created for the app bucket, the key with the pattern's prefix", () => {
    const event = sampleOf(hello, "resize", "uploaded");
    const bucket = hello.resolver.reference("AppBucket");
    expect(event).toMatchObject({
      version: "0",
      "detail-type": "Object Created",
      source: "aws.s3",
      account: "123456789012",
      region: "us-east-1",
      resources: [`arn:aws:s3:::${bucket}`],
      detail: { version: "0", bucket: { name: bucket }, object: { key: "uploads/example.txt", size: 5 }, reason: "PutObject" },
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("bucket: a pattern on another detail-type gets that detail-type's fields", () => {
    const app = appOf(join(FIXTURES, "event-bucket", "template.yaml"));
    const event = sampleOf(app, "on-upload", "uploaded");
    expect(event.detail.object.key).toBe("uploads/example.txt");
  });

  it("queue: what the queue bridge puts on the bus for the message it carries", () => {
    const event = sampleOf(hello, "ship-order", "placed");
    const queueArn = hello.resolver.reference("AppOrdersQueue", "Arn");
    expect(event).toMatchObject({ source: queueArn, "detail-type": "order-placed", resources: [], detail: { type: "order-placed" } });
    expect(queueBridge.toEntry({ body: JSON.stringify(event.detail) }, queueArn)).toEqual({
      Source: event.source,
      DetailType: event["detail-type"],
      Detail: JSON.stringify(event.detail),
    });
  });

  it("queue: a numeric pattern on the body gets a number inside the range", () => {
    const app = appOf(join(FIXTURES, "event-queue", "template.yaml"));
    const event = sampleOf(app, "on-order", "placed");
    expect(event.detail).toEqual({ type: "order-placed", total: 101 });
  });

  it("table: what the table bridge puts on the bus for the stream record it carries", () => {
    const app = appOf(join(FIXTURES, "event-table", "template.yaml"));
    const tableArn = app.resolver.reference("AppTable", "Arn");
    for (const name of ["inserted", "status-changed"]) {
      const event = sampleOf(app, "on-change", name);
      const entry = tableBridge.toEntry(event.detail.records[0], tableArn);
      expect({ Source: event.source, DetailType: event["detail-type"], Detail: JSON.parse(entry.Detail) }).toEqual({
        Source: entry.Source,
        DetailType: entry.DetailType,
        Detail: event.detail,
      });
    }
    const inserted = sampleOf(app, "on-change", "inserted");
    expect(inserted.detail.keys).toEqual({ pk: "ORDER#example", sk: "example" });
    const changed = sampleOf(app, "on-change", "status-changed");
    expect(changed.detail).toMatchObject({ eventName: "MODIFY", diffKeys: ["status"] });
  });

  it("table:<name> and bucket:<name>: the named table's ARN and keys, the named bucket's name", () => {
    const tables = appOf(join(FIXTURES, "tables-named-stream-events", "template.yaml"));
    const placed = sampleOf(tables, "on-order", "placed");
    expect(placed.source).toBe(tables.resolver.reference("AppOrdersTable", "Arn"));
    expect(placed.detail.keys).toEqual({ pk: "example", sk: "example" });
    const audit = sampleOf(tables, "auditor", "consume").Records[0];
    expect(audit.eventSourceARN).toMatch(new RegExp(`^${tables.resolver.reference("AppAuditTable", "Arn")}/stream/`));
    expect(Object.keys(audit.dynamodb.Keys)).toEqual(["id"]);
    const buckets = appOf(join(FIXTURES, "buckets-named-events", "template.yaml"));
    const created = sampleOf(buckets, "on-upload", "created");
    expect(created.detail.bucket.name).toBe(buckets.resolver.reference("AppUploadsBucket"));
    expect(created.detail.bucket.name).not.toBe(buckets.resolver.reference("AppBucket"));
  });

  it("userpool: the hook's event, its detail-type the trigger source and the pool the source's", () => {
    const app = appOf(join(FIXTURES, "event-userpool", "template.yaml"));
    const event = sampleOf(app, "welcome", "signed-up");
    const poolArn = app.resolver.reference("AppUserPool", "Arn");
    expect(event).toMatchObject({
      source: poolArn,
      "detail-type": "PostConfirmation_ConfirmSignUp",
      detail: {
        userPoolId: poolArn.split("/")[1],
        triggerSource: "PostConfirmation_ConfirmSignUp",
        userAttributes: { email: "user@example.com" },
      },
    });
    expect(event.detail.userName).toBe(event.detail.userAttributes.sub);
  });

  it("builder: CodeBuild's state change for the builder's project", () => {
    const app = appOf(join(FIXTURES, "builder-worker", "template.yaml"));
    const event = sampleOf(app, "on-layer-built", "build-finished");
    expect(event).toMatchObject({
      source: "aws.codebuild",
      "detail-type": "CodeBuild Build State Change",
      detail: { "build-status": "SUCCEEDED", "project-name": app.resolver.reference("AppBuilderProject"), "current-phase": "COMPLETED" },
    });
    expect(event.resources).toEqual([event.detail["build-id"]]);
  });

  it("global: the pattern's fields, $or included", () => {
    const app = appOf(join(FIXTURES, "event-global", "template.yaml"));
    expect(sampleOf(app, "on-ec2", "instance-stopped")).toMatchObject({
      source: "aws.ec2",
      "detail-type": "EC2 Instance State-change Notification",
      detail: { state: "stopped" },
    });
    expect(sampleOf(app, "on-ec2", "partner")).toMatchObject({ source: "partner.source", detail: { tier: "gold" } });
  });

  it("endpoint: API Gateway's payload 2.0, path parameters filled", () => {
    const event = sampleOf(hello, "get-order", "endpoint");
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /orders/{id}",
      rawPath: "/orders/example-id",
      pathParameters: { id: "example-id" },
      requestContext: { http: { method: "GET", path: "/orders/example-id" }, stage: "$default", routeKey: "GET /orders/{id}" },
      isBase64Encoded: false,
    });
    expect(event.body).toBeUndefined();
    expect(sampleOf(hello, "place-order", "endpoint")).toMatchObject({ body: "{}", headers: { "content-type": "application/json" } });
  });

  it("endpoint: a private route carries the user pool's claims", () => {
    const app = appOf(join(FIXTURES, "api-private-userpool", "template.yaml"));
    const fn = app.functions.find((f) => f.triggers.some((t) => t.kind === "endpoint" && t.endpoint.auth === "private"));
    expect(fn).toBeDefined();
    const event = sampleOf(app, fn!.name, "endpoint");
    const pool = app.resolver.reference("AppUserPool");
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      iss: `https://cognito-idp.us-east-1.amazonaws.com/${pool}`,
      aud: app.resolver.reference("AppUserPoolClient"),
      token_use: "id",
    });
  });

  it("endpoint as a list: one trigger per route, named by its route key", () => {
    const app = appOf(join(FIXTURES, "api-routes-list", "template.yaml"));
    const items = app.functions.find((f) => f.name === "items")!;
    expect(items.triggers.map((t) => t.name)).toEqual(["GET /items", "POST /items", "GET /items/{id}", "DELETE /items/{id}"]);
    expect(sampleOf(app, "items", "DELETE /items/{id}")).toMatchObject({
      routeKey: "DELETE /items/{id}",
      rawPath: "/items/example-id",
      requestContext: { http: { method: "DELETE" } },
    });
  });

  it("endpoint: an iam route is a signed request with the caller in requestContext.authorizer.iam", () => {
    const app = appOf(join(FIXTURES, "api-iam", "template.yaml"));
    const event = sampleOf(app, "admin", "GET /admin/users");
    expect(event.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIA[A-Z0-9]{16}\/20\d{6}\/us-east-1\/execute-api\/aws4_request, /,
    );
    expect(event.requestContext.authorizer.iam).toMatchObject({
      accountId: "123456789012",
      userArn: "arn:aws:iam::123456789012:user/example-user",
    });
    expect(sampleOf(app, "admin", "GET /admin/status").requestContext.authorizer).toBeUndefined();
  });

  it("endpoint: a route with scopes carries an access token's claims and the scopes", () => {
    const app = appOf(join(FIXTURES, "api-jwt-scopes", "template.yaml"));
    const { jwt } = sampleOf(app, "items", "PUT /items/{id}").requestContext.authorizer;
    expect(jwt.scopes).toEqual(["items/write", "items/admin"]);
    expect(jwt.claims).toMatchObject({
      token_use: "access",
      scope: "items/write items/admin",
      client_id: app.resolver.reference("AppUserPoolClient"),
    });
    expect(sampleOf(app, "items", "GET /items").requestContext.authorizer.jwt).toMatchObject({ scopes: null, claims: { token_use: "id" } });
  });

  it("authorizer: the REQUEST payload 2.0 for one of its routes, identity sources in order; its routes carry them", () => {
    const app = appOf(join(FIXTURES, "api-authorizer-identity", "template.yaml"));
    const authorize = app.functions.find((f) => f.name === "authorize")!;
    expect(authorize.triggers.map((t) => t.name)).toEqual(["authorizer:keys", "authorizer:open"]);
    const api = app.resolver.reference("AppApi");
    const event = sampleOf(app, "authorize", "authorizer:keys");
    expect(event).toMatchObject({
      version: "2.0",
      type: "REQUEST",
      routeArn: `arn:aws:execute-api:us-east-1:123456789012:${api}/$default/GET/partners/example-id`,
      identitySource: ["example-X-Api-Key", "example-tenant", "GET /partners/{id}"],
      routeKey: "GET /partners/{id}",
      rawQueryString: "tenant=example-tenant",
      headers: { "x-api-key": "example-X-Api-Key" },
      pathParameters: { id: "example-id" },
      requestContext: { apiId: api, routeKey: "GET /partners/{id}" },
    });
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(sampleOf(app, "partner", "endpoint").requestContext.authorizer).toEqual({ lambda: {} });
    expect(sampleOf(app, "authorize", "authorizer:open")).toMatchObject({ identitySource: [], routeKey: "POST /webhook" });
  });

  it("timers: the scheduled event of the rule Pareto names, the Scheduler's notification, the ticker's SQS message", () => {
    const rate = sampleOf(hello, "report", "timer");
    expect(rate).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} });
    expect(rate.resources[0]).toMatch(/^arn:aws:events:us-east-1:123456789012:rule\/[0-9a-f-]{36}-[0-9a-f]{10}-[0-9a-f]{10}$/);
    const zoned = appOf(join(FIXTURES, "timer-cron", "template.yaml"));
    const scheduled = zoned.functions.flatMap((fn) =>
      fn.triggers.flatMap((t) => (t.kind === "timer" && t.timer.kind === "schedule" ? [fn.name] : [])),
    );
    expect(scheduled.length).toBeGreaterThan(0);
    expect(sampleOf(zoned, scheduled[0], "timer")).toMatchObject({
      source: "aws.scheduler",
      "detail-type": "Scheduled Event",
      detail: "{}",
    });
    const ticker = appOf(join(FIXTURES, "timer-seconds", "template.yaml"));
    const fn = ticker.functions.find((f) => f.triggers.some((t) => t.kind === "timer" && t.timer.kind === "ticker"))!;
    const tick = sampleOf(ticker, fn.name, "timer");
    expect(tick.Records).toHaveLength(1);
    expect(JSON.parse(tick.Records[0].body)).toMatchObject({ tick: 0, scheduledAt: "2025-01-01T12:00:00.000Z" });
    expect(tick.Records[0]).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: ticker.resolver.reference(timerIds(fn.name).tickerQueue, "Arn"),
    });
  });

  it("consume: an SQS batch whose JSON body passes the filter; a stream batch of a consistent record", () => {
    const queue = appOf(join(FIXTURES, "consume-queue", "template.yaml"));
    const batch = sampleOf(queue, "worker", "consume");
    expect(JSON.parse(batch.Records[0].body)).toEqual({ kind: "resize" });
    expect(batch.Records[0].md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    const table = appOf(join(FIXTURES, "consume-table", "template.yaml"));
    const record = sampleOf(table, "projector", "consume").Records[0];
    expect(record).toMatchObject({ eventName: "INSERT", eventSource: "aws:dynamodb", dynamodb: { StreamViewType: "NEW_AND_OLD_IMAGES" } });
    expect(record.dynamodb.NewImage).toMatchObject(record.dynamodb.Keys);
    expect(match({ eventName: ["INSERT", "MODIFY"] }, record).matched).toBe(true);
  });
});
