/**
 * The handlers of examples/patterns/api-lambda-request-auth that need no AWS SDK, run with the events
 * `pareto sample` gives their triggers: the authorizer decides on the `auth` query string its identity
 * source names, and the route answers with the event it received.
 */
import { describe, expect, it } from "vitest";
import { handler as authorize } from "../../examples/patterns/api-lambda-request-auth/src/authorizer.mjs";
import { handler as route } from "../../examples/patterns/api-lambda-request-auth/src/index.mjs";
import { loadApp } from "../../src/local/app.js";
import { sample } from "../../src/local/sample.js";
import { exampleTemplateOrThrow } from "../support/outputs.js";

/** The event `pareto sample` gives the function's only trigger of that kind. */
function sampled(fnName: string, kind: string): any {
  const loaded = loadApp(exampleTemplateOrThrow("patterns/api-lambda-request-auth"));
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const fn = loaded.app.functions.find(({ name }) => name === fnName)!;
  const result = sample(loaded.app, fn, fn.triggers.find((trigger) => trigger.kind === kind)!);
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

/** The authorizer's event with the `auth` query string set to `value`. */
function withAuth(value: string) {
  const event = sampled("my-auth", "authorizer");
  expect(event.queryStringParameters).toHaveProperty("auth");
  return { ...event, queryStringParameters: { ...event.queryStringParameters, auth: value }, identitySource: [value] };
}

describe("api-lambda-request-auth", () => {
  it("authorizes auth=allow (in any case) with its context, refuses deny, fails on anything else", async () => {
    const context = { stringKey: "stringval", numberKey: 123, booleanKey: true };
    expect(await authorize(withAuth("Allow"))).toEqual({ isAuthorized: true, context });
    expect(await authorize(withAuth("deny"))).toEqual({ isAuthorized: false, context });
    await expect(authorize(withAuth("gibberish"))).rejects.toThrow("Invalid token");
  });

  it("the route answers 200 with the event it received", async () => {
    const event = sampled("my", "endpoint");
    const response = await route(event);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(event);
  });
});
