/**
 * What a source puts in `detail`: a user pattern may only match fields the source emits. Each
 * source's grammar is in its module (src/expander/sources/<kind>.ts).
 */
import { isLiteralRecord } from "../intrinsics.js";
import type { DetailShape, Source } from "../sources/source.js";
import { childPath } from "./path.js";
import { didYouMean } from "./suggest.js";

const NO_VALUES: ReadonlyMap<string, readonly string[]> = new Map();

function checkShape(detail: unknown, shape: DetailShape, path: string, values: ReadonlyMap<string, readonly string[]>): string[] {
  if (!isLiteralRecord(detail)) return [];
  return Object.entries(detail).flatMap(([field, value]) => {
    const fieldPath = childPath(path, field);
    if (field === "$or")
      return Array.isArray(value) ? value.flatMap((alt, i) => checkShape(alt, shape, childPath(fieldPath, i), values)) : [];
    if (!Object.hasOwn(shape, field))
      return [`${fieldPath}: this source's events have no field '${field}'${didYouMean(field, Object.keys(shape))}`];
    const inner = shape[field];
    if (inner && isLiteralRecord(value)) return checkShape(value, inner, fieldPath, values);
    const allowed = values.get(field);
    if (!allowed || !Array.isArray(value)) return [];
    return value.flatMap((item, i) =>
      typeof item === "string" && !allowed.includes(item)
        ? [`${childPath(fieldPath, i)}: '${item}' never occurs here (one of: ${allowed.join(", ")})`]
        : [],
    );
  });
}

/** Problems with the `detail` of a pattern for events from `source`. */
export function checkSourceDetail(source: Source, detail: unknown, detailPath: string): string[] {
  return source.detail ? checkShape(detail, source.detail, detailPath, source.detailValues ?? NO_VALUES) : [];
}
