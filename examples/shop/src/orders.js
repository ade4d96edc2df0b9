// The orders endpoints. POST /orders stores the order in the orders table, then puts `OrderPlaced`
// on the app bus (APP_BUS), where the `announce` function's rule picks it up.
import { randomUUID } from "node:crypto";
import { aws } from "./lib/aws.js";
import { json, readBody } from "./lib/http.js";

/** The `source` of the shop's own events; rules on the app bus match it. */
export const EVENT_SOURCE = "shop.orders";

/** The order's lines and total (prices in cents), or the reason the body is not an order. */
export function parseOrder(body) {
  if (typeof body !== "object" || body === null) return { error: "the body must be a JSON object" };
  const { customerId, lines } = body;
  if (typeof customerId !== "string" || customerId === "") return { error: "customerId must be a non-empty string" };
  if (!Array.isArray(lines) || lines.length === 0) return { error: "lines must be a non-empty array" };
  for (const [i, line] of lines.entries()) {
    const ok =
      typeof line === "object" &&
      line !== null &&
      typeof line.sku === "string" &&
      Number.isInteger(line.quantity) &&
      line.quantity > 0 &&
      Number.isInteger(line.unitPrice) &&
      line.unitPrice >= 0;
    if (!ok) return { error: `lines[${i}] must be {sku, quantity (a positive integer), unitPrice (cents, an integer >= 0)}` };
  }
  const clean = lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice }));
  const total = clean.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { order: { customerId, lines: clean, total } };
}

/**
 * POST /orders (HTTP API payload 2.0).
 * @param {typeof aws} calls
 * @param {{env?: Record<string, string | undefined>, newId?: () => string, now?: () => Date}} [options]
 */
export function placeOrder(calls, { env = process.env, newId = randomUUID, now = () => new Date() } = {}) {
  return async (event) => {
    const parsed = parseOrder(readBody(event));
    if (parsed.error) return json(400, { message: parsed.error });
    const { customerId, lines, total } = parsed.order;
    const orderId = newId();
    const placedAt = now().toISOString();
    await calls.putItem({
      TableName: env.APP_TABLE_ORDERS,
      Item: {
        orderId: { S: orderId },
        customerId: { S: customerId },
        lines: { S: JSON.stringify(lines) },
        total: { N: String(total) },
        placedAt: { S: placedAt },
      },
      ConditionExpression: "attribute_not_exists(orderId)",
    });
    const sent = await calls.putEvents({
      Entries: [
        {
          EventBusName: env.APP_BUS,
          Source: EVENT_SOURCE,
          DetailType: "OrderPlaced",
          Detail: JSON.stringify({ orderId, customerId, total, placedAt }),
        },
      ],
    });
    // PutEvents reports a refused entry in its answer, not as an error.
    if (sent.FailedEntryCount) throw new Error(`OrderPlaced for ${orderId} was not put on the bus: ${sent.Entries?.[0]?.ErrorMessage}`);
    return json(201, { orderId, total });
  };
}

/** GET /orders/{id}. */
export function getOrder(calls, { env = process.env } = {}) {
  return async (event) => {
    const orderId = event.pathParameters?.id;
    const { Item } = await calls.getItem({ TableName: env.APP_TABLE_ORDERS, Key: { orderId: { S: orderId } } });
    if (!Item) return json(404, { message: `no order ${orderId}` });
    return json(200, {
      orderId: Item.orderId.S,
      customerId: Item.customerId.S,
      lines: JSON.parse(Item.lines.S),
      total: Number(Item.total.N),
      placedAt: Item.placedAt.S,
    });
  };
}

export const place = placeOrder(aws);
export const get = getOrder(aws);
