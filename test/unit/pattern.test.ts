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
    bad({ detail: { ip: [{ cidr: "10.0.0.300/8" }] } }, [
      `${P}.detail.ip[0].cidr: '10.0.0.300/8' is not a valid CIDR block: '10.0.0.300' is not an IPv4 or IPv6 address`,
    ]));
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

/*
 * The forms below come from event-ruler, the engine behind EventBridge patterns (github.com/aws/event-ruler):
 * JsonRuleCompilerTest.testCompile (its good and badPatternTypes lists), WildcardParserTest, CIDRTest, CIDR.java,
 * Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP and README.md; each was also run through ruler's
 * JsonRuleCompiler.check and MachineComplexityEvaluator to confirm the verdict.
 */
const k = (matcher: unknown) => ({ detail: { k: [matcher] } });
const at = `${P}.detail.k[0]`;

describe("anything-but with prefix or suffix: never empty (ruler: 'Null prefix/suffix not allowed')", () => {
  it.each([
    ["prefix list", { "anything-but": { prefix: ["abc", "123"] } }],
    ["suffix list", { "anything-but": { suffix: ["abc", "123"] } }],
    ["empty equals-ignore-case", { "anything-but": { "equals-ignore-case": "" } }],
    ["equals-ignore-case list with an empty string", { "anything-but": { "equals-ignore-case": ["abc", ""] } }],
    ["empty wildcard", { "anything-but": { wildcard: "" } }],
    ["wildcard list with an empty string", { "anything-but": { wildcard: ["foo*bar", ""] } }],
    ["plain empty prefix", { prefix: "" }],
  ])("accepts %s", (_, matcher) => ok(k(matcher)));
  it("refuses an empty prefix", () =>
    bad(k({ "anything-but": { prefix: "" } }), [`${at}.anything-but.prefix: an empty prefix is not allowed in anything-but`]));
  it("refuses an empty suffix", () =>
    bad(k({ "anything-but": { suffix: "" } }), [`${at}.anything-but.suffix: an empty suffix is not allowed in anything-but`]));
  it("refuses an empty string in a list, at its index", () => {
    bad(k({ "anything-but": { prefix: ["1", ""] } }), [`${at}.anything-but.prefix[1]: an empty prefix is not allowed in anything-but`]);
    bad(k({ "anything-but": { suffix: [""] } }), [`${at}.anything-but.suffix[0]: an empty suffix is not allowed in anything-but`]);
  });
  it("refuses it in a Lambda filter too", () =>
    bad(
      { body: { k: [{ "anything-but": { prefix: "" } }] } },
      [`${P}.body.k[0].anything-but.prefix: an empty prefix is not allowed in anything-but`],
      "filter",
    ));
});

describe("the value each operator takes", () => {
  it("wildcard takes one string, not a list (anything-but wildcard takes either)", () => {
    bad(k({ wildcard: ["abc"] }), [
      `${at}.wildcard: must be a string (a wildcard takes one pattern; write several as separate {wildcard: ...} items)`,
    ]);
    bad(k({ wildcard: 5 }), [
      `${at}.wildcard: must be a string (a wildcard takes one pattern; write several as separate {wildcard: ...} items)`,
    ]);
    ok(k({ "anything-but": { wildcard: ["foo*bar", "*foobar*"] } }));
    bad(k({ "anything-but": { wildcard: 27 } }), [`${at}.anything-but.wildcard: must be a string or a non-empty list of strings`]);
    bad(k({ "anything-but": { wildcard: [1, 2, 3] } }), [`${at}.anything-but.wildcard: must be a string or a non-empty list of strings`]);
  });
  it("equals-ignore-case takes one string (a list only inside anything-but)", () => {
    bad(k({ "equals-ignore-case": ["abc"] }), [`${at}.equals-ignore-case: must be a string`]);
    bad(k({ "equals-ignore-case": 5 }), [`${at}.equals-ignore-case: must be a string`]);
    bad(k({ "anything-but": { "equals-ignore-case": [1, 2, 3] } }), [
      `${at}.anything-but.equals-ignore-case: must be a string or a non-empty list of strings`,
    ]);
  });
  it("prefix and suffix take a string or {equals-ignore-case: string}", () => {
    bad(k({ prefix: 3 }), [`${at}.prefix: must be a string`]);
    bad(k({ suffix: { "equals-ignore-case": ["abc"] } }), [`${at}.suffix.equals-ignore-case: must be a string`]);
    bad(k({ prefix: { "invalid-expression": ["abc"] } }), [`${at}.prefix: must be a string or {equals-ignore-case: <string>}`]);
    bad(k({ "anything-but": { prefix: 27 } }), [`${at}.anything-but.prefix: must be a string or a non-empty list of strings`]);
  });
  it("exists takes only true or false", () => bad(k({ exists: "badString" }), [`${at}.exists: must be true or false`]));
  it("cidr takes one string", () => bad(k({ cidr: ["10.0.0.0/8"] }), [`${at}.cidr: must be a CIDR block such as 10.0.0.0/24`]));
  it("anything-but takes a string, a number or a list of one of them, not a boolean", () => {
    bad(k({ "anything-but": true }), [
      `${at}.anything-but: must be a string, a number, a list of them, or {prefix|suffix|equals-ignore-case|wildcard: ...}`,
    ]);
    bad(k({ "anything-but": ["child0", 111, "child2"] }), [`${at}.anything-but: must list only strings or only numbers`]);
  });
  it.each([[[">", 0, "<", 1]], [[">=", 0, "<=", 1]], [["=", -4e-6]]])("numeric %j is accepted", (numeric) => ok(k({ numeric })));
  it.each([
    [["=", 1, "<", 2], `${at}.numeric: a range is a lower bound (> or >=) then an upper bound (< or <=)`],
    [[">", 1, "<", 1], `${at}.numeric: the lower bound must be below the upper bound`],
    [["=", "-4e-6"], `${at}.numeric[1]: "-4e-6" is not a number`],
    [["="], `${at}.numeric: must be [operator, number] or [lower operator, number, upper operator, number]`],
  ])("numeric %j is refused", (numeric, error) => bad(k({ numeric }), [error]));
});

describe("escapes in a wildcard: a backslash escapes only '*' and a backslash", () => {
  it.each([["a\\*c"], ["a\\\\c"], ["a\\\\*"], ["a\\\\\\*"], ["a\\**"]])("accepts %s", (wildcard) => ok(k({ wildcard })));
  it("refuses another escaped character", () =>
    bad(k({ wildcard: "a\\bc" }), [
      `${at}.wildcard: '\\b' is not an escape EventBridge accepts (only '\\*' for a '*' and '\\\\' for a '\\')`,
    ]));
  it("refuses a trailing lone backslash, also in an anything-but list", () => {
    bad(k({ wildcard: "foo*bar\\" }), [`${at}.wildcard: ends in a lone '\\' (write '\\\\' for a backslash)`]);
    bad(k({ "anything-but": { wildcard: ["1", "foo*bar\\"] } }), [
      `${at}.anything-but.wildcard[1]: ends in a lone '\\' (write '\\\\' for a backslash)`,
    ]);
  });
  it("refuses consecutive '*' after an escaped backslash, and in anything-but", () => {
    bad(k({ wildcard: "a\\\\**" }), [`${at}.wildcard: consecutive '*' are not allowed in a wildcard`]);
    bad(k({ wildcard: "a\\***" }), [`${at}.wildcard: consecutive '*' are not allowed in a wildcard`]);
    bad(k({ "anything-but": { wildcard: "foo**bar" } }), [`${at}.anything-but.wildcard: consecutive '*' are not allowed in a wildcard`]);
  });
});

describe("CIDR blocks: an IPv4 or IPv6 address and a mask below its width", () => {
  const cidr = (block: string) => ({ detail: { ip: [{ cidr: block }] } });
  const refused = (block: string, why: string) =>
    bad(cidr(block), [`${P}.detail.ip[0].cidr: '${block}' is not a valid CIDR block: ${why}`]);
  it.each([
    ["10.0.0.0/0"],
    ["10.0.0.0/31"],
    ["54.240.196.171/24"],
    ["::/0"],
    ["::/127"],
    ["::1/24"],
    ["0011:2233:4455:6677:8899:aabb:ccdd:eeff/24"],
    ["2400:6500:FF00::36FB:1F80/122"],
    ["2600:1F14::/35"],
    ["::ffff:a00:1/31"],
  ])("accepts %s", (block) => ok(cidr(block)));
  it("refuses /32 and /128, which ruler refuses (a single address is a plain value)", () => {
    refused("10.0.0.0/32", "an IPv4 mask is at most 31 (to match one address, list it as a plain value)");
    refused("::/128", "an IPv6 mask is at most 127 (to match one address, list it as a plain value)");
    refused("::ffff:a00:1/96", "an IPv4 mask is at most 31 (to match one address, list it as a plain value)");
    ok({ detail: { ip: ["10.0.0.1", "2001:db8::1"] } });
  });
  it("refuses masks beyond the address width and malformed masks", () => {
    refused("192.168.0.1/33", "an IPv4 mask is at most 31 (to match one address, list it as a plain value)");
    refused("2400:6500:FF00::36FB:1F80/222", "an IPv6 mask is at most 127 (to match one address, list it as a plain value)");
    refused("192.168.0.1/foo", "the mask 'foo' is not a whole number");
    refused("192.168.0.1/-3424", "the mask must not be negative");
    refused("foo/bar/baz", "it needs exactly one '/' between the address and the mask");
    refused("foo", "it needs exactly one '/' between the address and the mask");
  });
  it("refuses malformed addresses", () => {
    refused("snorkle/3", "'snorkle' is not an IPv4 or IPv6 address");
    refused("10.10.10.10.10/3", "'10.10.10.10.10' is not an IPv4 or IPv6 address");
    refused("2.1.0.-1/3", "'2.1.0.-1' is not an IPv4 or IPv6 address");
    refused("2400:6500:3:3:3:3:3:3:3:3FF00::36FB:1F80/122", "'2400:6500:3:3:3:3:3:3:3:3FF00::36FB:1F80' is not an IPv4 or IPv6 address");
    refused("1::2::3/64", "'1::2::3' is not an IPv4 or IPv6 address");
    refused("12345::/64", "'12345::' is not an IPv4 or IPv6 address");
    refused("1:2:3:4:5:6:7/64", "'1:2:3:4:5:6:7' is not an IPv4 or IPv6 address");
    refused("::ffff:10.0.0.1/96", "'::ffff:10.0.0.1' is not an IPv4 or IPv6 address");
  });
});

describe("operator names as field names inside $or (ruler's reserved field names)", () => {
  const reserved = (field: string) => `'${field}' is an operator name, which EventBridge does not accept as a field name inside $or`;
  it("refuses them in an alternative, as ruler's README example", () =>
    bad({ detail: { $or: [{ numeric: [123] }, { prefix: ["abc"] }] } }, [
      `${P}.detail.$or[0].numeric: ${reserved("numeric")}`,
      `${P}.detail.$or[1].prefix: ${reserved("prefix")}`,
    ]));
  it("refuses them deeper inside an alternative, and the comparators too", () =>
    bad({ $or: [{ detail: { x: { exists: ["a"] } } }, { detail: { "<=": [1] } }] }, [
      `${P}.$or[0].detail.x.exists: ${reserved("exists")}`,
      `${P}.$or[1].detail["<="]: ${reserved("<=")}`,
    ]));
  it("accepts them outside $or", () => ok({ detail: { prefix: ["a"], numeric: [1] } }));
  it("refuses them in a Lambda filter's $or too", () =>
    bad({ $or: [{ body: { cidr: ["a"] } }, { body: { k: ["b"] } }] }, [`${P}.$or[0].body.cidr: ${reserved("cidr")}`], "filter"));
});

describe("wildcard complexity (ruler's MachineComplexityEvaluator, at most 10)", () => {
  const stackIds = (names: string[]) => ({
    source: ["aws.cloudformation"],
    detail: { "stack-id": names.map((name) => ({ wildcard: `*:stack/${name}/*` })), "status-details": { status: ["UPDATE_COMPLETE"] } },
  });
  const tooComplex = (path: string, complexity: number) =>
    `${path}: these wildcards are too complex for EventBridge (complexity ${complexity}, at most 10): use fewer '*', or fewer repeated characters after a '*'`;
  it("accepts three '*:stack/<name>/*' wildcards (complexity 9), as EventBridge did", () => ok(stackIds(["Shared", "Tracker", "Driver"])));
  it("refuses a fourth (complexity 12), which EventBridge refused as 'Rule is too complex'", () =>
    bad(stackIds(["Shared", "Tracker", "Driver", "Worker"]), [tooComplex(`${P}.detail.stack-id`, 12)]));
  it("counts repeated characters after a '*'", () => {
    ok(k({ wildcard: "a*a*a*a*a*a" }));
    bad(k({ wildcard: "*a*b*c*d*e*f*g*h*i*" }), [tooComplex(`${P}.detail.k`, 11)]);
  });
  it("adds up the wildcards $or alternatives put in the same field", () =>
    bad({ detail: { $or: [{ k: [{ wildcard: "*a*b*" }, { wildcard: "*c*d*" }] }, { k: [{ "anything-but": { wildcard: "*e*f*" } }] }] } }, [
      tooComplex(`${P}.detail.$or[0].k`, 12),
    ]));
  it("does not add up wildcards of different fields", () =>
    ok({ detail: { k: [{ wildcard: "*a*b*c*d*e*f*" }], m: [{ wildcard: "*a*b*c*d*e*f*" }] } }));
  it("does not look behind a field that must be absent, as ruler does not", () =>
    ok({ detail: { a: [{ exists: false }], k: [{ wildcard: "*a*b*c*d*e*f*g*h*i*" }] } }));
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
