// The AWS calls the shop's handlers make, each taking the SDK command's input. Handlers receive these
// functions (their tests pass fakes), so no handler builds a client. The SDK is loaded and each client
// created on first use, then kept for the container's life; the Lambda runtime ships the AWS SDK v3
// (`pareto package` leaves @aws-sdk/* out of the bundle).

const services = {
  dynamodb: { load: () => import("@aws-sdk/client-dynamodb"), client: "DynamoDBClient" },
  eventbridge: { load: () => import("@aws-sdk/client-eventbridge"), client: "EventBridgeClient" },
  sns: { load: () => import("@aws-sdk/client-sns"), client: "SNSClient" },
};
const clients = new Map();

async function send(service, command, input) {
  const { load, client } = services[service];
  const sdk = await load();
  if (!clients.has(service)) clients.set(service, new sdk[client]({}));
  return clients.get(service).send(new sdk[command](input));
}

export const aws = {
  putItem: (input) => send("dynamodb", "PutItemCommand", input),
  getItem: (input) => send("dynamodb", "GetItemCommand", input),
  updateItem: (input) => send("dynamodb", "UpdateItemCommand", input),
  putEvents: (input) => send("eventbridge", "PutEventsCommand", input),
  publish: (input) => send("sns", "PublishCommand", input),
};
