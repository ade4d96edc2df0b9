// POST /: stores {id, name} as the tenant's item `T#<tenant>#<id>`, with the tenant's credentials.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { failure, tenantContext } from "./tenant.mjs";

export const putItemHandler = async (event) => {
  const { tenantId, documents } = tenantContext(event);
  const body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body);
  const { id, name } = body;
  try {
    await documents.send(new PutCommand({ TableName: process.env.APP_TABLE_ITEMS, Item: { PK: `T#${tenantId}#${id}`, id, name } }));
  } catch (error) {
    return failure(error);
  }
  console.info(`${event.rawPath}: 200 ${JSON.stringify(body)}`);
  return { statusCode: 200, body: JSON.stringify(body) };
};
