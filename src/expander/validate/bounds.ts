/**
 * Bounds on the input, checked before any work that grows with it (docs/dsl.md, "Limits of the input").
 * CloudFormation takes templates of at most 1 MB; their JSON form may be somewhat larger than the YAML a
 * user wrote, so Pareto refuses more than 2 MB of JSON. Nesting deeper than any template needs would
 * overflow the stack of recursive checks, and of JSON serialisation itself, so it is refused first.
 * The walk is iterative: the check itself cannot overflow.
 */
import { childPath } from "./path.js";

export const MAX_INPUT_BYTES = 2_000_000;
export const MAX_DEPTH = 64;

interface Frame {
  value: unknown;
  depth: number;
  /** The key or index under the parent, and the parent's frame: the path is built only for an error. */
  key?: string | number;
  parent?: Frame;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.parent; at = at.parent) keys.unshift(at.key as string | number);
  const [first, ...rest] = keys;
  return first === undefined ? "template" : rest.reduce<string>((path, key) => childPath(path, key), String(first));
}

const sizeOf = (value: unknown) => (typeof value === "string" ? value.length + 3 : typeof value === "object" ? 2 : 8);

/** The first bound the input passes, as an error, or undefined. */
export function boundsError(input: unknown): string | undefined {
  let bytes = sizeOf(input);
  const stack: Frame[] = [{ value: input, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop() as Frame;
    const { value, depth } = frame;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) return `${pathOf(frame)}: nested more than ${MAX_DEPTH} levels deep (no template needs that many)`;
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    const count = keys ? keys.length : (value as unknown[]).length;
    for (let i = 0; i < count; i++) {
      const key = keys ? keys[i] : i;
      const inner = (value as Record<string | number, unknown>)[key];
      bytes += sizeOf(inner) + (keys ? (key as string).length + 4 : 1);
      if (bytes > MAX_INPUT_BYTES)
        return `template: over ${MAX_INPUT_BYTES / 1_000_000} MB as JSON; CloudFormation takes templates of at most 1 MB`;
      if (inner !== null && typeof inner === "object") stack.push({ value: inner, depth: depth + 1, key, parent: frame });
    }
  }
  return undefined;
}
