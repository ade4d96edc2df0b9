/**
 * Loaded ahead of a bridge or hook in an app with `bus`: every PutEvents an EventBridge client sends
 * names the app bus (APP_BUS) instead of leaving the default bus implied. The modules themselves stay
 * as they are, so an app without `bus` runs the very same code as before.
 */
const { EventBridgeClient, PutEventsCommand } = require("@aws-sdk/client-eventbridge");

const send = EventBridgeClient.prototype.send;
EventBridgeClient.prototype.send = function sendOnAppBus(command, ...rest) {
  if (command instanceof PutEventsCommand) for (const entry of command.input.Entries || []) entry.EventBusName = process.env.APP_BUS;
  return send.call(this, command, ...rest);
};
