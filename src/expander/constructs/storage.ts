/**
 * The app's buckets and tables (docs/dsl.md, "Storage"; docs/security.md): private, encrypted, retained by
 * default. The app bucket and table (`bucket`, `table`) and the named ones (`buckets`, `tables`) are built by
 * the same code, from the context's `buckets` and `tables` (argument `""`: the app's own).
 */
import { DEFAULTS } from "../../generated/defaults.js";
import type { TableKey, TableSpec } from "../../generated/dsl.js";
import type { KeyAttribute } from "../aws/dynamodb.js";
import { table } from "../aws/dynamodb.js";
import { bucketPolicy, privateBucket } from "../aws/s3.js";
import { ref } from "../intrinsics.js";
import { bucketIds, tableIds } from "../names.js";
import type { Resource } from "../types.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

/** `DeletionPolicy`/`UpdateReplacePolicy` Retain, as the CDK does for stateful resources. */
export function retained(resource: Resource, retain: boolean): Resource {
  return retain ? { ...resource, DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } : resource;
}

/** Bucket names whose IDs another construct generates: `buckets.website` would be `AppWebsiteBucket`, the website's. */
const RESERVED_BUCKET_NAMES = new Map([["website", "`website`"]]);

const describe = (name: string, kind: string) => (name ? `the '${name}' ${kind}` : `the app ${kind}`);

export const buckets: Construct = {
  name: "buckets",
  check(ctx) {
    return [...ctx.buckets].flatMap(([name, { path }]) => {
      const owner = RESERVED_BUCKET_NAMES.get(name);
      if (!owner) return [];
      const ids = bucketIds(name);
      return [`${path}: bucket name '${name}' is reserved: ${owner} generates ${ids.bucket} and ${ids.policy}; choose another name`];
    });
  },
  build(ctx, graph) {
    for (const [name, { spec, path }] of ctx.buckets) {
      const ids = bucketIds(name);
      const out = graph.writer(path);
      const bucket = privateBucket({ eventBridge: true, cors: spec.cors, expireAfterDays: spec.expireAfterDays });
      out.resource(ids.bucket, retained(bucket, ctx.retain(spec.retain)));
      out.resource(ids.policy, bucketPolicy(ids.bucket));
      out.output(ids.bucket, ref(ids.bucket), `Name of ${describe(name, "bucket")}`);
    }
  },
};

const DEFAULT_KEYS: readonly TableKey[] = DEFAULTS.table.keys;
const keyAttribute = (key: TableKey): KeyAttribute =>
  typeof key === "string" ? { name: key, type: "S" } : { name: key.name, type: key.type ?? DEFAULTS.tableKey.type };

/** A table's key attributes, partition key first (also what `pareto sample` writes in stream records). */
export const tableKeys = (spec: TableSpec): KeyAttribute[] => (spec.keys ?? DEFAULT_KEYS).map(keyAttribute);

function checkTable(spec: TableSpec, tablePath: string): string[] {
  // DynamoDB needs one type per attribute name across the table and its indexes.
  const types = new Map<string, string>();
  const errors: string[] = [];
  const visit = (keys: readonly TableKey[], path: string) =>
    keys.map(keyAttribute).forEach((key, i) => {
      // A key schema names two different attributes (DynamoDB refuses the same one as both keys).
      if (i > 0 && keyAttribute(keys[0]).name === key.name)
        errors.push(`${childPath(path, i)}: '${key.name}' is already the partition key; the sort key must be another attribute`);
      const known = types.get(key.name);
      if (known !== undefined && known !== key.type)
        errors.push(`${childPath(path, i)}: attribute '${key.name}' is type ${key.type} here but ${known} elsewhere`);
      types.set(key.name, key.type);
    });
  visit(spec.keys ?? DEFAULT_KEYS, childPath(tablePath, "keys"));
  const seen = new Set<string>();
  (spec.indexes ?? []).forEach((index, i) => {
    const indexPath = childPath(childPath(tablePath, "indexes"), i);
    if (seen.has(index.name)) errors.push(`${childPath(indexPath, "name")}: index '${index.name}' is declared twice`);
    seen.add(index.name);
    visit(index.keys ?? [index.name], childPath(indexPath, "keys"));
  });
  // DynamoDB's TTL reads a Number (seconds since the epoch) and ignores items whose attribute is not one.
  const ttlType = spec.ttl === undefined ? undefined : types.get(spec.ttl);
  if (ttlType !== undefined && ttlType !== "N")
    errors.push(
      `${childPath(tablePath, "ttl")}: '${spec.ttl}' is a key attribute of type ${ttlType}; time to live needs a Number attribute (seconds since the epoch)`,
    );
  return errors;
}

export const tables: Construct = {
  name: "tables",
  check(ctx) {
    return [...ctx.tables.values()].flatMap(({ spec, path }) => checkTable(spec, path));
  },
  build(ctx, graph) {
    for (const [name, { spec, path }] of ctx.tables) {
      const out = graph.writer(path);
      const id = tableIds(name).table;
      const resource = table({
        keys: tableKeys(spec),
        indexes: (spec.indexes ?? []).map((index) => ({ name: index.name, keys: (index.keys ?? [index.name]).map(keyAttribute) })),
        capacity: spec.capacity,
        stream: spec.stream !== undefined,
        ttl: spec.ttl,
      });
      out.resource(id, retained(resource, ctx.retain(spec.retain)));
      out.output(id, ref(id), `Name of ${describe(name, "table")}`);
    }
  },
};
