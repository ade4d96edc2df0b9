/**
 * What each event source puts in `detail`: a user pattern may only match fields the source emits.
 * Field names come from the AWS event references (S3 EventBridge events, CodeBuild build
 * notifications) and, for Pareto's own bridges and hooks, from src/runtime.
 */
import { isIntrinsic } from "../intrinsics.js";
import { childPath } from "./path.js";
import { didYouMean } from "./suggest.js";

export type PatternSource = "bucket" | "table" | "queue" | "userpool" | "builder" | "global";

/** Known fields, nested where the source nests them; `null` = any structure below. */
type Shape = { [field: string]: Shape | null };

const S3_DETAIL: Shape = {
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
};

const CODEBUILD_DETAIL: Shape = {
  "build-status": null,
  "project-name": null,
  "build-id": null,
  "additional-information": null,
  "current-phase": null,
  "current-phase-context": null,
  version: null,
  "completed-phase": null,
  "completed-phase-status": null,
  "completed-phase-duration-seconds": null,
  "completed-phase-start": null,
  "completed-phase-end": null,
};

/** The table bridge's detail (src/runtime/table-bridge.js). */
const TABLE_DETAIL: Shape = { eventName: null, keys: null, diffKeys: null, records: null };

/** The post-confirmation hook's detail (src/runtime/custom-attributes.js). */
const USERPOOL_DETAIL: Shape = { userPoolId: null, userName: null, triggerSource: null, userAttributes: null };

const SHAPES: Record<PatternSource, Shape | null> = {
  bucket: S3_DETAIL,
  table: TABLE_DETAIL,
  builder: CODEBUILD_DETAIL,
  userpool: USERPOOL_DETAIL,
  queue: null, // a queue message body is the user's own JSON
  global: null,
};

/** Literal values a field can take, where the source documents a closed set. */
const VALUES: Partial<Record<PatternSource, Record<string, string[]>>> = {
  table: { eventName: ["INSERT", "MODIFY", "REMOVE"] },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !isIntrinsic(value);

function checkShape(detail: unknown, shape: Shape, path: string, values: Record<string, string[]>): string[] {
  if (!isObject(detail)) return [];
  return Object.entries(detail).flatMap(([field, value]) => {
    const fieldPath = childPath(path, field);
    if (field === "$or")
      return Array.isArray(value) ? value.flatMap((alt, i) => checkShape(alt, shape, childPath(fieldPath, i), values)) : [];
    if (!(field in shape)) return [`${fieldPath}: this source's events have no field '${field}'${didYouMean(field, Object.keys(shape))}`];
    const inner = shape[field];
    if (inner && isObject(value)) return checkShape(value, inner, fieldPath, values);
    const allowed = values[field];
    if (!allowed || !Array.isArray(value)) return [];
    return value.flatMap((item, i) =>
      typeof item === "string" && !allowed.includes(item)
        ? [`${childPath(fieldPath, i)}: '${item}' never occurs here (one of: ${allowed.join(", ")})`]
        : [],
    );
  });
}

/** Problems with the `detail` of a pattern for events from `source`. */
export function checkSourceDetail(source: PatternSource, detail: unknown, detailPath: string): string[] {
  const shape = SHAPES[source];
  return shape ? checkShape(detail, shape, detailPath, VALUES[source] ?? {}) : [];
}
