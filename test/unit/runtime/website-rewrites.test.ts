/**
 * The website's CloudFront Functions, from their sources and as embedded: a plain script whose top-level `handler`
 * CloudFront calls, with the API prefix declared ahead of it as the expander does (constructs/website.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cloudFrontCode } from "../../../src/generated/cloudfront-code.js";

type Handler = (event: { request: { uri: string; querystring?: unknown } }) => { uri: string; querystring?: unknown };

const source = (file: string) => readFileSync(join(import.meta.dirname, "..", "..", "..", "src", "runtime", file), "utf8");
// Loads the script the way CloudFront runs it, with its prefix declared ahead.
const load = (code: string, prefix = "/api"): Handler =>
  new Function(`var PREFIX = ${JSON.stringify(prefix)};\n${code}\nreturn handler;`)();
const uri = (handler: Handler, path: string) => handler({ request: { uri: path, querystring: { q: { value: "1" } } } });

describe("website API rewrite", () => {
  for (const [name, code] of [
    ["source", source("website-api-rewrite.cjs")],
    ["embedded", cloudFrontCode.websiteApiRewrite],
  ]) {
    it(`${name}: strips the prefix, keeps the rest of the path and the query string`, () => {
      const handler = load(code);
      expect(uri(handler, "/api/items")).toEqual({ uri: "/items", querystring: { q: { value: "1" } } });
      expect(uri(handler, "/api/items/42/parts").uri).toBe("/items/42/parts");
      expect(uri(handler, "/api/").uri).toBe("/");
      expect(uri(load(code, "/v1/api"), "/v1/api/items").uri).toBe("/items");
    });
  }

  it("fits CloudFront's 10 KB of function code", () => {
    expect(cloudFrontCode.websiteApiRewrite.length).toBeLessThan(10_240);
    expect(cloudFrontCode.websiteApiRewrite).toContain("function handler(");
  });
});

describe("website SPA rewrite beside an API", () => {
  for (const [name, code] of [
    ["source", source("website-spa-rewrite.cjs")],
    ["embedded", cloudFrontCode.websiteSpaRewrite],
  ]) {
    it(`${name}: serves the app shell for client-side routes, files as they are`, () => {
      const handler = load(code);
      expect(uri(handler, "/").uri).toBe("/index.html");
      expect(uri(handler, "/orders/42").uri).toBe("/index.html");
      expect(uri(handler, "/app.js").uri).toBe("/app.js");
      expect(uri(handler, "/assets/logo.svg").uri).toBe("/assets/logo.svg");
      expect(uri(handler, "/index.html").uri).toBe("/index.html");
    });
  }
});
