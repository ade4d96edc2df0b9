/**
 * The template with each packaged local `code` replaced by its S3 location. Everything else is kept
 * as parsed: the result is a copy with only `code` values changed (and added where a shared app path
 * had to be split across functions).
 */
import type { Plan } from "./plan.js";

export interface Location {
  bucket: string;
  key: string;
}

type Mapping = Record<string, unknown>;

/** The mapping under a user's key (a function name, the App's logical ID): own properties only. */
function own(record: Mapping, key: string): Mapping {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  if (typeof value !== "object" || value === null) throw new Error(`rewriteTemplate: '${key}' is not in the planned template`);
  return value as Mapping;
}

export function rewriteTemplate(template: unknown, plan: Plan, locations: ReadonlyMap<string, Location>): unknown {
  if (!plan.artifacts.length) return template;
  const copy = structuredClone(template) as { Resources: Mapping };
  const properties = own(own(copy.Resources, plan.appId), "Properties");
  const functions = own(properties, "functions");
  // A fresh object per place: shared references would come out as YAML aliases.
  const location = (id: string) => ({ ...(locations.get(id) as Location) });

  const appUsers = plan.artifacts.flatMap((artifact) =>
    artifact.functions.filter((fn) => fn.fromApp).map((fn) => ({ fn, id: artifact.id })),
  );
  const appArtifacts = new Set(appUsers.map((user) => user.id));
  if (appArtifacts.size === 1) properties.code = location(appUsers[0].id);
  else if (appArtifacts.size > 1) {
    // The app's path built into several artifacts (e.g. two runtimes): each function gets its own.
    for (const { fn, id } of appUsers) own(functions, fn.name).code = location(id);
    delete properties.code;
  }
  for (const artifact of plan.artifacts)
    for (const fn of artifact.functions.filter((f) => !f.fromApp)) own(functions, fn.name).code = location(artifact.id);
  return copy;
}
