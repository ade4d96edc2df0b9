/**
 * Cognito PostConfirmation and PostAuthentication trigger: initialises each user once. A user is
 * initialised when `custom:pareto_init` (the INITIALISED marker) is set. For a user without it, the
 * hook sets the app's custom attributes the user lacks (USER_ATTRIBUTES = [{name, value}]), puts one
 * event on the default bus so workers with a `userpool` event can react, then sets the marker. Every
 * later invocation (each sign-in, each password reset) sees the marker in the event and returns at once.
 *
 * PostConfirmation covers self sign-up, federated users' first sign-in and imported users' first password
 * reset; PostAuthentication covers the users Cognito never confirms, those created with AdminCreateUser, at
 * their first sign-in (after the temporary password challenge).
 * The marker is written after the event: a failure in between puts the event again at the next sign-in
 * (at least once, like EventBridge itself), never zero times.
 *
 * The event's source is the pool ARN, built from this function's own ARN and the event's pool ID (the
 * function cannot reference the pool: the pool references the function).
 */
const { CognitoIdentityProviderClient, AdminUpdateUserAttributesCommand } = require("@aws-sdk/client-cognito-identity-provider");
const { EventBridgeClient } = require("@aws-sdk/client-eventbridge");
const { putEvents } = require("./put-events.cjs");

/** Set on a user once the hook has initialised it; users cannot write custom attributes (app client WriteAttributes). */
const INITIALISED = "custom:pareto_init";

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
  const userAttributes = event.request?.userAttributes || {};
  if (userAttributes[INITIALISED] !== undefined) return event;
  cognito = cognito || new CognitoIdentityProviderClient({});
  events = events || new EventBridgeClient({});
  const update = (attributes) =>
    cognito.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: event.userPoolId, Username: event.userName, UserAttributes: attributes }),
    );
  const missing = missingAttributes(JSON.parse(process.env.USER_ATTRIBUTES || "[]"), userAttributes);
  if (missing.length) await update(missing);
  const attributes = { ...userAttributes, ...Object.fromEntries(missing.map((a) => [a.Name, a.Value])) };
  const detail = { userPoolId: event.userPoolId, userName: event.userName, triggerSource: event.triggerSource, userAttributes: attributes };
  const failed = await putEvents(events, [
    { Source: poolArn(context.invokedFunctionArn, event.userPoolId), DetailType: event.triggerSource, Detail: JSON.stringify(detail) },
  ]);
  if (failed.length) throw new Error("could not put the user-pool event on the default bus");
  await update([{ Name: INITIALISED, Value: new Date().toISOString() }]);
  return event;
}

module.exports = {
  handler,
  missingAttributes,
  poolArn,
  INITIALISED,
  setClients: (c, e) => {
    cognito = c;
    events = e;
  },
};
