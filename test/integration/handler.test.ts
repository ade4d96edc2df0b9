/**
 * The built macro bundle (dist/macro/index.cjs), run in a separate Node process on every sample
 * event in events/, returns the macro response shape CloudFormation expects.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BUNDLE = join(ROOT, "dist", "macro", "index.cjs");

function invoke(eventFile: string): Record<string, unknown> {
  const script = `
    const { handler } = require(${JSON.stringify(BUNDLE)});
    const event = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(eventFile)}, "utf8"));
    handler(event).then((response) => process.stdout.write(JSON.stringify(response)));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

const event = (name: string) => join(ROOT, "events", name);
const read = (name: string) => JSON.parse(readFileSync(event(name), "utf8"));

describe("macro bundle in a separate process", () => {
  it("covers every sample event", () => {
    expect(readdirSync(join(ROOT, "events")).sort()).toEqual(["dsl-error.json", "garbage.json", "no-app.json", "success.json"]);
  });

  it("expands a valid app", () => {
    const response = invoke(event("success.json"));
    expect(response.requestId).toBe(read("success.json").requestId);
    expect(response.status).toBe("success");
    const resources = (response.fragment as { Resources: Record<string, { Type: string }> }).Resources;
    expect(Object.values(resources).some((r) => r.Type === "Pareto::App")).toBe(false);
    expect(resources.HelloFunction.Type).toBe("AWS::Lambda::Function");
    expect(resources.AppBucket.Type).toBe("AWS::S3::Bucket");
    expect(response.errorMessage).toBeUndefined();
  });

  it("reports every DSL error with its path, returning the input fragment", () => {
    const response = invoke(event("dsl-error.json"));
    expect(response).toEqual({
      requestId: read("dsl-error.json").requestId,
      status: "failure",
      fragment: read("dsl-error.json").fragment,
      errorMessage:
        "2 errors: Resources.App.Properties.functions.resize: missing required key 'handler'; " +
        "Resources.App.Properties.functions.resize.handlr: unknown key (did you mean 'handler'?)",
    });
  });

  it("returns a template without Pareto::App unchanged", () => {
    const response = invoke(event("no-app.json"));
    expect(response).toEqual({ requestId: read("no-app.json").requestId, status: "success", fragment: read("no-app.json").fragment });
  });

  it("fails cleanly on garbage", () => {
    const response = invoke(event("garbage.json"));
    expect(response).toEqual({
      requestId: read("garbage.json").requestId,
      status: "failure",
      fragment: "this is not a template",
      errorMessage: "1 error: template: must be a mapping (a CloudFormation template)",
    });
  });
});
