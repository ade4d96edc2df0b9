/**
 * template.yaml's `AWS::ServerlessRepo::Application` metadata against the rules of the Serverless
 * Application Repository (AWS SAM developer guide, "AWS SAM template Metadata section properties"), so
 * `sam publish` is not the first to find a mistake. `sam validate --lint` does not read this section;
 * SAM CLI's own parser reads it in test/integration/validators.test.ts. Publishing itself needs AWS.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../src/cli/yaml.js";

const ROOT = join(import.meta.dirname, "..", "..");
const TEMPLATE = join(ROOT, "template.yaml");
const template = parseTemplate(readFileSync(TEMPLATE, "utf8"), TEMPLATE) as { Metadata?: Record<string, Record<string, unknown>> };
const metadata = template.Metadata?.["AWS::ServerlessRepo::Application"] ?? {};
const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; license: string };

const text = (key: string) => {
  const value = metadata[key];
  if (typeof value !== "string") throw new Error(`${key} is not a string (SAR takes no intrinsic functions here)`);
  return value;
};

describe("the macro's Serverless Application Repository metadata", () => {
  it("has the required Name, Description and Author, within SAR's lengths and patterns", () => {
    expect(text("Name")).toMatch(/^[a-zA-Z0-9-]{1,140}$/);
    expect(text("Description").length).toBeGreaterThan(0);
    expect(text("Description").length).toBeLessThanOrEqual(256);
    expect(text("Author")).toMatch(/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/);
    expect(text("Author").length).toBeLessThanOrEqual(127);
  });

  it("publishes the version and licence package.json declares", () => {
    expect(text("SemanticVersion")).toBe(packageJson.version);
    expect(text("SemanticVersion")).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(text("SpdxLicenseId")).toBe(packageJson.license);
  });

  it("points at a licence and a readme that exist (sam package uploads them)", () => {
    for (const key of ["LicenseUrl", "ReadmeUrl"]) expect(existsSync(join(ROOT, text(key))), key).toBe(true);
    expect(readFileSync(join(ROOT, text("LicenseUrl")), "utf8")).toMatch(/^MIT License/);
  });

  it("has at most 10 labels, each of SAR's characters", () => {
    const labels = metadata.Labels as string[];
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThanOrEqual(10);
    for (const label of labels) expect(label).toMatch(/^[a-zA-Z0-9+\-_:/@]{1,127}$/);
  });

  it("links its home page and source code over https, when it names them (optional: there is no public repository yet)", () => {
    for (const key of ["HomePageUrl", "SourceCodeUrl"])
      if (Object.hasOwn(metadata, key)) expect(new URL(text(key)).protocol, key).toBe("https:");
  });

  it("has no key SAR does not know", () => {
    const known = [
      "Name",
      "Description",
      "Author",
      "SpdxLicenseId",
      "LicenseUrl",
      "ReadmeUrl",
      "Labels",
      "HomePageUrl",
      "SemanticVersion",
      "SourceCodeUrl",
    ];
    expect(Object.keys(metadata).filter((key) => !known.includes(key))).toEqual([]);
  });
});
