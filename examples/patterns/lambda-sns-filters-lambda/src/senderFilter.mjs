// Invoked with `{"color": "<color>"}`: publishes "The color is <color>" on the topic. The color travels
// as a message attribute, as in the original, and in the JSON body, which the red subscriber's filter
// matches (Pareto's subscription filters match the message body).
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";

const sns = new SNSClient({});

export const handler = async (event) => {
  const { color } = event;
  const result = await sns.send(
    new PublishCommand({
      TopicArn: process.env.APP_TOPIC_COLORS,
      Message: JSON.stringify({ color, text: `The color is ${color}` }),
      MessageAttributes: { color: { DataType: "String", StringValue: color } },
    }),
  );
  console.log(result);
  return { messageId: result.MessageId };
};
