// What the authorizer passed to a route (payload 2.0: `requestContext.authorizer.lambda`): the tenant,
// and a DynamoDB client holding the tenant's temporary credentials.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export function tenantContext(event) {
  const { accessKey, secretKey, sessionToken, tenantId } = event.requestContext.authorizer.lambda;
  const client = new DynamoDBClient({ credentials: { accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken } });
  return { tenantId, documents: DynamoDBDocumentClient.from(client) };
}

export const failure = (error) => {
  console.log("Error", error);
  return { statusCode: 500, body: JSON.stringify({ message: "Error", error: error.stack }) };
};
