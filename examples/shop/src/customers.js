// GET /customers/{id}: a customer's totals, as `tally` keeps them.
import { aws } from "./lib/aws.js";
import { json } from "./lib/http.js";

export function getCustomer(calls, { env = process.env } = {}) {
  return async (event) => {
    const customerId = event.pathParameters?.id;
    const { Item } = await calls.getItem({ TableName: env.APP_TABLE_CUSTOMERS, Key: { customerId: { S: customerId } } });
    if (!Item) return json(404, { message: `no orders from ${customerId}` });
    return json(200, {
      customerId,
      orders: Number(Item.orders.N),
      spent: Number(Item.spent.N),
      lastOrderId: Item.lastOrderId.S,
      lastOrderAt: Item.lastOrderAt.S,
    });
  };
}

export const get = getCustomer(aws);
