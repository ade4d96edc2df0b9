/** `source: bucket`: the app bucket's S3 events, delivered to EventBridge by S3 itself (no bridge). */
import { getAtt, ref, sub } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Source } from "./source.js";

export const bucket: Source = {
  token: { argument: false },
  missing: (ctx) => (ctx.has.bucket ? undefined : "the app has no bucket (add `bucket: {}`)"),
  binding: () => ({ source: ["aws.s3"], detail: { bucket: { name: [ref(APP.bucket)] } } }),
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
    instances: (ctx) => (ctx.has.bucket ? [""] : []),
    arns: () => [getAtt(APP.bucket, "Arn"), sub(`\${${APP.bucket}.Arn}/*`)],
  },
  environment: (ctx) => (ctx.has.bucket ? [["APP_BUCKET", ref(APP.bucket)]] : []),
  node: () => ({ shape: "store", text: "app bucket" }),
};
