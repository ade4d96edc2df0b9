/** Finding the one `Pareto::App` in a template and splitting it from what passes through. */
import { isRecord } from "./intrinsics.js";

export const APP_TYPE = "Pareto::App";

export type Located =
  | { kind: "none" }
  | { kind: "app"; id: string; properties: unknown; path: string }
  | { kind: "errors"; errors: string[] };

export function locateApp(template: unknown): Located {
  if (!isRecord(template)) return { kind: "errors", errors: ["template: must be a mapping (a CloudFormation template)"] };
  const resources = template.Resources;
  if (resources === undefined) return { kind: "none" };
  if (!isRecord(resources)) return { kind: "errors", errors: ["Resources: must be a mapping"] };
  const apps = Object.entries(resources).filter(([, resource]) => isRecord(resource) && resource.Type === APP_TYPE);
  if (apps.length === 0) return { kind: "none" };
  if (apps.length > 1)
    return {
      kind: "errors",
      errors: apps
        .slice(1)
        .map(([id]) => `Resources.${id}: a template has one ${APP_TYPE} (already declared: ${apps[0][0]}); merge their functions into one`),
    };
  const [id, resource] = apps[0] as [string, Record<string, unknown>];
  const errors = Object.keys(resource)
    .filter((key) => !["Type", "Properties", "Metadata"].includes(key))
    .map((key) => `Resources.${id}.${key}: not supported on ${APP_TYPE} (it expands into many resources)`);
  if (errors.length) return { kind: "errors", errors };
  return { kind: "app", id, properties: resource.Properties ?? {}, path: `Resources.${id}.Properties` };
}
