/** The Cognito hooks on real trigger event shapes (Cognito developer guide, Lambda triggers). */
import { describe, expect, it } from "vitest";
import { fakeClient, load } from "./load.js";

const customMessage = load("../../../src/runtime/custom-message.cjs");
const customAttributes = load("../../../src/runtime/custom-attributes.cjs");

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

describe("custom message hook", () => {
  process.env.EMAIL_TEMPLATES = JSON.stringify({
    tempPassword: { subject: "Welcome to Shop", message: "Hi! Sign in as {username} with {code}." },
    passwordReset: { subject: "Reset your password", message: "Your code is {code}." },
  });

  it("fills the temporary-password template for AdminCreateUser", async () => {
    const event = await customMessage.handler(messageEvent("CustomMessage_AdminCreateUser"));
    expect(event.response).toEqual({
      smsMessage: null,
      emailSubject: "Welcome to Shop",
      emailMessage: "Hi! Sign in as {username} with {####}.",
    });
  });

  it("fills the password-reset template for ForgotPassword", async () => {
    const event = await customMessage.handler(messageEvent("CustomMessage_ForgotPassword"));
    expect(event.response.emailMessage).toBe("Your code is {####}.");
    expect(event.response.emailSubject).toBe("Reset your password");
  });

  it("leaves other messages to Cognito", async () => {
    const event = await customMessage.handler(messageEvent("CustomMessage_SignUp"));
    expect(event.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
  });
});

describe("post-confirmation custom attributes hook", () => {
  const confirmation = {
    ...base,
    triggerSource: "PostConfirmation_ConfirmSignUp",
    request: { userAttributes: { sub: base.userName, email: "ana@example.com", email_verified: "true", "custom:plan": "pro" } },
    response: {},
  };
  const context = { invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:shop-AppCustomAttributesFunction-1" };

  it("sets only the missing custom attributes, then puts one userpool event", async () => {
    process.env.USER_ATTRIBUTES = JSON.stringify([
      { name: "plan", value: "free" },
      { name: "credits", value: 10 },
    ]);
    const cognito = fakeClient(() => ({}));
    const events = fakeClient(() => ({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] }));
    customAttributes.setClients(cognito, events);
    expect(await customAttributes.handler(structuredClone(confirmation), context)).toEqual(confirmation);
    expect(cognito.sent).toEqual([
      {
        name: "AdminUpdateUserAttributesCommand",
        input: { UserPoolId: base.userPoolId, Username: base.userName, UserAttributes: [{ Name: "custom:credits", Value: "10" }] },
      },
    ]);
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

  it("fails the confirmation when the event cannot be put (so nothing is lost silently)", async () => {
    process.env.USER_ATTRIBUTES = "[]";
    customAttributes.setClients(
      fakeClient(() => ({})),
      fakeClient(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure" }] })),
    );
    await expect(customAttributes.handler(structuredClone(confirmation), context)).rejects.toThrow(/could not put/);
  });

  it("builds the pool ARN in the function's partition", () => {
    expect(customAttributes.poolArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "cn-north-1_X")).toBe(
      "arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_X",
    );
  });
});
