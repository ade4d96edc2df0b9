// Subscribed to the order-events topic, for `OrderPlaced` messages only (the subscription's filter):
// adds each order to its customer's totals in the customers table.
import { aws } from "./lib/aws.js";

export function tallyOrders(calls, { env = process.env } = {}) {
  return async (event) => {
    let counted = 0;
    for (const record of event.Records) {
      const order = JSON.parse(record.Sns.Message);
      try {
        await calls.updateItem({
          TableName: env.APP_TABLE_CUSTOMERS,
          Key: { customerId: { S: order.customerId } },
          UpdateExpression: "ADD orders :one, spent :total SET lastOrderId = :order, lastOrderAt = :at",
          // SNS delivers at least once: the same order twice in a row is counted once.
          ConditionExpression: "attribute_not_exists(lastOrderId) OR lastOrderId <> :order",
          ExpressionAttributeValues: {
            ":one": { N: "1" },
            ":total": { N: String(order.total) },
            ":order": { S: order.orderId },
            ":at": { S: order.placedAt },
          },
        });
        counted += 1;
      } catch (error) {
        if (error?.name !== "ConditionalCheckFailedException") throw error;
        console.log(`order ${order.orderId} already counted`);
      }
    }
    return { counted };
  };
}

export const handler = tallyOrders(aws);
