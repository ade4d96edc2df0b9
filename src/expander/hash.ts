/**
 * Two 32-bit FNV-1a hashes of a text (the second with another prime and seed): stable across runs and
 * machines, fast, and not a security boundary. Rule names and the placement of functions in nested
 * stacks are derived from them, so they must never change.
 */
export function fnv(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return [a >>> 0, b >>> 0];
}
