// The API's Lambda REQUEST authorizer (HTTP API, payload 2.0, simple responses). It looks the caller's
// x-api-key up in the config table (item `K#<key>` holds TENANT_ID), assumes the access role with a
// session policy that allows only keys starting with `T#<tenant>#` in the items table, and passes the
// temporary credentials and the tenant to the route in its context.
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const sts = new STSClient({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

async function tenantOf(apiKey) {
  try {
    const { Item } = await documents.send(new GetCommand({ TableName: process.env.APP_TABLE_CONFIG, Key: { PK: `K#${apiKey}` } }));
    return Item?.TENANT_ID ?? null;
  } catch (error) {
    console.log("tenant lookup failed", error);
    return null;
  }
}

/** The session policy: the access role's rights, narrowed to the tenant's partition keys. */
const tenantPolicy = (tenantId) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
      Resource: [process.env.ITEM_TABLE_ARN],
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`T#${tenantId}#*`] } },
    },
  ],
});

export const authHandler = async (event) => {
  const tenantId = await tenantOf(event.headers?.["x-api-key"]);
  if (!tenantId) return { isAuthorized: false };
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: process.env.AUTHORIZER_ACCESS_ROLE_ARN,
      RoleSessionName: "tenant-aware-session",
      Policy: JSON.stringify(tenantPolicy(tenantId)),
    }),
  );
  return {
    isAuthorized: true,
    context: {
      accessKey: Credentials.AccessKeyId,
      secretKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      tenantId,
    },
  };
};
