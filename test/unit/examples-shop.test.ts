/**
 * The handlers of examples/shop, with their AWS calls replaced by recorders: each call's input is what
 * the SDK command receives, so these tests check table names, keys, the event put on the app bus and
 * the message published on the topic, as the template's environment names them. The last tests hold the
 * handlers to the expanded template: what place-order puts on the bus matches announce's rule, and what
 * announce publishes passes tally's subscription filter.
 */
import { describe, expect, it } from "vitest";
import { announceOrder } from "../../examples/shop/src/announce.js";
import { getCustomer } from "../../examples/shop/src/customers.js";
import { EVENT_SOURCE, getOrder, parseOrder, placeOrder } from "../../examples/shop/src/orders.js";
import { tallyOrders } from "../../examples/shop/src/tally.js";
import { expand } from "../../src/expander/index.js";
import { match } from "../../src/local/match.js";
import { exampleTemplateOrThrow } from "../support/outputs.js";

const env = {
  APP_TABLE_ORDERS: "shop-orders",
  APP_TABLE_CUSTOMERS: "shop-customers",
  APP_TOPIC_ORDER_EVENTS: "arn:aws:sns:eu-west-1:123456789012:shop-order-events",
  APP_BUS: "shop-bus",
};

/** Fake AWS calls: each records its inputs and answers from `answers` (or `{}`). */
function recorder(answers: Record<string, (input: any) => unknown> = {}) {
  const calls: Array<{ call: string; input: any }> = [];
  const make = (call: string) => async (input: any) => {
    calls.push({ call, input });
    return answers[call] ? answers[call](input) : {};
  };
  return {
    calls,
    aws: {
      putItem: make("putItem"),
      getItem: make("getItem"),
      updateItem: make("updateItem"),
      putEvents: make("putEvents"),
      publish: make("publish"),
    },
  };
}

const post = (body: unknown, base64 = false) => {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { body: base64 ? Buffer.from(text).toString("base64") : text, isBase64Encoded: base64 };
};
const order = {
  customerId: "c-1",
  lines: [
    { sku: "tea", quantity: 2, unitPrice: 350 },
    { sku: "mug", quantity: 1, unitPrice: 900 },
  ],
};

describe("parseOrder", () => {
  it("totals the lines in cents and drops unknown fields", () => {
    expect(parseOrder({ ...order, lines: [{ ...order.lines[0], note: "x" }] })).toEqual({
      order: { customerId: "c-1", lines: [{ sku: "tea", quantity: 2, unitPrice: 350 }], total: 700 },
    });
  });

  it.each([
    [null, "the body must be a JSON object"],
    [{ lines: order.lines }, "customerId must be a non-empty string"],
    [{ customerId: "c-1", lines: [] }, "lines must be a non-empty array"],
    [{ customerId: "c-1", lines: [{ sku: "tea", quantity: 0, unitPrice: 1 }] }, "lines[0] must be"],
    [{ customerId: "c-1", lines: [{ sku: "tea", quantity: 1, unitPrice: 1.5 }] }, "lines[0] must be"],
  ])("refuses %j", (body, message) => {
    expect(parseOrder(body).error).toContain(message);
  });
});

describe("place-order (POST /orders)", () => {
  const place = (fake: ReturnType<typeof recorder>) =>
    placeOrder(fake.aws, { env, newId: () => "o-1", now: () => new Date("2026-01-02T03:04:05.000Z") });

  it("stores the order, then puts OrderPlaced on the app bus", async () => {
    const fake = recorder({ putEvents: () => ({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] }) });
    const response = await place(fake)(post(order, true));
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toEqual({ orderId: "o-1", total: 1600 });
    expect(fake.calls.map(({ call }) => call)).toEqual(["putItem", "putEvents"]);
    expect(fake.calls[0].input).toEqual({
      TableName: "shop-orders",
      Item: {
        orderId: { S: "o-1" },
        customerId: { S: "c-1" },
        lines: { S: JSON.stringify(order.lines) },
        total: { N: "1600" },
        placedAt: { S: "2026-01-02T03:04:05.000Z" },
      },
      ConditionExpression: "attribute_not_exists(orderId)",
    });
    const [entry] = fake.calls[1].input.Entries;
    expect(entry).toMatchObject({ EventBusName: "shop-bus", Source: EVENT_SOURCE, DetailType: "OrderPlaced" });
    expect(JSON.parse(entry.Detail)).toEqual({ orderId: "o-1", customerId: "c-1", total: 1600, placedAt: "2026-01-02T03:04:05.000Z" });
  });

  it("answers 400 and calls nothing for a body that is not an order", async () => {
    const fake = recorder();
    for (const body of ["not json", { customerId: "c-1" }]) {
      const response = await place(fake)(post(body));
      expect(response.statusCode).toBe(400);
    }
    expect(fake.calls).toEqual([]);
  });

  it("fails when the bus refuses the event (PutEvents reports it in its answer)", async () => {
    const fake = recorder({ putEvents: () => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: "X", ErrorMessage: "refused" }] }) });
    await expect(place(fake)(post(order))).rejects.toThrow("OrderPlaced for o-1 was not put on the bus: refused");
  });
});

describe("announce (OrderPlaced on the app bus)", () => {
  it("publishes the order on the topic, its type in the body where the subscription filter looks", async () => {
    const fake = recorder({ publish: () => ({ MessageId: "m-1" }) });
    const detail = { orderId: "o-1", customerId: "c-1", total: 1600, placedAt: "t" };
    const result = await announceOrder(fake.aws, { env })({ source: EVENT_SOURCE, "detail-type": "OrderPlaced", detail });
    expect(result).toEqual({ messageId: "m-1" });
    expect(fake.calls[0].input).toEqual({
      TopicArn: env.APP_TOPIC_ORDER_EVENTS,
      Subject: "Order o-1",
      Message: JSON.stringify({ type: "OrderPlaced", ...detail }),
    });
  });
});

describe("tally (order-events subscriber)", () => {
  const record = (orderId: string) => ({
    EventSource: "aws:sns",
    Sns: {
      Message: JSON.stringify({ type: "OrderPlaced", orderId, customerId: "c-1", total: 1600, placedAt: "t" }),
      MessageAttributes: {},
    },
  });

  it("adds each order to its customer's totals", async () => {
    const fake = recorder();
    expect(await tallyOrders(fake.aws, { env })({ Records: [record("o-1"), record("o-2")] })).toEqual({ counted: 2 });
    expect(fake.calls.map(({ input }) => input.ExpressionAttributeValues[":order"].S)).toEqual(["o-1", "o-2"]);
    expect(fake.calls[0].input).toMatchObject({
      TableName: "shop-customers",
      Key: { customerId: { S: "c-1" } },
      UpdateExpression: "ADD orders :one, spent :total SET lastOrderId = :order, lastOrderAt = :at",
    });
    expect(fake.calls[0].input.ExpressionAttributeValues[":total"]).toEqual({ N: "1600" });
  });

  it("counts a redelivered order once, and rethrows any other error", async () => {
    const duplicate = Object.assign(new Error("condition"), { name: "ConditionalCheckFailedException" });
    const skipping = recorder({
      updateItem: () => {
        throw duplicate;
      },
    });
    expect(await tallyOrders(skipping.aws, { env })({ Records: [record("o-1")] })).toEqual({ counted: 0 });
    const failing = recorder({
      updateItem: () => {
        throw new Error("throttled");
      },
    });
    await expect(tallyOrders(failing.aws, { env })({ Records: [record("o-1")] })).rejects.toThrow("throttled");
  });
});

describe("get-order and get-customer (GET /orders/{id}, GET /customers/{id})", () => {
  const order = { orderId: { S: "o-1" }, customerId: { S: "c-1" }, lines: { S: "[]" }, total: { N: "1600" }, placedAt: { S: "t" } };
  const customer = {
    customerId: { S: "c-1" },
    orders: { N: "2" },
    spent: { N: "3200" },
    lastOrderId: { S: "o-2" },
    lastOrderAt: { S: "t" },
  };
  it.each([
    {
      handler: getOrder,
      id: "o-1",
      table: "shop-orders",
      key: "orderId",
      item: order,
      body: { orderId: "o-1", customerId: "c-1", lines: [], total: 1600, placedAt: "t" },
    },
    {
      handler: getCustomer,
      id: "c-1",
      table: "shop-customers",
      key: "customerId",
      item: customer,
      body: { customerId: "c-1", orders: 2, spent: 3200, lastOrderId: "o-2", lastOrderAt: "t" },
    },
  ])("reads $table by the path's id, and answers 404 for an unknown one", async ({ handler, id, table, key, item, body }) => {
    const found = recorder({ getItem: () => ({ Item: item }) });
    const response = await handler(found.aws, { env })({ pathParameters: { id } });
    expect(found.calls[0].input).toEqual({ TableName: table, Key: { [key]: { S: id } } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(body);
    expect((await handler(recorder().aws, { env })({ pathParameters: { id: "nope" } })).statusCode).toBe(404);
  });
});

describe("the handlers and the template agree", () => {
  const expanded = expand(exampleTemplateOrThrow("shop"));
  if (!expanded.ok) throw new Error(expanded.errors.join("\n"));
  const resources = (expanded.template as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> }).Resources;
  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  const placed = async () => {
    const fake = recorder({ putEvents: () => ({ FailedEntryCount: 0 }) });
    await placeOrder(fake.aws, { env, newId: () => "o-1", now: () => new Date(0) })(post(order));
    return fake.calls[1].input.Entries[0];
  };

  it("OrderPlaced, as place-order puts it on the app bus, matches announce's rule on that bus", async () => {
    const [rule] = ofType("AWS::Events::Rule").filter((r) => JSON.stringify(r.Properties.Targets).includes("AnnounceFunction"));
    expect(rule.Properties.EventBusName).toEqual(resources.PlaceOrderFunction.Properties.Environment.Variables.APP_BUS);
    const entry = await placed();
    const event = { source: entry.Source, "detail-type": entry.DetailType, detail: JSON.parse(entry.Detail) };
    expect(match(rule.Properties.EventPattern, event)).toEqual({ matched: true });
    expect(match(rule.Properties.EventPattern, { ...event, "detail-type": "OrderShipped" }).matched).toBe(false);
  });

  it("the message announce publishes passes tally's subscription filter, and other types do not", async () => {
    const [subscription] = ofType("AWS::SNS::Subscription");
    expect(subscription.Properties.Endpoint).toEqual({ "Fn::GetAtt": ["TallyFunction", "Arn"] });
    expect(subscription.Properties.FilterPolicyScope).toBe("MessageBody");
    const entry = await placed();
    const fake = recorder();
    await announceOrder(fake.aws, { env })({ "detail-type": entry.DetailType, detail: JSON.parse(entry.Detail) });
    const message = JSON.parse(fake.calls[0].input.Message);
    expect(match(subscription.Properties.FilterPolicy, message)).toEqual({ matched: true });
    expect(match(subscription.Properties.FilterPolicy, { ...message, type: "OrderCancelled" }).matched).toBe(false);
  });
});
