/** The Cognito hooks on real trigger event shapes (Cognito developer guide, Lambda triggers), and how the expander wires them. */
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { INITIALISED_ATTRIBUTE, USER_WRITABLE_ATTRIBUTES } from "../../../src/expander/aws/cognito.js";
import { customMessageCode, TEMPLATES_GLOBAL } from "../../../src/expander/constructs/userpool.js";
import { expand } from "../../../src/expander/index.js";
import { runtimeCode } from "../../../src/generated/runtime-code.js";
import { fakeClient, load } from "./load.js";

const customMessage = load("../../../src/runtime/custom-message.cjs");
const customAttributes = load("../../../src/runtime/custom-attributes.cjs");

type Json = Record<string, any>;

/** The expanded template of an app with this user pool (and one private endpoint), or its errors. */
function expandPool(userpool: Json) {
  return expand({
    Resources: {
      App: {
        Type: "Pareto::App",
        Properties: {
          userpool,
          functions: { me: { handler: "index.handler", endpoint: { method: "GET", path: "/me", auth: "private" } } },
        },
      },
    },
  });
}
function resources(userpool: Json): Json {
  const result = expandPool(userpool);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.template.Resources as Json;
}
const errors = (userpool: Json) => {
  const result = expandPool(userpool);
  return result.ok ? [] : result.errors;
};

const base = {
  version: "1",
  region: "eu-west-1",
  userPoolId: "eu-west-1_AbCdEf123",
  userName: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
  callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "1example23456789" },
};

const messageEvent = (triggerSource: string) => ({
  ...base,
  triggerSource,
  request: {
    userAttributes: {
      sub: base.userName,
      email_verified: "true",
      "cognito:user_status": "FORCE_CHANGE_PASSWORD",
      email: "ana@example.com",
    },
    codeParameter: "{####}",
    linkParameter: "{##Click Here##}",
    usernameParameter: "{username}",
  },
  response: { smsMessage: null, emailMessage: null, emailSubject: null },
});

const TEMPLATES = {
  tempPassword: { subject: "Welcome to Shop", message: "Hi! Sign in as {username} with {code}." },
  passwordReset: { subject: "Reset your password", message: "Your code is {code}." },
};

describe("custom message hook", () => {
  const globals = globalThis as Json;
  afterEach(() => {
    delete globals[TEMPLATES_GLOBAL];
  });

  it("fills the temporary-password template for AdminCreateUser", async () => {
    globals[TEMPLATES_GLOBAL] = TEMPLATES;
    const event = await customMessage.handler(messageEvent("CustomMessage_AdminCreateUser"));
    expect(event.response).toEqual({
      smsMessage: null,
      emailSubject: "Welcome to Shop",
      emailMessage: "Hi! Sign in as {username} with {####}.",
    });
  });

  it("fills the password-reset template for ForgotPassword", async () => {
    globals[TEMPLATES_GLOBAL] = TEMPLATES;
    const event = await customMessage.handler(messageEvent("CustomMessage_ForgotPassword"));
    expect(event.response.emailMessage).toBe("Your code is {####}.");
    expect(event.response.emailSubject).toBe("Reset your password");
  });

  it("leaves other messages, and every message without templates, to Cognito", async () => {
    globals[TEMPLATES_GLOBAL] = TEMPLATES;
    for (const source of ["CustomMessage_SignUp", "constructor", "toString"])
      expect((await customMessage.handler(messageEvent(source))).response).toEqual({
        smsMessage: null,
        emailMessage: null,
        emailSubject: null,
      });
    delete globals[TEMPLATES_GLOBAL];
    expect((await customMessage.handler(messageEvent("CustomMessage_ForgotPassword"))).response.emailMessage).toBeNull();
  });

  it("reads the global the expander writes", () => {
    expect(customMessage.TEMPLATES_GLOBAL).toBe(TEMPLATES_GLOBAL);
  });

  it("carries its templates in its inline code, not in its environment (4 KB in all), and runs from it", async () => {
    const long = { subject: "Welcome", message: `<p>${'Ünïcödé \u2028 "quoted" </script> '.repeat(680)}{username} {code}</p>` };
    expect(long.message.length).toBeGreaterThan(19000);
    expect(long.message.length).toBeLessThanOrEqual(20000);
    const fn = resources({ templates: { ...TEMPLATES, tempPassword: long } }).AppCustomMessageFunction;
    expect(fn.Properties.Environment).toBeUndefined();
    const code: string = fn.Properties.Code.ZipFile;
    expect(code).toBe(customMessageCode({ ...TEMPLATES, tempPassword: long }));
    expect(code.startsWith('"use strict";')).toBe(true);

    // Evaluate the ZipFile as Lambda would load index.js: a CommonJS module, in a fresh global scope.
    const module = { exports: {} as Json };
    const sandbox: Json = { module, exports: module.exports, require: () => ({}) };
    sandbox.globalThis = sandbox;
    runInNewContext(code, sandbox);
    const event = await module.exports.handler(messageEvent("CustomMessage_AdminCreateUser"));
    expect(event.response.emailSubject).toBe("Welcome");
    expect(event.response.emailMessage).toBe(long.message.replace("{code}", "{####}"));
    const reset = await module.exports.handler(messageEvent("CustomMessage_ForgotPassword"));
    expect(reset.response.emailMessage).toBe("Your code is {####}.");
  });

  it("puts the constant after the module's directive, or first when there is none", () => {
    expect(customMessageCode({}, '"use strict";var a=1;')).toBe(`"use strict";globalThis.${TEMPLATES_GLOBAL}={};var a=1;`);
    expect(customMessageCode({}, "var a=1;")).toBe(`globalThis.${TEMPLATES_GLOBAL}={};var a=1;`);
    expect(runtimeCode.customMessage).not.toContain("process.env");
  });
});

describe("initialising hook (custom attributes and the userpool event, once per user)", () => {
  const confirmation = {
    ...base,
    triggerSource: "PostConfirmation_ConfirmSignUp",
    request: { userAttributes: { sub: base.userName, email: "ana@example.com", email_verified: "true", "custom:plan": "pro" } },
    response: {},
  };
  /** The first sign-in of a user created with AdminCreateUser, after the NEW_PASSWORD_REQUIRED challenge. */
  const adminCreatedSignIn = {
    ...base,
    triggerSource: "PostAuthentication_Authentication",
    request: {
      userAttributes: { sub: base.userName, email: "bo@example.com", email_verified: "true", "cognito:user_status": "CONFIRMED" },
      newDeviceUsed: false,
    },
    response: {},
  };
  const context = { invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:shop-AppCustomAttributesFunction-1" };
  const MARKER = `custom:${INITIALISED_ATTRIBUTE}`;
  const okEvents = () => fakeClient(() => ({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] }));
  const markerUpdate = (sent: { name: string; input: any }) =>
    sent.name === "AdminUpdateUserAttributesCommand" && sent.input.UserAttributes.some((a: { Name: string }) => a.Name === MARKER);

  it("marks users with the attribute the pool declares", () => {
    expect(customAttributes.INITIALISED).toBe(MARKER);
  });

  it("sets only the missing custom attributes, puts one userpool event, then marks the user", async () => {
    process.env.USER_ATTRIBUTES = JSON.stringify([
      { name: "plan", value: "free" },
      { name: "credits", value: 10 },
    ]);
    const cognito = fakeClient(() => ({}));
    const events = okEvents();
    customAttributes.setClients(cognito, events);
    expect(await customAttributes.handler(structuredClone(confirmation), context)).toEqual(confirmation);
    expect(cognito.sent).toHaveLength(2);
    expect(cognito.sent[0]).toEqual({
      name: "AdminUpdateUserAttributesCommand",
      input: { UserPoolId: base.userPoolId, Username: base.userName, UserAttributes: [{ Name: "custom:credits", Value: "10" }] },
    });
    expect(cognito.sent[1].input.UserAttributes).toEqual([{ Name: MARKER, Value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(events.sent).toHaveLength(1);
    const [entry] = events.sent[0].input.Entries;
    expect(entry.Source).toBe("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123");
    expect(entry.DetailType).toBe("PostConfirmation_ConfirmSignUp");
    expect(JSON.parse(entry.Detail)).toEqual({
      userPoolId: base.userPoolId,
      userName: base.userName,
      triggerSource: "PostConfirmation_ConfirmSignUp",
      userAttributes: { ...confirmation.request.userAttributes, "custom:credits": "10" },
    });
  });

  it("initialises a user created with AdminCreateUser at their first sign-in, even with no attributes declared", async () => {
    process.env.USER_ATTRIBUTES = "[]";
    const cognito = fakeClient(() => ({}));
    const events = okEvents();
    customAttributes.setClients(cognito, events);
    expect(await customAttributes.handler(structuredClone(adminCreatedSignIn), context)).toEqual(adminCreatedSignIn);
    expect(events.sent).toHaveLength(1);
    expect(events.sent[0].input.Entries[0].DetailType).toBe("PostAuthentication_Authentication");
    expect(cognito.sent).toHaveLength(1);
    expect(markerUpdate(cognito.sent[0])).toBe(true);
  });

  it("does nothing for an initialised user: later sign-ins, password resets", async () => {
    process.env.USER_ATTRIBUTES = JSON.stringify([{ name: "plan", value: "free" }]);
    const initialised = { [MARKER]: "2026-01-01T00:00:00.000Z" };
    for (const event of [
      {
        ...adminCreatedSignIn,
        request: { ...adminCreatedSignIn.request, userAttributes: { ...adminCreatedSignIn.request.userAttributes, ...initialised } },
      },
      {
        ...confirmation,
        triggerSource: "PostConfirmation_ConfirmForgotPassword",
        request: { userAttributes: { ...confirmation.request.userAttributes, ...initialised } },
      },
    ]) {
      const cognito = fakeClient(() => ({}));
      const events = okEvents();
      customAttributes.setClients(cognito, events);
      expect(await customAttributes.handler(structuredClone(event), context)).toEqual(event);
      expect(cognito.sent).toEqual([]);
      expect(events.sent).toEqual([]);
    }
  });

  it("puts the event once over a user's sign-ins", async () => {
    process.env.USER_ATTRIBUTES = "[]";
    // A fake pool: the attributes the hook writes are in the next trigger's event, as Cognito passes them.
    const stored: Json = { ...adminCreatedSignIn.request.userAttributes };
    const cognito = fakeClient((command) => {
      for (const { Name, Value } of command.input.UserAttributes) stored[Name] = Value;
      return {};
    });
    const events = okEvents();
    customAttributes.setClients(cognito, events);
    for (let i = 0; i < 3; i++) {
      const event = { ...adminCreatedSignIn, request: { ...adminCreatedSignIn.request, userAttributes: { ...stored } } };
      await customAttributes.handler(event, context);
    }
    expect(events.sent).toHaveLength(1);
  });

  it("fails when the event cannot be put, and leaves the user unmarked so the next sign-in puts it", async () => {
    process.env.USER_ATTRIBUTES = "[]";
    const cognito = fakeClient(() => ({}));
    customAttributes.setClients(
      cognito,
      fakeClient(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure" }] })),
    );
    await expect(customAttributes.handler(structuredClone(confirmation), context)).rejects.toThrow(/could not put/);
    expect(cognito.sent.filter(markerUpdate)).toEqual([]);
  });

  it("builds the pool ARN in the function's partition", () => {
    expect(customAttributes.poolArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "cn-north-1_X")).toBe(
      "arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_X",
    );
  });
});

describe("the expanded user pool", () => {
  it("runs the initialising hook after confirmation and after each sign-in, with the marker in the schema", () => {
    const r = resources({ attributes: [{ name: "plan", value: "free" }] });
    const hookArn = { "Fn::GetAtt": ["AppCustomAttributesFunction", "Arn"] };
    expect(r.AppUserPool.Properties.LambdaConfig).toEqual({ PostConfirmation: hookArn, PostAuthentication: hookArn });
    expect(r.AppUserPool.Properties.Schema).toContainEqual({ Name: INITIALISED_ATTRIBUTE, AttributeDataType: "String", Mutable: true });
    // One permission covers both triggers: it names the pool, not the trigger.
    expect(r.AppCustomAttributesPermission.Properties.SourceArn).toEqual({ "Fn::GetAtt": ["AppUserPool", "Arn"] });
  });

  it("reserves the marker's name", () => {
    expect(errors({ attributes: [{ name: INITIALISED_ATTRIBUTE, value: "x" }] })).toEqual([
      `Resources.App.Properties.userpool.attributes[0].name: '${INITIALISED_ATTRIBUTE}' is reserved (the user-pool hook marks initialised users with custom:${INITIALISED_ATTRIBUTE})`,
    ]);
  });

  it("lets users write their standard profile attributes only: no custom attribute, no verified flag", () => {
    const r = resources({
      identityProviders: ["google"],
      callbackUrls: ["https://app.example.com/callback"],
      attributes: [{ name: "plan", value: "free" }],
    });
    const write: string[] = r.AppUserPoolClient.Properties.WriteAttributes;
    expect(write).toEqual(USER_WRITABLE_ATTRIBUTES);
    expect(write.filter((name) => name.startsWith("custom:") || name.startsWith("dev:") || name.endsWith("_verified"))).toEqual([]);
    expect(write).not.toContain("phone_number");
    // Cognito: every required attribute, and every attribute an identity provider maps, must be writable.
    const required = r.AppUserPool.Properties.Schema.filter((a: Json) => a.Required).map((a: Json) => a.Name);
    const mapped = Object.keys(r.AppUserPoolGoogleProvider.Properties.AttributeMapping);
    expect(required.length && mapped.length).toBeTruthy();
    for (const name of [...required, ...mapped]) expect(write, name).toContain(name);
  });

  it("refuses Google sign-in without callback URLs (no OAuth flow, no hosted UI to sign in through)", () => {
    const message =
      "Resources.App.Properties.userpool.identityProviders[0]: 'google' sign-in needs callbackUrls (it runs only through the OAuth code flow and the hosted UI they turn on)";
    expect(errors({ identityProviders: ["google"] })).toEqual([message]);
    expect(errors({ identityProviders: ["google"], callbackUrls: [] })).toEqual([message]);
    expect(errors({ identityProviders: ["google"], callbackUrls: ["https://app.example.com/callback"] })).toEqual([]);
  });
});
