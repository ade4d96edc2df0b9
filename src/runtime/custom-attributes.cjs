/**
 * Cognito PostConfirmation trigger: sets the app's custom attributes a new user lacks
 * (USER_ATTRIBUTES = [{name, value}]), then puts one event on the default bus so workers with a
 * `userpool` event can react. Its source is the pool ARN, built from this function's own ARN and the
 * event's pool ID (the function cannot reference the pool: the pool references the function).
 */
const { CognitoIdentityProviderClient, AdminUpdateUserAttributesCommand } = require("@aws-sdk/client-cognito-identity-provider");
const { EventBridgeClient } = require("@aws-sdk/client-eventbridge");
const { putEvents } = require("./put-events.cjs");

let cognito;
let events;

function missingAttributes(configured, userAttributes) {
  return configured
    .filter(({ name }) => userAttributes[`custom:${name}`] === undefined)
    .map(({ name, value }) => ({ Name: `custom:${name}`, Value: String(value) }));
}

function poolArn(functionArn, userPoolId) {
  const [, partition, , region, account] = functionArn.split(":");
  return `arn:${partition}:cognito-idp:${region}:${account}:userpool/${userPoolId}`;
}

async function handler(event, context) {
  cognito = cognito || new CognitoIdentityProviderClient({});
  events = events || new EventBridgeClient({});
  const userAttributes = (event.request && event.request.userAttributes) || {};
  const missing = missingAttributes(JSON.parse(process.env.USER_ATTRIBUTES || "[]"), userAttributes);
  if (missing.length) {
    await cognito.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: event.userPoolId, Username: event.userName, UserAttributes: missing }),
    );
  }
  const attributes = { ...userAttributes, ...Object.fromEntries(missing.map((a) => [a.Name, a.Value])) };
  const detail = { userPoolId: event.userPoolId, userName: event.userName, triggerSource: event.triggerSource, userAttributes: attributes };
  const failed = await putEvents(events, [
    { Source: poolArn(context.invokedFunctionArn, event.userPoolId), DetailType: event.triggerSource, Detail: JSON.stringify(detail) },
  ]);
  if (failed.length) throw new Error("could not put the user-pool event on the default bus");
  return event;
}

module.exports = {
  handler,
  missingAttributes,
  poolArn,
  setClients: (c, e) => {
    cognito = c;
    events = e;
  },
};
