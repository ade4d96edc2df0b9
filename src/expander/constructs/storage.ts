/** The app bucket and the app table (docs/dsl.md, "Storage"; docs/security.md): private, encrypted, retained by default. */
import type { TableKey } from "../../generated/dsl.js";
import type { KeyAttribute } from "../aws/dynamodb.js";
import { table } from "../aws/dynamodb.js";
import { bucketPolicy, privateBucket } from "../aws/s3.js";
import { ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Resource } from "../types.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

/** `DeletionPolicy`/`UpdateReplacePolicy` Retain, as the CDK does for stateful resources. */
export function retained(resource: Resource, retain: boolean): Resource {
  return retain ? { ...resource, DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } : resource;
}

export const bucket: Construct = {
  name: "bucket",
  build(ctx, graph) {
    if (!ctx.dsl.bucket) return;
    const out = graph.writer(childPath(ctx.path, "bucket"));
    out.resource(APP.bucket, retained(privateBucket({ eventBridge: true }), ctx.retain(ctx.dsl.bucket.retain)));
    out.resource(APP.bucketPolicy, bucketPolicy(APP.bucket));
    out.output(APP.bucket, ref(APP.bucket), "Name of the app bucket");
  },
};

const DEFAULT_KEYS: TableKey[] = ["pk", "sk"];
const keyAttribute = (key: TableKey): KeyAttribute =>
  typeof key === "string" ? { name: key, type: "S" } : { name: key.name, type: key.type ?? "S" };

export const appTable: Construct = {
  name: "table",
  check(ctx) {
    const spec = ctx.dsl.table;
    if (!spec) return [];
    // DynamoDB needs one type per attribute name across the table and its indexes.
    const types = new Map<string, string>();
    const errors: string[] = [];
    const visit = (keys: TableKey[], path: string) =>
      keys.map(keyAttribute).forEach((key, i) => {
        // A key schema names two different attributes (DynamoDB refuses the same one as both keys).
        if (i > 0 && keyAttribute(keys[0]).name === key.name)
          errors.push(`${childPath(path, i)}: '${key.name}' is already the partition key; the sort key must be another attribute`);
        const known = types.get(key.name);
        if (known !== undefined && known !== key.type)
          errors.push(`${childPath(path, i)}: attribute '${key.name}' is type ${key.type} here but ${known} elsewhere`);
        types.set(key.name, key.type);
      });
    const tablePath = childPath(ctx.path, "table");
    visit(spec.keys ?? DEFAULT_KEYS, childPath(tablePath, "keys"));
    const seen = new Set<string>();
    (spec.indexes ?? []).forEach((index, i) => {
      const indexPath = childPath(childPath(tablePath, "indexes"), i);
      if (seen.has(index.name)) errors.push(`${childPath(indexPath, "name")}: index '${index.name}' is declared twice`);
      seen.add(index.name);
      visit(index.keys ?? [index.name], childPath(indexPath, "keys"));
    });
    return errors;
  },
  build(ctx, graph) {
    const spec = ctx.dsl.table;
    if (!spec) return;
    const out = graph.writer(childPath(ctx.path, "table"));
    const resource = table({
      keys: (spec.keys ?? DEFAULT_KEYS).map(keyAttribute),
      indexes: (spec.indexes ?? []).map((index) => ({ name: index.name, keys: (index.keys ?? [index.name]).map(keyAttribute) })),
      capacity: spec.capacity,
      stream: spec.stream !== undefined,
    });
    out.resource(APP.table, retained(resource, ctx.retain(spec.retain)));
    out.output(APP.table, ref(APP.table), "Name of the app table");
  },
};
