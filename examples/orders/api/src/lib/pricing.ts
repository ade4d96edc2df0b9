/** Order pricing, shared by the quote and create-order handlers (esbuild bundles it into each). */
import { InvalidRequest } from "./http";

export interface Line {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface Priced {
  lines: Line[];
  subtotal: number;
  tax: number;
  total: number;
}

const TAX_RATE = 0.2;
const toCents = (amount: number) => Math.round(amount * 100);

function line(value: unknown, index: number): Line {
  const { sku, quantity, unitPrice } = (value ?? {}) as Partial<Line>;
  if (typeof sku !== "string" || !sku) throw new InvalidRequest(`lines[${index}].sku must be a non-empty string`);
  if (!Number.isInteger(quantity) || (quantity as number) < 1) throw new InvalidRequest(`lines[${index}].quantity must be a whole number >= 1`);
  if (typeof unitPrice !== "number" || unitPrice < 0) throw new InvalidRequest(`lines[${index}].unitPrice must be a number >= 0`);
  return { sku, quantity: quantity as number, unitPrice };
}

export function parseLines(order: unknown): Line[] {
  const lines = (order as { lines?: unknown }).lines;
  if (!Array.isArray(lines) || lines.length === 0) throw new InvalidRequest("lines must be a non-empty list");
  return lines.map(line);
}

/** Totals in whole cents, so 0.1 + 0.2 stays 0.30. */
export function price(lines: Line[]): Priced {
  const subtotal = lines.reduce((sum, item) => sum + toCents(item.unitPrice) * item.quantity, 0);
  const tax = Math.round(subtotal * TAX_RATE);
  return { lines, subtotal: subtotal / 100, tax: tax / 100, total: (subtotal + tax) / 100 };
}
