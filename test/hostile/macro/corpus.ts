/**
 * Hostile and careless macro events: what a malicious or careless user can put in a template, and what
 * the macro must answer. Each case names its outcome exactly: `failure` with a message matching `message`
 * (the DSL path first), or `success`, optionally with a check of the template.
 */

export type Expected =
  | { status: "failure"; message: RegExp }
  | { status: "success"; check?: (template: Record<string, any>) => string | undefined };

export interface HostileCase {
  name: string;
  /** Built lazily: some are megabytes. */
  fragment: () => unknown;
  expected: Expected;
  /** Cases sized to hit a limit: answered within the time budget (test/hostile/macro.test.ts). */
  big?: boolean;
}

const PROTOTYPE_NAMES = ["toString", "constructor", "valueOf", "__proto__", "hasOwnProperty"];

const app = (properties: unknown, around: Record<string, unknown> = {}) => ({
  AWSTemplateFormatVersion: "2010-09-09",
  Resources: { App: { Type: "Pareto::App", Properties: properties }, ...around },
});
/** One function `f` in an app with a bucket, a streamed table and a queue `q`. */
const withFunction = (fn: Record<string, unknown>) =>
  app({ bucket: {}, table: { stream: {} }, queues: { q: {} }, functions: { f: { handler: "index.handler", ...fn } } });
const F = "Resources\\.App\\.Properties\\.functions\\.f";
const fails = (message: RegExp): Expected => ({ status: "failure", message });
const succeeds = (check?: (template: Record<string, any>) => string | undefined): Expected => ({ status: "success", check });
/** A JSON object with an own key (JSON.parse makes `__proto__` an own property, as the Lambda runtime does). */
const own = (key: string, value: unknown) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);
const literal = (text: string) => text.replace(/[$]/g, "\\$");
const nested = (levels: number, leaf: unknown) => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const declaresParameter = (name: string) => (template: Record<string, any>) =>
  Object.hasOwn(template.Parameters ?? {}, name) && template.Parameters[name].Type === "String" ? undefined : `no parameter ${name}`;

const prototypeCases: HostileCase[] = PROTOTYPE_NAMES.flatMap((p): HostileCase[] => [
  {
    name: `content filter '${p}'`,
    fragment: () => withFunction({ events: [{ name: "e", source: "global", pattern: { source: ["x"], detail: { a: [own(p, "x")] } } }] }),
    expected: fails(new RegExp(`^1 error: ${F}\\.events\\[0\\]\\.pattern\\.detail\\.a\\[0\\]: unknown content filter '${literal(p)}'`)),
  },
  {
    name: `anything-but '${p}'`,
    fragment: () =>
      withFunction({
        events: [{ name: "e", source: "global", pattern: { source: ["x"], detail: { a: [{ "anything-but": own(p, "x") }] } } }],
      }),
    expected: fails(
      new RegExp(`^1 error: ${F}\\.events\\[0\\]\\.pattern\\.detail\\.a\\[0\\]\\.anything-but\\.${literal(p)}: unknown operator`),
    ),
  },
  {
    name: `consume.filter operator '${p}'`,
    fragment: () => withFunction({ consume: { source: "queue:q", filter: { body: { a: [own(p, 1)] } } } }),
    expected: fails(new RegExp(`^1 error: ${F}\\.consume\\.filter\\.body\\.a\\[0\\]: unknown content filter '${literal(p)}'`)),
  },
  {
    name: `detail field '${p}' of a bound source`,
    fragment: () => withFunction({ events: [{ name: "e", source: "bucket", pattern: { detail: own(p, ["x"]) } }] }),
    expected: fails(
      new RegExp(`^1 error: ${F}\\.events\\[0\\]\\.pattern\\.detail\\.${literal(p)}: this source's events have no field '${literal(p)}'`),
    ),
  },
  {
    name: `Fn::GetAtt of '${p}'`,
    fragment: () => withFunction({ environment: { A: { "Fn::GetAtt": [p, "Arn"] } } }),
    expected: fails(new RegExp(`^1 error: ${F}: refers to '${literal(p)}' with Fn::GetAtt, but there is no resource '${literal(p)}'`)),
  },
  ...(p === "__proto__"
    ? [
        {
          name: "Ref of '__proto__'",
          fragment: () => withFunction({ environment: { A: { Ref: p } } }),
          expected: fails(
            new RegExp(`^1 error: ${F}: refers to '__proto__', which is neither a resource nor a parameter, and cannot be one`),
          ),
        },
        {
          name: "Fn::Sub of '${__proto__}'",
          fragment: () => withFunction({ environment: { A: { "Fn::Sub": "x-${__proto__}" } } }),
          expected: fails(/refers to '__proto__', which is neither a resource nor a parameter, and cannot be one/),
        },
      ]
    : [
        // A name a parameter may have: it becomes one, declared as such (not Object.prototype's member).
        {
          name: `Ref of '${p}'`,
          fragment: () => withFunction({ environment: { A: { Ref: p } } }),
          expected: succeeds(declaresParameter(p)),
        },
        {
          name: `Fn::Sub of '\${${p}}'`,
          fragment: () => withFunction({ environment: { A: { "Fn::Sub": `x-\${${p}}` } } }),
          expected: succeeds(declaresParameter(p)),
        },
      ]),
]);

const cases: HostileCase[] = [
  ...prototypeCases,
  {
    name: "an action whose service is 'constructor' (a well-formed action: IAM decides)",
    fragment: () => withFunction({ permissions: ["constructor:GetThing"] }),
    expected: succeeds((t) =>
      JSON.stringify(t.Resources.FRole?.Properties?.Policies).includes('"constructor:GetThing"') ? undefined : "action not in the policy",
    ),
  },
  {
    name: "an action whose service is '__proto__'",
    fragment: () => withFunction({ permissions: ["__proto__:GetThing"] }),
    expected: fails(new RegExp(`^1 error: ${F}\\.permissions\\[0\\]: must be an IAM action`)),
  },
  // Inferred parameters CloudFormation would refuse.
  {
    name: "Ref ''",
    fragment: () => withFunction({ environment: { A: { Ref: "" } } }),
    expected: fails(new RegExp(`^1 error: ${F}\\.environment\\.A: Ref needs the name`)),
  },
  {
    name: "Ref null (YAML `!Ref` with no value)",
    fragment: () => withFunction({ environment: { A: { Ref: null } } }),
    expected: fails(/environment\.A: Ref needs the name/),
  },
  ...["my-param", "a b", "x".repeat(300)].map(
    (name): HostileCase => ({
      name: `Ref '${name.slice(0, 12)}'`,
      fragment: () => withFunction({ environment: { A: { Ref: name } } }),
      expected: fails(
        new RegExp(
          `^1 error: ${F}: refers to '.*', which is neither a resource nor a parameter, and cannot be one \\(parameter names are letters and digits`,
        ),
      ),
    }),
  ),
  {
    name: "Ref 'AWS::Foo'",
    fragment: () => withFunction({ environment: { A: { Ref: "AWS::Foo" } } }),
    expected: fails(/refers to 'AWS::Foo', which is not one of CloudFormation's pseudo parameters/),
  },
  // Numbers and strings bounded to what AWS takes.
  {
    name: "rate of 1e20 days",
    fragment: () => withFunction({ timer: { rate: "99999999999999999999 days" } }),
    expected: fails(new RegExp(`^1 error: ${F}\\.timer\\.rate: '99999999999999999999 days': a rate is at most a year \\(365 days\\)`)),
  },
  {
    name: "rate of 400 digits",
    fragment: () => withFunction({ timer: { rate: `${"9".repeat(400)} minutes` } }),
    expected: fails(/timer\.rate: '9{40}\.\.\. \(408 characters\)': a rate is at most a year/),
  },
  {
    name: "cron over 256 characters",
    fragment: () => {
      const list = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).join(",");
      return withFunction({ timer: { cron: `${list(0, 59)} ${list(0, 23)} ${list(1, 31)} * ? *` } });
    },
    expected: fails(/timer\.cron: '.*': cron\(\.\.\.\) would be \d+ characters; EventBridge takes at most 256/),
  },
  {
    name: "tag value over 256 characters",
    fragment: () => app({ tags: { team: "x".repeat(257) }, functions: { f: { handler: "index.h" } } }),
    expected: fails(/^1 error: Resources\.App\.Properties\.tags\.team: must be a tag value: a string of at most 256 characters/),
  },
  ...["aws:team", "AWS:team", "Aws:x"].map(
    (key): HostileCase => ({
      name: `tag key '${key}'`,
      fragment: () => app({ tags: { [key]: "x" }, functions: { f: { handler: "index.h" } } }),
      expected: fails(
        /^1 error: Resources\.App\.Properties\.tags\["[Aa][Ww][Ss]:\w+"\]: name must be a tag key of 1 to 128 characters, not starting with 'aws:'/,
      ),
    }),
  ),
  // Silent acceptance of what AWS rejects.
  {
    name: "an app with no resources at all",
    fragment: () => app({}),
    expected: fails(/^1 error: Resources\.App: the app generates no resources, and a template needs at least one/),
  },
  {
    name: "table keys [pk, pk]",
    fragment: () => app({ table: { keys: ["pk", "pk"] } }),
    expected: fails(/^1 error: Resources\.App\.Properties\.table\.keys\[1\]: 'pk' is already the partition key/),
  },
  {
    name: "Fn::Foo as a value",
    fragment: () => withFunction({ environment: { A: { "Fn::Foo": "x" } } }),
    expected: fails(/environment\.A: 'Fn::Foo' is not an intrinsic function/),
  },
  {
    name: "Condition as a value",
    fragment: () => withFunction({ environment: { A: { Condition: "X" } } }),
    expected: fails(/environment\.A: Condition is a condition function/),
  },
  {
    name: "Fn::Equals as a value",
    fragment: () => withFunction({ environment: { A: { "Fn::Equals": ["a", "b"] } } }),
    expected: fails(/environment\.A: Fn::Equals is a condition function/),
  },
  {
    name: "Fn::Foo inside a pattern",
    fragment: () => withFunction({ events: [{ name: "e", source: "global", pattern: { source: [{ "Fn::Foo": "x" }] } }] }),
    expected: fails(/events\[0\]\.pattern\.source\[0\]: unknown content filter 'Fn::Foo'/),
  },
  {
    name: "Ref App in the user's own resource",
    fragment: () =>
      app(
        { functions: { f: { handler: "index.h" } } },
        { Topic: { Type: "AWS::SNS::Topic", Properties: { DisplayName: { Ref: "App" } } } },
      ),
    expected: fails(/^1 error: Resources\.Topic: refers to 'App', which is replaced by the resources it expands into/),
  },
  {
    name: "DependsOn App in the user's own resource",
    fragment: () => app({ functions: { f: { handler: "index.h" } } }, { Topic: { Type: "AWS::SNS::Topic", DependsOn: ["App"] } }),
    expected: fails(/^1 error: Resources\.Topic: refers to 'App'/),
  },
  {
    name: "a user resource named '__proto__'",
    fragment: () =>
      JSON.parse(
        '{"Resources":{"App":{"Type":"Pareto::App","Properties":{"functions":{"f":{"handler":"index.h"}}}},"__proto__":{"Type":"AWS::SNS::Topic"}}}',
      ),
    expected: fails(/^1 error: Resources\.__proto__: logical IDs must be letters and digits/),
  },
  // Size and depth, checked before any work that grows with them.
  {
    name: "a 10 MB unknown key",
    big: true,
    fragment: () => app({ ["k".repeat(10_000_000)]: 1 }),
    expected: fails(/^1 error: template: over 2 MB as JSON; CloudFormation takes templates of at most 1 MB$/),
  },
  {
    name: "a 10 MB tag value",
    big: true,
    fragment: () => app({ tags: { a: "v".repeat(10_000_000) }, functions: { f: { handler: "index.h" } } }),
    expected: fails(/^1 error: template: over 2 MB/),
  },
  {
    name: "100,000 functions",
    big: true,
    fragment: () => app({ functions: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, { handler: "i.h" }])) }),
    expected: fails(/^1 error: template: over 2 MB/),
  },
  {
    name: "40,000 functions (about 1 MB)",
    big: true,
    fragment: () => app({ functions: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`f${i}`, { handler: "i.h" }])) }),
    expected: fails(/^1 error: Resources\.App: this app expands to at least 120000 resources; one app holds at most 8500 /),
  },
  {
    name: "a 10 KB unknown key (no did-you-mean on it)",
    fragment: () => app({ ["k".repeat(10_000)]: 1, functions: { f: { handler: "index.h" } } }),
    expected: fails(/^1 error: Resources\.App\.Properties\.k{40}\.\.\. \(10000 characters\): unknown key$/),
  },
  {
    name: "a pattern nested 2,000 levels",
    big: true,
    fragment: () => withFunction({ events: [{ name: "e", source: "global", pattern: { source: ["x"], detail: nested(2000, ["x"]) } }] }),
    expected: fails(new RegExp(`^1 error: ${F}\\.events\\[0\\]\\.pattern\\.detail(\\.a)+: nested more than 64 levels deep`)),
  },
  {
    name: "a fragment nested 5,000 levels",
    big: true,
    fragment: () => app(nested(5000, 1)),
    expected: fails(/^1 error: Resources\.App\.Properties(\.a)+: nested more than 64 levels deep/),
  },
];

export const MACRO_CASES: readonly HostileCase[] = cases;
