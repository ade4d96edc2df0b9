/**
 * The schema editors use (through yaml-language-server): a CloudFormation template whose
 * `Pareto::App` resources have the DSL's schema as their Properties. The DSL schema's `$defs` are
 * hoisted to the root so its `#/$defs/...` references keep working.
 */
import appSchema from "../../schemas/pareto-app.schema.json";

export const SCHEMA_URL = "https://pareto.dev/schemas/pareto-template.schema.json";

export function templateSchema(): Record<string, unknown> {
  const { $defs, $schema, $id: _id, ...app } = appSchema as Record<string, any>;
  return {
    $schema,
    $id: SCHEMA_URL,
    title: "CloudFormation template with a Pareto::App",
    type: "object",
    properties: {
      Resources: {
        type: "object",
        additionalProperties: {
          if: { type: "object", properties: { Type: { const: "Pareto::App" } }, required: ["Type"] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, not a thenable
          then: { properties: { Properties: { $ref: "#/$defs/paretoApp" } } },
        },
      },
    },
    $defs: { ...$defs, paretoApp: app },
  };
}

export { appSchema };
