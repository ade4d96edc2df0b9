// `OrderPlaced` from the app bus (the rule of this function's `placed` event), published on the
// order-events topic as JSON whose `type` field is the event's type: subscription filters match the
// message body, so a subscriber chooses the kinds of message it receives by `type`.
import { aws } from "./lib/aws.js";

export function announceOrder(calls, { env = process.env } = {}) {
  return async (event) => {
    const order = event.detail;
    const { MessageId } = await calls.publish({
      TopicArn: env.APP_TOPIC_ORDER_EVENTS,
      Subject: `Order ${order.orderId}`,
      Message: JSON.stringify({ type: event["detail-type"], ...order }),
    });
    return { messageId: MessageId };
  };
}

export const handler = announceOrder(aws);
