/**
 * `match` against moto's EventBridge: every pattern of the shared corpus (test/support/match-corpus.ts) becomes a rule
 * with an SQS target in moto_server, every event of the corpus is put once, and what each rule delivers is compared
 * with what `match` says. moto's matcher is itself an approximation; where the two differ, AWS's documentation
 * decides, and every case where moto is wrong is listed below with the documentation it contradicts. A new
 * difference, or a listed one that goes away, fails the test. Then the samples `pareto sample` builds for the named
 * events of examples/hello and of the fixtures are put into moto with their apps' rules: each reaches its own rule's
 * target and no other.
 */
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";
import { appRules, loadApp } from "../../src/local/app.js";
import { match } from "../../src/local/match.js";
import { sample } from "../../src/local/sample.js";
import { ACCOUNT, type CorpusEvent, delivered, EVENTS, PATTERNS, REGION } from "../support/match-corpus.js";
import { motoClientConfig, startMoto } from "./moto.js";
import { ROOT } from "./tools.js";

interface Difference {
  pattern: string;
  event: string;
  /** What AWS does (and `match` says). */
  aws: boolean;
  /** The documentation moto contradicts. */
  why: string;
}

const LEAF_ONLY =
  'EventBridge user guide, "Exists matching": "Exists matching only works on leaf nodes. It does not work on intermediate nodes." An empty object is an intermediate node: moto stores it as a value.';
const ARRAYS_OF_OBJECTS =
  'EventBridge matches fields inside objects in arrays ("Arrays in Amazon EventBridge event patterns": "If the value in the event is an array, then the event pattern matches if the intersection of the event pattern array and the event array is non-empty"; event-ruler README, "JSON Array Matching": "the array structure is \'crushed out\' of the rule pattern, and any contained objects are treated as if they are the value of the parent field"). moto does not look into arrays of objects.';

/** Where moto is wrong, by AWS's documentation. */
const KNOWN_MOTO_DIFFERENCES: Difference[] = [
  {
    pattern: "numeric-beyond-range",
    event: "g1",
    aws: false,
    why: 'EventBridge user guide, "Numeric matching": numeric matching "is limited to values between -5.0e9 and +5.0e9 inclusive"; moto compares any number.',
  },
  { pattern: "exists-false-not-leaf", event: "n2", aws: true, why: LEAF_ONLY },
  { pattern: "exists-not-leaf", event: "n2", aws: false, why: LEAF_ONLY },
  { pattern: "array-of-objects", event: "i1", aws: true, why: ARRAYS_OF_OBJECTS },
  { pattern: "array-of-objects", event: "i2", aws: true, why: ARRAYS_OF_OBJECTS },
  {
    pattern: "array-same-element",
    event: "i1",
    aws: true,
    why: `${ARRAYS_OF_OBJECTS} Fields of one element match together (README: rulesForJSONEvent "will refuse to recognize any match in which any two fields are within JSON objects that are in different elements of the same array").`,
  },
];

let moto: Awaited<ReturnType<typeof startMoto>>;
let events: EventBridgeClient;
let sqs: SQSClient;

beforeAll(async () => {
  moto = await startMoto();
  const config = motoClientConfig(moto.endpoint);
  events = new EventBridgeClient(config);
  sqs = new SQSClient(config);
});
afterAll(async () => moto?.stop());

/** A queue in moto and its ARN. */
async function queue(name: string) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
}

/** Every message on a queue, parsed. */
async function drain(url: string): Promise<Array<Record<string, any>>> {
  const all: Array<Record<string, any>> = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    if (!Messages.length) return all;
    all.push(...Messages.map((message) => JSON.parse(message.Body as string)));
  }
}

describe("match agrees with moto's EventBridge on the shared corpus, bar moto's documented mistakes", () => {
  /** pattern id -> the events (by id) moto delivered to its rule's target, and those events as delivered */
  const deliveries = new Map<string, Map<string, Record<string, unknown>>>();

  beforeAll(async () => {
    const targets = new Map<string, string>();
    for (const { id, pattern } of PATTERNS) {
      const target = await queue(`corpus-${id}`);
      await events.send(new PutRuleCommand({ Name: `corpus-${id}`, EventPattern: JSON.stringify(pattern), State: "ENABLED" }));
      await events.send(new PutTargetsCommand({ Rule: `corpus-${id}`, Targets: [{ Id: "queue", Arn: target.arn }] }));
      targets.set(id, target.url);
    }
    const entry = (event: CorpusEvent) => ({
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify({ ...event.detail, _case: event.id }),
      ...(event.resources ? { Resources: event.resources } : {}),
    });
    for (let i = 0; i < EVENTS.length; i += 10) {
      const response = await events.send(new PutEventsCommand({ Entries: EVENTS.slice(i, i + 10).map(entry) }));
      expect(response.FailedEntryCount ?? 0).toBe(0);
    }
    for (const [id, url] of targets) deliveries.set(id, new Map((await drain(url)).map((event) => [event.detail._case, event])));
  }, 180_000);

  it("moto delivers the events as EventBridge does (the envelope `match` is run on)", () => {
    const all = [...deliveries.values()].flatMap((received) => [...received.values()]);
    expect(all.length).toBeGreaterThan(50);
    for (const event of all) {
      const expected = delivered(EVENTS.find(({ id }) => id === (event.detail as { _case: string })._case) as CorpusEvent);
      // moto's delivered body leaves out `account` (its default input template has none); it matches on the account
      // all the same, as the rule `envelope` (account 123456789012) shows by delivering.
      for (const field of ["source", "detail-type", "detail", "resources", "region"])
        expect([field, event[field]]).toEqual([field, expected[field]]);
    }
    expect([ACCOUNT, REGION]).toEqual(["123456789012", "us-east-1"]);
    expect([...(deliveries.get("envelope")?.keys() ?? [])]).toEqual(["v6"]);
  });

  it("every difference between match and moto is a documented mistake of moto's", () => {
    const differences: Array<Omit<Difference, "why"> & { moto: boolean }> = [];
    let agreements = 0;
    for (const { id, pattern } of PATTERNS) {
      for (const event of EVENTS) {
        const local = match(pattern, delivered(event)).matched;
        const byMoto = deliveries.get(id)?.has(event.id) ?? false;
        if (local === byMoto) agreements++;
        else differences.push({ pattern: id, event: event.id, aws: local, moto: byMoto });
      }
    }
    expect(differences).toEqual(KNOWN_MOTO_DIFFERENCES.map(({ pattern, event, aws }) => ({ pattern, event, aws, moto: !aws })));
    expect(agreements).toBe(PATTERNS.length * EVENTS.length - KNOWN_MOTO_DIFFERENCES.length);
  });

  it("match says what the corpus says AWS does", () => {
    for (const { id, pattern, matches } of PATTERNS)
      expect([id, EVENTS.filter((event) => match(pattern, delivered(event)).matched).map((event) => event.id)]).toEqual([id, matches]);
  });
});

/** examples/hello and every fixture with a named event. */
const APPS = [
  join(ROOT, "examples", "hello", "template.yaml"),
  ...readdirSync(join(ROOT, "test", "fixtures"))
    .filter((name) => !name.startsWith("error-"))
    .map((name) => join(ROOT, "test", "fixtures", name, "template.yaml")),
].filter((file) => /\n\s+events:/.test(readFileSync(file, "utf8")));

describe("moto delivers each sample to its own rule, and to no other rule of its app", () => {
  it.each(APPS.map((file) => [file.slice(ROOT.length + 1), file]))("%s", async (name, file) => {
    const loaded = loadApp(parseTemplate(readFileSync(file, "utf8"), file));
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const bus = `app-${APPS.indexOf(file)}`;
    await events.send(new CreateEventBusCommand({ Name: bus }));
    const rules = appRules(loaded.app);
    const targets = new Map<string, string>();
    for (const [i, rule] of rules.entries()) {
      const target = await queue(`${bus}-rule-${i}`);
      await events.send(
        new PutRuleCommand({ Name: `${bus}-rule-${i}`, EventBusName: bus, EventPattern: JSON.stringify(rule.pattern), State: "ENABLED" }),
      );
      await events.send(
        new PutTargetsCommand({ Rule: `${bus}-rule-${i}`, EventBusName: bus, Targets: [{ Id: "queue", Arn: target.arn }] }),
      );
      targets.set(`${rule.function}/${rule.event}`, target.url);
    }
    const sent: string[] = [];
    for (const fn of loaded.app.functions)
      for (const trigger of fn.triggers) {
        if (trigger.kind !== "event") continue;
        const result = sample(loaded.app, fn, trigger);
        if (!result.ok) throw new Error(result.error);
        const event = result.event as Record<string, any>;
        await events.send(
          new PutEventsCommand({
            Entries: [
              {
                EventBusName: bus,
                Source: event.source,
                DetailType: event["detail-type"],
                Detail: JSON.stringify({ ...event.detail, _sample: `${fn.name}/${trigger.name}` }),
                Resources: event.resources,
              },
            ],
          }),
        );
        sent.push(`${fn.name}/${trigger.name}`);
      }
    expect(sent.length, name).toBeGreaterThan(0);
    for (const [rule, url] of targets) expect([rule, (await drain(url)).map((event) => event.detail._sample)]).toEqual([rule, [rule]]);
  });
});
