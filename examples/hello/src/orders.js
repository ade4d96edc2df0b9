// The order handlers of examples/hello. They only shape their answers, so that `pareto invoke` runs
// them anywhere; a real app reads and writes the table (APP_TABLE) and the queue (APP_QUEUE_ORDERS) here.

/** GET /orders/{id} (HTTP API payload 2.0). */
export const get = async (event) => {
  const id = event.pathParameters?.id;
  console.log(`get order ${id} from ${process.env.APP_TABLE}`);
  return { statusCode: 200, body: JSON.stringify({ id, status: "placed" }) };
};

/** POST /orders: the body is the order. */
export const place = async (event) => {
  const order = event.body ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, "base64").toString() : event.body) : {};
  console.log(`place order to ${process.env.APP_QUEUE_ORDERS}`);
  return { statusCode: 202, body: JSON.stringify({ accepted: true, order }) };
};

/** An `order-placed` message from the orders queue, as the queue bridge puts it on EventBridge. */
export const ship = async (event) => {
  console.log(`ship ${event["detail-type"]}: ${JSON.stringify(event.detail)}`);
  return { shipped: true };
};
