/** POST /orders: prices the order and stores it in the app table (APP_TABLE, keys pk and sk). */
import { randomUUID } from "node:crypto";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { answer, json, parseBody, type HttpEvent } from "./lib/http";
import { parseLines, price } from "./lib/pricing";

// The AWS SDK v3 ships with the Lambda runtime: the bundle leaves it out.
const db = new DynamoDBClient({});

export const create = (event: HttpEvent) =>
  answer(async () => {
    const order = price(parseLines(parseBody(event)));
    const id = randomUUID();
    await db.send(
      new PutItemCommand({
        TableName: process.env.APP_TABLE,
        Item: {
          pk: { S: `order#${id}` },
          sk: { S: "order" },
          total: { N: String(order.total) },
          lines: { S: JSON.stringify(order.lines) },
        },
      }),
    );
    return json(201, { id, ...order });
  });
