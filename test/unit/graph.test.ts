import { describe, expect, it } from "vitest";
import { appGraph } from "../../src/graph/mermaid.js";

const app = (properties: unknown) => ({ Resources: { App: { Type: "Pareto::App", Properties: properties } } });

describe("appGraph", () => {
  it("draws each route of a list with its auth, and a Lambda authorizer's call", () => {
    const result = appGraph(
      app({
        api: { authorizers: { tokens: { function: "check" } } },
        functions: {
          check: { handler: "i.h" },
          items: {
            handler: "i.h",
            endpoint: [
              { method: "GET", path: "/items" },
              { method: "POST", path: "/items", auth: "tokens" },
              { method: "DELETE", path: "/items/{id}", auth: "iam" },
            ],
          },
        },
      }),
    );
    expect(result.ok && result.mermaid).toBe(`flowchart LR
  fn_check["λ check"]
  api(["HTTP API"])
  fn_items["λ items"]
  api -.->|"authorizer tokens"| fn_check
  api -->|"GET /items"| fn_items
  api -->|"POST /items (tokens)"| fn_items
  api -->|"DELETE /items/{id} (iam)"| fn_items
`);
  });

  it("draws endpoints, events, timers, consumers and scoped permissions", () => {
    const result = appGraph(
      app({
        bucket: {},
        queues: { jobs: {} },
        userpool: {},
        functions: {
          upload: {
            handler: "i.h",
            permissions: ["s3:PutObject", "ses:SendEmail"],
            endpoint: { method: "PUT", path: "/files/{name}", auth: "private" },
          },
          resize: { handler: "i.h", events: [{ name: "uploaded", source: "bucket", pattern: {} }], timer: { rate: "15 seconds" } },
          work: { handler: "i.h", consume: { source: "queue:jobs" } },
          audit: { handler: "i.h", events: [{ name: "stopped", source: "global", pattern: { source: ["aws.ec2"] } }] },
        },
      }),
    );
    expect(result).toEqual({
      ok: true,
      mermaid: `flowchart LR
  fn_upload["λ upload"]
  api(["HTTP API"])
  bucket[("app bucket")]
  fn_resize["λ resize"]
  timer_resize(("every 15 s"))
  fn_work["λ work"]
  queue_jobs[["queue jobs"]]
  fn_audit["λ audit"]
  global_aws_2e_ec2>"global: aws.ec2"]
  api -->|"PUT /files/{name} (private)"| fn_upload
  fn_upload -.->|"s3:PutObject"| bucket
  bucket -->|"uploaded"| fn_resize
  timer_resize --> fn_resize
  queue_jobs ==>|"batches"| fn_work
  global_aws_2e_ec2 -->|"stopped"| fn_audit
`,
    });
  });

  it("draws named tables and buckets as their own nodes, and a permission narrowed with `on` to its one resource", () => {
    const result = appGraph(
      app({
        table: {},
        tables: { orders: { stream: {} } },
        buckets: { uploads: {} },
        functions: {
          "on-order": { handler: "i.h", events: [{ name: "placed", source: "table:orders", pattern: {} }] },
          reader: { handler: "i.h", consume: { source: "table:orders" } },
          writer: {
            handler: "i.h",
            permissions: [
              "dynamodb:GetItem",
              { action: ["s3:PutObject"], on: "bucket:uploads" },
              { action: "dynamodb:PutItem", on: "table" },
            ],
          },
        },
      }),
    );
    expect(result.ok && result.mermaid).toBe(`flowchart LR
  fn_on_2d_order["λ on-order"]
  table_orders[("table orders")]
  fn_reader["λ reader"]
  fn_writer["λ writer"]
  table[("app table")]
  bucket_uploads[("bucket uploads")]
  table_orders -->|"placed"| fn_on_2d_order
  table_orders ==>|"batches"| fn_reader
  fn_writer -.->|"dynamodb:GetItem, dynamodb:PutItem"| table
  fn_writer -.->|"dynamodb:GetItem"| table_orders
  fn_writer -.->|"s3:PutObject"| bucket_uploads
`);
  });

  it("names cron timers with their time zone", () => {
    const result = appGraph(app({ functions: { nightly: { handler: "i.h", timer: { cron: "0 3 * * ? *", timezone: "Europe/London" } } } }));
    expect(result.ok && result.mermaid).toContain(`timer_nightly(("cron(0 3 * * ? *) Europe/London"))`);
  });

  it("draws a global event with no source from the default bus, the node events:PutEvents reaches", () => {
    const result = appGraph(
      app({
        functions: {
          "on-any": { handler: "i.h", events: [{ name: "any-detail", source: "global", pattern: { "detail-type": ["x"] } }] },
          "put-event": { handler: "i.h", permissions: ["events:PutEvents"] },
        },
      }),
    );
    expect(result.ok && result.mermaid).toBe(`flowchart LR
  fn_on_2d_any["λ on-any"]
  global(["default event bus"])
  fn_put_2d_event["λ put-event"]
  global -->|"any-detail"| fn_on_2d_any
  fn_put_2d_event -.->|"events:PutEvents"| global
`);
  });

  it("reports the template's errors instead of drawing", () => {
    expect(appGraph(app({ functions: { x: { handler: "i.h", timer: { rate: "1 week" } } } }))).toEqual({
      ok: false,
      errors: [
        "Resources.App.Properties.functions.x.timer.rate: '1 week' is not a rate; write 'N minutes', 'N hours', 'N days' or 'N seconds'",
      ],
    });
  });
});

describe("appGraph of an app split into nested stacks", () => {
  it("draws each function inside the nested stack that holds it", async () => {
    const { paretoTemplate } = await import("../../bench/generate.js");
    const { stackOfFunction } = await import("../../src/expander/passes/partition.js");
    const { nodeId } = await import("../../src/graph/mermaid.js");
    const result = appGraph(paretoTemplate(120));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const boxes = [...result.mermaid.matchAll(/ {2}subgraph (\S+)\["nested stack (AppStack\d\d)"\]\n((?: {4}\S+\n)+) {2}end/g)];
    expect(boxes.length).toBeGreaterThan(1);
    const drawn = new Map<string, string>();
    for (const [, , stack, members] of boxes) for (const member of members.trim().split(/\s+/)) drawn.set(member, stack);
    expect(drawn.size).toBe(120);
    for (let i = 0; i < 120; i++) expect(drawn.get(nodeId("fn", `fn-${i}`)), `fn-${i}`).toBe(stackOfFunction(`fn-${i}`));
  });

  it("draws no box for an app that fits one stack", () => {
    const result = appGraph(app({ functions: { a: { handler: "i.h" } } }));
    expect(result.ok && result.mermaid).not.toContain("subgraph");
  });
});
