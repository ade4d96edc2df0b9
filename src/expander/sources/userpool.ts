/**
 * `source: userpool`: one event per user when it is first set up, put on the app's bus by the hook
 * that initialises users (src/runtime/custom-attributes.cjs, built by the userpool construct).
 */
import { getAtt, ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Source } from "./source.js";

export const userpool: Source = {
  token: { argument: false },
  missing: (ctx) => (ctx.has.userpool ? undefined : "the app has no user pool (add `userpool: {}`)"),
  binding: () => ({ source: [getAtt(APP.userPool, "Arn")] }),
  detail: { userPoolId: null, userName: null, triggerSource: null, userAttributes: null },
  bus: "app",
  reach: {
    actions: "cognito-idp",
    instances: (ctx) => (ctx.has.userpool ? [""] : []),
    arns: () => [getAtt(APP.userPool, "Arn")],
  },
  environment: (ctx) =>
    ctx.has.userpool
      ? [
          ["APP_USERPOOL", ref(APP.userPool)],
          ["APP_USERPOOL_CLIENT", ref(APP.userPoolClient)],
        ]
      : [],
  node: () => ({ shape: "service", text: "user pool" }),
};
