/**
 * A shared corpus of EventBridge patterns and events, with the events each pattern matches on AWS (from the
 * EventBridge user guide, and event-ruler where the guide is silent: docs/aws-rules.md, "Matching events locally").
 * `test/unit/local-match.test.ts` checks `match` against it; `test/integration/match-moto.test.ts` puts the same
 * rules and events into moto's EventBridge and compares what moto delivers.
 */

export interface CorpusEvent {
  id: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
}

export interface CorpusPattern {
  id: string;
  pattern: Record<string, unknown>;
  /** The ids of the events it matches on AWS. */
  matches: string[];
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export const EVENTS: CorpusEvent[] = [
  {
    id: "a1",
    source: "corpus.a",
    detailType: "Order Placed",
    detail: { state: "running", count: 5, price: 301.8, key: "uploads/cat.png", ip: "10.0.0.33", flag: true, note: null, tags: ["a", "b"] },
  },
  {
    id: "a2",
    source: "corpus.a",
    detailType: "Order Shipped",
    detail: { state: "stopped", count: 0, key: "thumbs/cat.jpg", ip: "10.0.1.5", note: "" },
  },
  {
    id: "b1",
    source: "corpus.b",
    detailType: "Order Placed",
    detail: { state: "RUNNING", count: 10, key: "UPLOADS/Dog.PNG", ip: "2001:db8:1::1" },
  },
  { id: "b2", source: "corpus.b", detailType: "Order Cancelled", detail: { count: 250, key: "a*b/readme.txt" } },
  { id: "b3", source: "corpus.b", detailType: "Order Placed", detail: { state: "Stopped", count: "5", key: "uploads/x/thumbs/y.png" } },
  {
    id: "i1",
    source: "corpus.i",
    detailType: "Items",
    detail: {
      items: [
        { sku: "A1", qty: 2 },
        { sku: "B2", qty: 1 },
      ],
    },
  },
  {
    id: "i2",
    source: "corpus.i",
    detailType: "Items",
    detail: {
      items: [
        { sku: "A1", qty: 1 },
        { sku: "B2", qty: 2 },
      ],
    },
  },
  { id: "n1", source: "corpus.n", detailType: "Nested", detail: { nested: { x: 1 }, state: "initializing" } },
  { id: "n2", source: "corpus.n", detailType: "Nested", detail: { nested: {} } },
  { id: "g1", source: "corpus.g", detailType: "Big", detail: { big: 6_000_000_000, small: 1 } },
  {
    id: "r1",
    source: "corpus.r",
    detailType: "Resources",
    detail: {},
    // EventBridge user guide, "Arrays in Amazon EventBridge event patterns": the event side of its example.
    resources: [
      "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
      "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
    ],
  },
  { id: "v6", source: "corpus.v", detailType: "Ip", detail: { ip: "2001:db9::1" } },
  { id: "s1", source: "corpus.s", detailType: "Null state", detail: { state: null, note: "x" } },
  { id: "w1", source: "corpus.w", detailType: "Wild", detail: { key: ".png" } },
];

const ALL = EVENTS.map(({ id }) => id);

export const PATTERNS: CorpusPattern[] = [
  { id: "exact-source", pattern: { source: ["corpus.a"] }, matches: ["a1", "a2"] },
  { id: "exact-any-of", pattern: { "detail-type": ["Order Placed", "Order Shipped"] }, matches: ["a1", "a2", "b1", "b3"] },
  { id: "exact-number", pattern: { detail: { count: [5] } }, matches: ["a1"] },
  { id: "exact-float", pattern: { detail: { price: [301.8] } }, matches: ["a1"] },
  { id: "exact-true", pattern: { detail: { flag: [true] } }, matches: ["a1"] },
  { id: "exact-null", pattern: { detail: { note: [null] } }, matches: ["a1"] },
  { id: "exact-empty", pattern: { detail: { note: [""] } }, matches: ["a2"] },
  { id: "case-sensitive", pattern: { detail: { state: ["running"] } }, matches: ["a1"] },
  { id: "null-is-not-empty", pattern: { detail: { state: [""] } }, matches: [] },
  { id: "prefix", pattern: { detail: { key: [{ prefix: "uploads/" }] } }, matches: ["a1", "b3"] },
  {
    id: "prefix-ignore-case",
    pattern: { detail: { key: [{ prefix: { "equals-ignore-case": "UPLOADS/" } }] } },
    matches: ["a1", "b1", "b3"],
  },
  { id: "prefix-on-number", pattern: { detail: { count: [{ prefix: "5" }] } }, matches: ["b3"] },
  { id: "suffix", pattern: { detail: { key: [{ suffix: ".png" }] } }, matches: ["a1", "b3", "w1"] },
  {
    id: "suffix-ignore-case",
    pattern: { detail: { key: [{ suffix: { "equals-ignore-case": ".PNG" } }] } },
    matches: ["a1", "b1", "b3", "w1"],
  },
  { id: "equals-ignore-case", pattern: { detail: { state: [{ "equals-ignore-case": "RUNNING" }] } }, matches: ["a1", "b1"] },
  { id: "wildcard", pattern: { detail: { key: [{ wildcard: "uploads/*.png" }] } }, matches: ["a1", "b3"] },
  { id: "wildcard-empty-run", pattern: { detail: { key: [{ wildcard: "*.png" }] } }, matches: ["a1", "b3", "w1"] },
  { id: "wildcard-escaped-star", pattern: { detail: { key: [{ wildcard: "a\\*b/*" }] } }, matches: ["b2"] },
  {
    id: "anything-but",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    matches: ["a1", "a2", "b1", "b3", "s1"],
  },
  {
    id: "anything-but-list",
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    matches: ["a1", "b1", "b3", "n1", "s1"],
  },
  { id: "anything-but-numbers", pattern: { detail: { count: [{ "anything-but": [5, 10] }] } }, matches: ["a2", "b2", "b3"] },
  {
    id: "anything-but-prefix",
    pattern: { detail: { key: [{ "anything-but": { prefix: "uploads/" } }] } },
    matches: ["a2", "b1", "b2", "w1"],
  },
  { id: "anything-but-suffix", pattern: { detail: { key: [{ "anything-but": { suffix: ".png" } }] } }, matches: ["a2", "b1", "b2"] },
  {
    id: "anything-but-ignore-case",
    pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": ["RUNNING", "Stopped"] } }] } },
    matches: ["n1", "s1"],
  },
  {
    id: "anything-but-wildcard",
    pattern: { detail: { key: [{ "anything-but": { wildcard: "*/thumbs/*" } }] } },
    matches: ["a1", "a2", "b1", "b2", "w1"],
  },
  { id: "numeric-range", pattern: { detail: { count: [{ numeric: [">", 0, "<=", 5] }] } }, matches: ["a1"] },
  { id: "numeric-equals", pattern: { detail: { price: [{ numeric: ["=", 3.018e2] }] } }, matches: ["a1"] },
  { id: "numeric-below", pattern: { detail: { count: [{ numeric: ["<", 10] }] } }, matches: ["a1", "a2"] },
  { id: "numeric-on-string", pattern: { source: ["corpus.b"], detail: { count: [{ numeric: [">", 0] }] } }, matches: ["b1", "b2"] },
  { id: "numeric-beyond-range", pattern: { detail: { big: [{ numeric: [">", 0] }] } }, matches: [] },
  { id: "numeric-in-range", pattern: { detail: { small: [{ numeric: [">", 0] }] } }, matches: ["g1"] },
  { id: "exists", pattern: { detail: { state: [{ exists: true }] } }, matches: ["a1", "a2", "b1", "b3", "n1", "s1"] },
  {
    id: "exists-false",
    pattern: { source: [{ prefix: "corpus." }], detail: { state: [{ exists: false }] } },
    matches: ["b2", "i1", "i2", "n2", "g1", "r1", "v6", "w1"],
  },
  { id: "exists-false-not-leaf", pattern: { detail: { nested: [{ exists: false }] } }, matches: ALL },
  { id: "exists-not-leaf", pattern: { detail: { nested: [{ exists: true }] } }, matches: [] },
  {
    id: "value-or-absent",
    pattern: { source: ["corpus.a", "corpus.i"], detail: { state: ["running", { exists: false }] } },
    matches: ["a1", "i1", "i2"],
  },
  { id: "cidr", pattern: { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, matches: ["a1"] },
  { id: "cidr-ipv6", pattern: { detail: { ip: [{ cidr: "2001:db8::/32" }] } }, matches: ["b1"] },
  {
    id: "or",
    pattern: {
      source: [{ prefix: "corpus." }],
      $or: [{ detail: { state: ["running"] } }, { detail: { count: [{ numeric: [">", 100] }] } }],
    },
    matches: ["a1", "b2"],
  },
  { id: "or-in-detail", pattern: { detail: { $or: [{ state: ["Stopped"] }, { key: [{ prefix: "a*" }] }] } }, matches: ["b2", "b3"] },
  {
    id: "array-in-event",
    pattern: {
      resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"],
    },
    matches: ["r1"],
  },
  { id: "array-of-values", pattern: { detail: { tags: ["b"] } }, matches: ["a1"] },
  { id: "array-of-objects", pattern: { detail: { items: { sku: ["B2"] } } }, matches: ["i1", "i2"] },
  { id: "array-same-element", pattern: { detail: { items: { sku: ["A1"], qty: [2] } } }, matches: ["i1"] },
  { id: "and", pattern: { source: ["corpus.a"], "detail-type": ["Order Placed"], detail: { state: ["running"] } }, matches: ["a1"] },
  { id: "envelope", pattern: { account: [ACCOUNT], region: [{ prefix: "us-" }], source: ["corpus.v"] }, matches: ["v6"] },
];

/** The event EventBridge delivers for a corpus event (what a rule's target receives), `_case` naming it. */
export function delivered(event: CorpusEvent): Record<string, unknown> {
  return {
    version: "0",
    id: `00000000-0000-4000-8000-${event.id.padStart(12, "0")}`,
    "detail-type": event.detailType,
    source: event.source,
    account: ACCOUNT,
    time: "2025-01-01T12:00:00Z",
    region: REGION,
    resources: event.resources ?? [],
    detail: { ...event.detail, _case: event.id },
  };
}
