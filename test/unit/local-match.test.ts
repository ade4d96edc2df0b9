/**
 * Local EventBridge matching (src/local/match.ts), operator by operator: the examples of the EventBridge user guide
 * (their inputs quoted in the test names), event-ruler's semantics where the guide is silent (docs/aws-rules.md,
 * "Matching events locally"), the shared corpus, and the message of a near miss.
 */
import { describe, expect, it } from "vitest";
import { checkPattern } from "../../src/expander/validate/pattern.js";
import { match, subPatterns } from "../../src/local/match.js";
import { delivered, EVENTS, PATTERNS } from "../support/match-corpus.js";

const matches = (pattern: unknown, event: unknown) => match(pattern, event).matched;
const miss = (pattern: unknown, event: unknown) => {
  const result = match(pattern, event);
  if (result.matched) throw new Error("expected a miss");
  return result.message;
};

/** The EC2 event of the guide's "Event patterns" page and of event-ruler's README. */
const EC2 = {
  version: "0",
  id: "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "012345679012",
  time: "2017-10-02T16:24:49Z",
  region: "us-east-1",
  resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  detail: {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    state: "running",
  },
};
const withDetail = (detail: Record<string, unknown>) => ({ ...EC2, detail: { ...EC2.detail, ...detail } });

describe("the EventBridge user guide's examples", () => {
  it('"Event patterns": {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["terminated"]}}', () => {
    const pattern = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["terminated"] } };
    expect(matches(pattern, withDetail({ state: "terminated" }))).toBe(true);
    expect(matches(pattern, EC2)).toBe(false);
  });

  it('prefix: "time": [{"prefix": "2017-10-02"}] matches "time": "2017-10-02T18:43:48Z"', () => {
    expect(matches({ time: [{ prefix: "2017-10-02" }] }, { ...EC2, time: "2017-10-02T18:43:48Z" })).toBe(true);
    expect(matches({ time: [{ prefix: "2017-10-02" }] }, { ...EC2, time: "2017-10-03T18:43:48Z" })).toBe(false);
  });

  it('prefix ignoring case: {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]}', () => {
    expect(matches({ service: [{ prefix: { "equals-ignore-case": "eventb" } }] }, { service: "EventBridge" })).toBe(true);
    expect(matches({ service: [{ prefix: { "equals-ignore-case": "eventb" } }] }, { service: "Lambda" })).toBe(false);
  });

  it('suffix: "FileName": [{"suffix": ".png"}]; ignoring case: {"service": [{"suffix": {"equals-ignore-case": "tbridge"}}]}', () => {
    expect(matches({ FileName: [{ suffix: ".png" }] }, { FileName: "image.png" })).toBe(true);
    expect(matches({ FileName: [{ suffix: ".png" }] }, { FileName: "image.PNG" })).toBe(false);
    expect(matches({ service: [{ suffix: { "equals-ignore-case": "tbridge" } }] }, { service: "EventBRIDGE" })).toBe(true);
  });

  it('equals-ignore-case: "Name": [{"equals-ignore-case": "alice"}] matches "Alice"; "Name": ["Alice"] is exact', () => {
    expect(matches({ Name: [{ "equals-ignore-case": "alice" }] }, { Name: "ALICE" })).toBe(true);
    expect(matches({ Name: ["Alice"] }, { Name: "alice" })).toBe(false);
  });

  it('anything-but: "state": [{"anything-but": "initializing"}], [{"anything-but": ["stopped", "overloaded"]}]', () => {
    expect(matches({ detail: { state: [{ "anything-but": "initializing" }] } }, EC2)).toBe(true);
    expect(matches({ detail: { state: [{ "anything-but": "initializing" }] } }, withDetail({ state: "initializing" }))).toBe(false);
    expect(matches({ detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, withDetail({ state: "overloaded" }))).toBe(
      false,
    );
  });

  it('anything-but numbers: "x-limit": [{"anything-but": 123}], [{"anything-but": [100, 200, 300]}]', () => {
    expect(matches({ detail: { "x-limit": [{ "anything-but": 123 }] } }, EC2)).toBe(true);
    expect(matches({ detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } }, withDetail({ "x-limit": 200 }))).toBe(false);
    expect(matches({ detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } }, withDetail({ "x-limit": 2e2 }))).toBe(false);
  });

  it('anything-but prefix, suffix, ignoring case, wildcard: "Region": [{"anything-but": {"prefix": "us-"}}], "FileName": [{"anything-but": {"suffix": ".png"}}], ...', () => {
    expect(matches({ Region: [{ "anything-but": { prefix: "us-" } }] }, { Region: "eu-west-1" })).toBe(true);
    expect(matches({ Region: [{ "anything-but": { prefix: "us-" } }] }, { Region: "us-east-1" })).toBe(false);
    expect(matches({ FileName: [{ "anything-but": { suffix: ".png" } }] }, { FileName: "a.png" })).toBe(false);
    expect(matches({ state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] }, { state: "INITIALIZING" })).toBe(false);
    expect(matches({ FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] }, { FilePath: "/usr/lib/x.so" })).toBe(false);
    expect(matches({ FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] }, { FilePath: "/usr/bin/x" })).toBe(true);
  });

  it('numeric: "c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 3.018e2]}]', () => {
    const pattern = {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    };
    expect(matches(pattern, EC2)).toBe(true);
    expect(matches(pattern, withDetail({ "c-count": 6 }))).toBe(false);
    expect(matches(pattern, withDetail({ "c-count": 0 }))).toBe(false);
    expect(matches(pattern, withDetail({ "d-count": 10 }))).toBe(false);
  });

  it("numeric: works with values that are JSON numbers, between -5.0e9 and +5.0e9", () => {
    expect(matches({ n: [{ numeric: [">", 0] }] }, { n: "5" })).toBe(false);
    expect(matches({ n: [{ numeric: [">", 0] }] }, { n: 5e9 })).toBe(true);
    expect(matches({ n: [{ numeric: [">", 0] }] }, { n: 5.000001e9 })).toBe(false);
  });

  it('IP addresses: "sourceIPAddress": [{"cidr": "10.0.0.0/24"}] (IPv4 and IPv6)', () => {
    expect(matches({ detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, EC2)).toBe(true);
    expect(matches({ detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }, withDetail({ "source-ip": "10.0.1.1" }))).toBe(false);
    expect(matches({ ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:DB8:ffff::1" })).toBe(true);
    expect(matches({ ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:db9::1" })).toBe(false);
    expect(matches({ ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "2001:db8::1" })).toBe(false);
    expect(matches({ ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "not an address" })).toBe(false);
  });

  it('exists: "detail": {"state": [{"exists": true}]}; its counter-example with "c-count": {"c1": 100}', () => {
    const pattern = { detail: { state: [{ exists: true }] } };
    expect(matches(pattern, { ...EC2, detail: { "instance-id": "i-abcd1111", state: "pending" } })).toBe(true);
    expect(matches(pattern, { ...EC2, detail: { "c-count": { c1: 100 } } })).toBe(false);
  });

  it("exists works on leaf nodes only: an object is neither present for `true` nor blocks `false`", () => {
    expect(matches({ detail: { "c-count": [{ exists: false }] } }, { detail: { "c-count": { c1: 100 } } })).toBe(true);
    expect(matches({ detail: { "c-count": [{ exists: true }] } }, { detail: { "c-count": { c1: 100 } } })).toBe(false);
    expect(matches({ detail: { x: [{ exists: true }] } }, { detail: { x: null } })).toBe(true);
    expect(matches({ detail: { x: [{ exists: false }] } }, { detail: {} })).toBe(true);
    expect(matches({ detail: { x: [{ exists: false }] } }, { detail: { x: [] } })).toBe(true);
  });

  it('null and empty strings: "eventVersion": [""] and "responseElements": [null], not interchangeable', () => {
    const event = { ...EC2, detail: { eventVersion: "", responseElements: null } };
    expect(matches({ detail: { eventVersion: [""] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [""] } }, event)).toBe(false);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
  });

  it('arrays: "resources": [the pattern\'s three ARNs] matches an event whose second resource is the first of them', () => {
    const pattern = {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
      ],
    };
    const event = {
      ...EC2,
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, EC2)).toBe(false);
  });

  it('wildcard: "FileName": [{"wildcard": "dir/*.png"}]; "*" matches any run, "\\*" a star', () => {
    expect(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "dir/a/b.png" })).toBe(true);
    expect(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "dir/.png" })).toBe(true);
    expect(matches({ FileName: [{ wildcard: "dir/*.png" }] }, { FileName: "xdir/a.png" })).toBe(false);
    expect(matches({ FileName: [{ wildcard: "a\\*b" }] }, { FileName: "a*b" })).toBe(true);
    expect(matches({ FileName: [{ wildcard: "a\\*b" }] }, { FileName: "aXb" })).toBe(false);
    expect(matches({ FileName: [{ wildcard: "a\\\\b*" }] }, { FileName: "a\\bc" })).toBe(true);
  });

  it('$or: "Location is New York, or Day is Monday" ({"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]})', () => {
    const pattern = { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] };
    expect(matches(pattern, { Location: "New York", Day: "Tuesday" })).toBe(true);
    expect(matches(pattern, { Location: "Paris", Day: "Monday" })).toBe(true);
    expect(matches(pattern, { Location: "Paris", Day: "Tuesday" })).toBe(false);
  });

  it('a key written twice: the last is the one used ("location": [{prefix: "us-"}] then [{anything-but: "us-east"}])', () => {
    // JSON keeps the last duplicate key; in an $or the alternative's list replaces the outer one for that sub-pattern.
    const pattern = JSON.parse('{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}');
    expect(matches(pattern, { detail: { location: "eu-west" } })).toBe(true);
    expect(
      subPatterns({ a: ["x"], $or: [{ a: ["y"] }, { b: [1] }] }).map((fields) => fields.map(({ name, matchers }) => [name, matchers])),
    ).toEqual([
      [["a", ["y"]]],
      [
        ["a", ["x"]],
        ["b", [1]],
      ],
    ]);
  });
});

describe("event-ruler's semantics where the guide is silent", () => {
  it("objects inside arrays are matched as if each element were the field's value, one element at a time", () => {
    const event = {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
        { firstName: "Peter", lastName: "Jones" },
      ],
    };
    expect(matches({ employees: { firstName: ["Anna"] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ["Anna"], lastName: ["Smith"] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, event)).toBe(false);
    expect(matches({ employees: { firstName: ["Anna"] } }, { employees: [[{ firstName: "John" }, { firstName: "Anna" }]] })).toBe(true);
  });

  it("exists: false holds when no leaf lies in the array element the fields before it (in sorted order) matched in", () => {
    const event = { items: [{ sku: "A1" }, { sku: "B2", wrapped: true }] };
    expect(matches({ items: { sku: ["A1"], wrapped: [{ exists: false }] } }, event)).toBe(true);
    expect(matches({ items: { sku: ["B2"], wrapped: [{ exists: false }] } }, event)).toBe(false);
    // Ruler checks fields in sorted order (GenericMachine.addPatternRule): `gift` comes before `sku`, so its absence
    // is judged before an element is chosen, and a `gift` in any element is enough to fail.
    const gifts = { items: [{ sku: "A1" }, { sku: "B2", gift: true }] };
    expect(matches({ items: { sku: ["A1"], gift: [{ exists: false }] } }, gifts)).toBe(false);
  });

  it("numbers compare by value; a number never equals a string", () => {
    expect(matches({ n: [300] }, { n: 3e2 })).toBe(true);
    expect(matches({ n: [300] }, { n: "300" })).toBe(false);
    expect(matches({ n: ["300"] }, { n: 300 })).toBe(false);
    expect(matches({ n: [true] }, { n: 1 })).toBe(false);
  });

  it("anything-but excludes only values of its own kind, and needs a value", () => {
    expect(matches({ x: [{ "anything-but": "a" }] }, { x: 5 })).toBe(true);
    expect(matches({ x: [{ "anything-but": [5] }] }, { x: "5" })).toBe(true);
    expect(matches({ x: [{ "anything-but": { prefix: "a" } }] }, { x: null })).toBe(true);
    expect(matches({ x: [{ "anything-but": "a" }] }, {})).toBe(false);
    expect(matches({ x: [{ "anything-but": ["a"] }] }, { x: ["a", "b"] })).toBe(true);
    expect(matches({ x: [{ "anything-but": ["a"] }] }, { x: ["a"] })).toBe(false);
  });

  it("a plain string that is an IP address matches the address however it is written", () => {
    expect(matches({ ip: ["2001:db8::1"] }, { ip: "2001:0DB8:0:0:0:0:0:1" })).toBe(true);
    expect(matches({ ip: ["10.0.0.1"] }, { ip: "10.0.0.2" })).toBe(false);
  });

  it("equals-ignore-case compares each character with its lower and upper case", () => {
    expect(matches({ x: [{ "equals-ignore-case": "ÉTÉ" }] }, { x: "été" })).toBe(true);
    expect(matches({ x: [{ "equals-ignore-case": "a.c" }] }, { x: "abc" })).toBe(false);
  });

  it("arrays of many values cost their length per field, not its power", () => {
    const many = Array.from({ length: 3000 }, (_, i) => `v${i}`);
    const event = { a: many, b: many, c: many, d: "no", items: many.map((sku, qty) => ({ sku, qty })) };
    const started = Date.now();
    expect(matches({ a: [{ exists: true }], b: [{ exists: true }], c: [{ prefix: "v" }], d: ["yes"] }, event)).toBe(false);
    expect(matches({ items: { sku: [{ prefix: "v" }], qty: [2999] } }, event)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("dotted names: a key with a dot is the same field as the nested keys", () => {
    expect(matches({ detail: { "state.status": ["running"] } }, { detail: { state: { status: "running" } } })).toBe(true);
    expect(matches({ detail: { state: { status: ["running"] } } }, { detail: { "state.status": "running" } })).toBe(true);
  });
});

describe("the shared corpus (test/support/match-corpus.ts)", () => {
  it.each(PATTERNS.map((entry) => [entry.id, entry] as const))("%s: a pattern Pareto accepts", (_, { pattern }) => {
    expect(checkPattern(pattern, "pattern", "event")).toEqual([]);
  });

  it.each(PATTERNS.map((entry) => [entry.id, entry] as const))(
    "%s: matches exactly the events AWS delivers",
    (_, { pattern, matches: expected }) => {
      const actual = EVENTS.filter((event) => matches(pattern, delivered(event))).map(({ id }) => id);
      expect(actual).toEqual(expected);
    },
  );
});

describe("near misses name the first field that failed, and why", () => {
  it.each([
    [{ detail: { size: [{ numeric: [">", 100] }] } }, { detail: { size: 12 } }, 'detail.size: 12 is not in numeric [">", 100]'],
    [
      { "detail-type": ["Object Created"] },
      { "detail-type": "Object Deleted" },
      'detail-type: "Object Deleted" is not in ["Object Created"]',
    ],
    [{ detail: { size: [{ numeric: [">", 100] }] } }, { detail: {} }, 'detail.size: is absent (the pattern needs numeric [">", 100])'],
    [
      { detail: { object: [{ prefix: "a" }] } },
      { detail: { object: { key: "a" } } },
      'detail.object: is an object, not a value (the pattern needs prefix "a")',
    ],
    [{ detail: { tags: ["c", { prefix: "d" }] } }, { detail: { tags: ["a", "b"] } }, 'detail.tags: ["a", "b"] is not in ["c", prefix "d"]'],
    [
      { detail: { x: [{ exists: false }] } },
      { detail: { x: 1 } },
      "detail.x: 1 is present, but the pattern needs it absent (exists: false)",
    ],
    [
      { source: ["a"], detail: { k: [{ prefix: { "equals-ignore-case": "UP" } }] } },
      { source: "a", detail: { k: "x" } },
      'detail.k: "x" is not in prefix (ignoring case) "UP"',
    ],
  ])("%j on %j", (pattern, event, message) => {
    expect(miss(pattern, event)).toBe(message);
  });

  it("counts the fields that held (a near miss has some), in the closest $or alternative", () => {
    const result = match({ source: ["a"], $or: [{ x: ["1"] }, { y: ["2"], z: ["3"] }] }, { source: "a", y: "2", z: "4" });
    expect(result).toMatchObject({ matched: false, field: "z", matchedFields: 2, fields: 3 });
  });

  it("fields that each hold but in different array elements", () => {
    expect(
      miss(
        { items: { sku: ["A1"], qty: [2] } },
        {
          items: [
            { sku: "A1", qty: 1 },
            { sku: "B2", qty: 2 },
          ],
        },
      ),
    ).toMatch(/^items\.sku, items\.qty: each matches, but not all in the same element of an array/);
  });

  it("an event that is not an object", () => {
    expect(miss({ source: ["a"] }, ["a"])).toBe("the event is not a JSON object");
  });
});
