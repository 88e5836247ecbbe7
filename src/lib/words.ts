import { formatInteger } from "./money.ts";

/** "1 donor", "2 donors", "1,234 donations": a count with its noun, in the site's number format. */
export function countOf(count: number | bigint, one: string, many: string): string {
  const value = BigInt(count);
  return `${formatInteger(value)} ${value === 1n ? one : many}`;
}
