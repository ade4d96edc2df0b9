/**
 * `source: bucket` (the app bucket) and `source: bucket:<name>` (one of `buckets`): a bucket's S3 events,
 * delivered to the default bus by S3 itself (no bridge). The argument `""` is the app bucket (names.ts, `bucketIds`).
 */
import { getAtt, ref, sub } from "../intrinsics.js";
import { bucketIds } from "../names.js";
import { notDeclared, type Source } from "./source.js";

export const bucket: Source = {
  token: { argument: "optional" },
  missing: (ctx, name) =>
    ctx.buckets.has(name)
      ? undefined
      : name
        ? notDeclared("bucket", name, [...ctx.buckets.keys()].filter(Boolean))
        : "the app has no bucket (add `bucket: {}`)",
  binding: (name) => ({ source: ["aws.s3"], detail: { bucket: { name: [ref(bucketIds(name).bucket)] } } }),
  // Amazon S3 events delivered to EventBridge (S3 user guide, "EventBridge event message structure").
  detail: {
    version: null,
    bucket: { name: null },
    object: { key: null, size: null, etag: null, "version-id": null, sequencer: null },
    "request-id": null,
    requester: null,
    "source-ip-address": null,
    reason: null,
    "deletion-type": null,
    "restore-expiry-time": null,
    "source-storage-class": null,
    "destination-storage-class": null,
    "destination-access-tier": null,
  },
  reach: {
    actions: "s3",
    instances: (ctx) => [...ctx.buckets.keys()],
    arns: (name) => [getAtt(bucketIds(name).bucket, "Arn"), sub(`\${${bucketIds(name).bucket}.Arn}/*`)],
  },
  environment: (ctx) => [...ctx.buckets.keys()].map((name) => [bucketIds(name).envName, ref(bucketIds(name).bucket)]),
  node: (name) => ({ shape: "store", text: name ? `bucket ${name}` : "app bucket" }),
};
