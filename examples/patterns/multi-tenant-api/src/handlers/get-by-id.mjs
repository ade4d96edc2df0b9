// GET /{id}: the tenant's item `T#<tenant>#<id>`, read with the tenant's credentials.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { failure, tenantContext } from "./tenant.mjs";

export const getByIdHandler = async (event) => {
  const { tenantId, documents } = tenantContext(event);
  const id = event.pathParameters.id;
  let item;
  try {
    const { Item } = await documents.send(new GetCommand({ TableName: process.env.APP_TABLE_ITEMS, Key: { PK: `T#${tenantId}#${id}` } }));
    item = { id: Item.id, name: Item.name };
  } catch (error) {
    return failure(error);
  }
  console.info(`${event.rawPath}: 200 ${JSON.stringify(item)}`);
  return { statusCode: 200, body: JSON.stringify(item) };
};
