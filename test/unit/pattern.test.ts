/** The EventBridge pattern grammar: what AWS's documentation accepts passes, what it rejects fails with a precise path. */
import { describe, expect, it } from "vitest";
import { checkPattern } from "../../src/expander/validate/pattern.js";
import { SOURCES } from "../../src/expander/sources/index.js";
import { checkSourceDetail } from "../../src/expander/validate/source-details.js";

const P = "pattern";
const ok = (pattern: unknown, mode: "event" | "filter" = "event") => expect(checkPattern(pattern, P, mode)).toEqual([]);
const bad = (pattern: unknown, errors: string[], mode: "event" | "filter" = "event") =>
  expect(checkPattern(pattern, P, mode)).toEqual(errors);

describe("accepted (examples from the EventBridge user guide)", () => {
  it.each([
    ["exact values", { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["running"] } }],
    ["null and empty string", { detail: { responseElements: [null], eventVersion: [""] } }],
    ["numbers and booleans", { detail: { c: [1, 2.5], b: [true] } }],
    ["prefix", { time: [{ prefix: "2017-10-02" }] }],
    ["prefix ignoring case", { detail: { service: [{ prefix: { "equals-ignore-case": "AmAzOn" } }] } }],
    ["suffix", { detail: { "file-name": [{ suffix: ".png" }] } }],
    ["suffix ignoring case", { detail: { "file-name": [{ suffix: { "equals-ignore-case": ".PNG" } }] } }],
    ["anything-but a string", { detail: { state: [{ "anything-but": "initializing" }] } }],
    ["anything-but a list", { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }],
    ["anything-but numbers", { detail: { x: [{ "anything-but": [100, 200, 300] }] } }],
    ["anything-but prefix", { detail: { state: [{ "anything-but": { prefix: "init" } }] } }],
    ["anything-but suffix", { detail: { "file-name": [{ "anything-but": { suffix: ".txt" } }] } }],
    ["anything-but ignoring case", { detail: { state: [{ "anything-but": { "equals-ignore-case": ["Stopped", "OverLoaded"] } }] } }],
    ["anything-but wildcard", { detail: { path: [{ "anything-but": { wildcard: "*/lib/*" } }] } }],
    ["numeric equals", { detail: { x: [{ numeric: ["=", 3.018e2] }] } }],
    ["numeric range", { detail: { c: [{ numeric: [">", 0, "<=", 5] }] } }],
    ["numeric lower bound", { detail: { d: [{ numeric: ["<", 10] }] } }],
    ["cidr", { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } }],
    ["cidr v6", { detail: { "source-ip": [{ cidr: "2001:db8::/32" }] } }],
    ["exists", { detail: { state: [{ exists: false }], c: [{ exists: true }] } }],
    ["equals-ignore-case", { "detail-type": [{ "equals-ignore-case": "ec2 instance state-change notification" }] }],
    ["wildcard", { detail: { key: [{ wildcard: "dir/*.png" }] } }],
    ["escaped wildcard", { detail: { key: [{ wildcard: "a\\**" }] } }],
    ["$or of fields", { detail: { $or: [{ c: [{ numeric: [">", 0, "<", 5] }] }, { d: [{ numeric: ["<", 10] }] }] } }],
    ["$or at the top", { source: ["aws.ec2"], $or: [{ "detail-type": ["A"] }, { detail: { x: [1] } }] }],
    ["intrinsic values", { source: [{ "Fn::GetAtt": ["AppTable", "Arn"] }], detail: { k: [{ prefix: { Ref: "Prefix" } }] } }],
    ["mixed matchers", { detail: { state: ["running", { prefix: "stop" }] } }],
  ])("%s", (_, pattern) => ok(pattern));

  it("accepts any top-level field in a Lambda filter", () => ok({ body: { kind: ["a"] }, eventName: ["INSERT"] }, "filter"));
});

describe("rejected, with the path to the bad leaf", () => {
  it("an unknown content filter, with a suggestion", () =>
    bad({ detail: { key: [{ prefixx: "a" }] } }, [`${P}.detail.key[0]: unknown content filter 'prefixx' (did you mean 'prefix'?)`]));
  it("numeric with a string for a number", () =>
    bad({ detail: { size: [{ numeric: [">", "abc"] }] } }, [`${P}.detail.size[0].numeric[1]: "abc" is not a number`]));
  it("numeric with a bad operator", () =>
    bad({ detail: { size: [{ numeric: ["!=", 1] }] } }, [
      `${P}.detail.size[0].numeric[0]: "!=" is not a numeric operator (=, >, >=, <, <=)`,
    ]));
  it("a numeric range in the wrong order", () =>
    bad({ detail: { s: [{ numeric: ["<", 5, ">", 1] }] } }, [
      `${P}.detail.s[0].numeric: a range is a lower bound (> or >=) then an upper bound (< or <=)`,
    ]));
  it("an empty numeric range", () =>
    bad({ detail: { s: [{ numeric: [">", 5, "<", 1] }] } }, [`${P}.detail.s[0].numeric: the lower bound must be below the upper bound`]));
  it("a number outside EventBridge's range", () =>
    bad({ detail: { s: [{ numeric: ["=", 6e9] }] } }, [
      `${P}.detail.s[0].numeric[1]: 6000000000 is outside the range EventBridge compares (-5e9 to 5e9)`,
    ]));
  it("a leaf that is not a list", () =>
    bad({ source: "my.app" }, [`${P}.source: must be a list of values to match (for example ["value"])`]));
  it("an empty list", () => bad({ source: [] }, [`${P}.source: must list at least one value`]));
  it("an empty object", () => bad({ detail: {} }, [`${P}.detail: must match on at least one field`]));
  it("an unknown top-level field", () =>
    bad({ sorce: ["a"] }, [
      `${P}.sorce: 'sorce' is not a field of an EventBridge event (did you mean 'source'?) (put the source's own fields under 'detail')`,
    ]));
  it("two operators in one filter", () =>
    bad({ detail: { k: [{ prefix: "a", suffix: "b" }] } }, [
      `${P}.detail.k[0]: a content filter has exactly one operator (found prefix, suffix)`,
    ]));
  it("exists with a non-boolean", () => bad({ detail: { k: [{ exists: "yes" }] } }, [`${P}.detail.k[0].exists: must be true or false`]));
  it("a bad CIDR", () =>
    bad({ detail: { ip: [{ cidr: "10.0.0.300/8" }] } }, [`${P}.detail.ip[0].cidr: '10.0.0.300/8' is not a valid CIDR block`]));
  it("consecutive wildcards", () =>
    bad({ detail: { k: [{ wildcard: "a**b" }] } }, [`${P}.detail.k[0].wildcard: consecutive '*' are not allowed in a wildcard`]));
  it("anything-but mixing strings and numbers", () =>
    bad({ detail: { k: [{ "anything-but": ["a", 1] }] } }, [`${P}.detail.k[0].anything-but: must list only strings or only numbers`]));
  it("anything-but with an unknown operator", () =>
    bad({ detail: { k: [{ "anything-but": { prefx: "a" } }] } }, [
      `${P}.detail.k[0].anything-but.prefx: unknown operator (did you mean 'prefix'?)`,
    ]));
  it("prefix with a list", () => bad({ detail: { k: [{ prefix: ["a"] }] } }, [`${P}.detail.k[0].prefix: must be a string`]));
  it("$or with one alternative", () => bad({ $or: [{ source: ["a"] }] }, [`${P}.$or: must list at least two alternative patterns`]));
  it("$or alternatives checked as top-level patterns", () =>
    bad({ $or: [{ source: ["a"] }, { nope: ["b"] }] }, [
      `${P}.$or[1].nope: 'nope' is not a field of an EventBridge event (put the source's own fields under 'detail')`,
    ]));
  it("more than 1000 $or combinations", () => {
    const alternatives = Array.from({ length: 11 }, (_, i) => ({ [`f${i}`]: ["x"] }));
    const pattern = { detail: { $or: alternatives, inner: { $or: alternatives, deeper: { $or: alternatives } } } };
    bad(pattern, [`${P}: its $or alternatives expand into 1331 combinations; EventBridge allows at most 1000`]);
  });
  it("every problem at once", () =>
    expect(checkPattern({ source: "x", detail: { a: [], b: [{ prefixx: 1 }] } }, P, "event")).toHaveLength(3));
  it("a pattern that is not a mapping", () => bad(["a"], [`${P}: must be a mapping of fields to lists of values`]));
});

describe("Lambda filter criteria", () => {
  it("rejects operators Lambda does not support", () => {
    bad({ body: { ip: [{ cidr: "10.0.0.0/8" }] } }, [`${P}.body.ip[0].cidr: Lambda event filtering does not support 'cidr'`], "filter");
    bad({ body: { k: [{ wildcard: "a*" }] } }, [`${P}.body.k[0].wildcard: Lambda event filtering does not support 'wildcard'`], "filter");
  });
  it("limits the filter to 4096 characters", () =>
    bad({ body: { k: ["x".repeat(4100)] } }, [`${P}: is 4119 characters as JSON; Lambda filters allow at most 4096`], "filter"));
});

describe("source detail fields", () => {
  it("knows the table bridge's detail", () => {
    expect(checkSourceDetail(SOURCES.table, { eventName: ["INSERT"], keys: { pk: ["a"] }, diffKeys: ["x"] }, "d")).toEqual([]);
    expect(checkSourceDetail(SOURCES.table, { eventname: ["INSERT"] }, "d")).toEqual([
      "d.eventname: this source's events have no field 'eventname' (did you mean 'eventName'?)",
    ]);
    expect(checkSourceDetail(SOURCES.table, { eventName: ["UPDATE"] }, "d")).toEqual([
      "d.eventName[0]: 'UPDATE' never occurs here (one of: INSERT, MODIFY, REMOVE)",
    ]);
  });
  it("knows S3's and CodeBuild's detail", () => {
    expect(checkSourceDetail(SOURCES.bucket, { object: { key: [{ prefix: "a/" }], size: [{ numeric: [">", 0] }] } }, "d")).toEqual([]);
    expect(checkSourceDetail(SOURCES.bucket, { object: { name: ["a"] } }, "d")).toEqual([
      "d.object.name: this source's events have no field 'name'",
    ]);
    expect(checkSourceDetail(SOURCES.builder, { "build-status": ["SUCCEEDED"] }, "d")).toEqual([]);
  });
  it("leaves queue and global detail free", () => {
    expect(checkSourceDetail(SOURCES.queue, { anything: ["x"] }, "d")).toEqual([]);
    expect(checkSourceDetail(SOURCES.global, { anything: ["x"] }, "d")).toEqual([]);
  });
});
