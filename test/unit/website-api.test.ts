/** `website.api`: what the goldens do not show, the warning for routes a signature cannot reach through the website. */
import { describe, expect, it } from "vitest";
import { expand } from "../../src/expander/index.js";

const app = (endpoint: unknown) => ({
  Resources: {
    App: { Type: "Pareto::App", Properties: { website: { api: "/api" }, functions: { a: { handler: "index.a", endpoint } } } },
  },
});

describe("website.api", () => {
  it("warns that iam routes cannot be called through the website", () => {
    const result = expand(
      app([
        { method: "GET", path: "/a", auth: "iam" },
        { method: "GET", path: "/b" },
      ]),
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.startsWith("Resources.App.Properties.website.api:"))).toEqual([
      "Resources.App.Properties.website.api: routes with auth: iam (functions a) cannot be called through the website, whose host and path differ from what the caller signed; call them at the API's URL (output AppApi)",
    ]);
  });

  it("does not warn without iam routes", () => {
    const result = expand(app({ method: "GET", path: "/a" }));
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.includes("website.api"))).toEqual([]);
  });
});
