/**
 * IP addresses as EventBridge's matcher (event-ruler, `CIDR.java`) reads them: an IPv4 (4 bytes) or IPv6 (16 bytes)
 * address, an IPv4-mapped IPv6 address read as IPv4, and CIDR blocks as the range of addresses they cover (host bits
 * of the address ignored). Pure.
 */
import { addressBytes } from "../expander/validate/pattern.js";

/** The bytes of an address (4 or 16), or undefined for a text ruler does not read as an IP address. */
export const ipBytes = (text: string): number[] | undefined => addressBytes(text);

export interface CidrBlock {
  bytes: number[];
  bits: number;
}

/** A block the validator accepted (`10.0.0.0/24`); undefined for anything else. */
export function parseCidr(text: string): CidrBlock | undefined {
  const parts = text.split("/");
  if (parts.length !== 2 || !/^[+-]?\d{1,10}$/.test(parts[1])) return undefined;
  const bytes = ipBytes(parts[0]);
  const bits = Number(parts[1]);
  if (!bytes || bits < 0 || bits >= bytes.length * 8) return undefined;
  return { bytes, bits };
}

/** Whether an address lies in a block: same family, and its first `bits` bits equal the block's. */
export function inBlock(address: readonly number[], block: CidrBlock): boolean {
  if (address.length !== block.bytes.length) return false;
  for (let bit = 0; bit < block.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((address[byte] & mask) !== (block.bytes[byte] & mask)) return false;
  }
  return true;
}

/** The first address of a block, or the second when the block has more than two (a host rather than the network). */
export function addressIn(block: CidrBlock): number[] {
  const bytes = block.bytes.map((byte, i) => {
    const kept = Math.max(0, Math.min(8, block.bits - i * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
  if (block.bytes.length * 8 - block.bits > 1) bytes[bytes.length - 1] |= 1;
  return bytes;
}

/** Dotted IPv4, or IPv6 with its longest run of zero groups compressed (RFC 5952). */
export function formatIp(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(":");
  const head = groups.slice(0, best.start).join(":");
  const tail = groups.slice(best.start + best.length).join(":");
  return `${head}::${tail}`;
}

export const sameAddress = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((byte, i) => byte === b[i]);
