/** Writing a source binding into a user pattern, and finding user fields that collide with it. */
import { isLiteralRecord } from "../intrinsics.js";
import { childPath } from "../validate/path.js";

/** Paths (under `path`) of user fields that set a field the binding owns. */
export function ownedFieldClashes(pattern: unknown, binding: Record<string, unknown>, path: string): string[] {
  if (!isLiteralRecord(pattern)) return [];
  return Object.entries(binding).flatMap(([key, owned]) => {
    if (!(key in pattern)) return [];
    const fieldPath = childPath(path, key);
    if (isLiteralRecord(owned) && isLiteralRecord(pattern[key])) return ownedFieldClashes(pattern[key], owned, fieldPath);
    return [fieldPath];
  });
}

/** The pattern with the binding merged in (objects merged, owned leaves written). */
export function bindPattern(pattern: Record<string, unknown>, binding: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...binding, ...pattern };
  for (const [key, owned] of Object.entries(binding)) {
    const user = pattern[key];
    result[key] = isLiteralRecord(owned) && isLiteralRecord(user) ? bindPattern(user, owned) : owned;
  }
  return result;
}
