/**
 * Exact money handling. On-chain amounts are u64 base units; 1 LIBRA = 1,000,000 units (6 decimals).
 * Everything here is bigint: a float cannot represent u64 amounts exactly, and auditors compare to the unit.
 */

/** Base units per coin (the chain's `COIN_DECIMAL_PLACES` = 6). */
export const COIN_SCALE = 1_000_000n;
export const COIN_DECIMALS = 6;
export const U64_MAX = (1n << 64n) - 1n;

const U64_PATTERN = /^(0|[1-9][0-9]{0,19})$/;

/** True when `text` is a canonical decimal u64 (no sign, no leading zeros, no spaces, ≤ 2^64 − 1). */
export function isU64String(text: string): boolean {
  return U64_PATTERN.test(text) && isWithinU64(text);
}

/** For a text already known to be canonical decimal digits (1–20 of them): true when it is at most 2^64 − 1. */
export function isWithinU64(digits: string): boolean {
  // Up to 19 digits is always below 2^64 − 1 (20 digits): only a 20-digit text is made a bigint to compare.
  return digits.length < 20 || BigInt(digits) <= U64_MAX;
}

/**
 * Parses a canonical decimal u64 string (as the node and our snapshots write them) into bigint.
 * Throws on anything else, including "1e6", "0x10", " 1", "01" and values above 2^64 − 1.
 */
export function parseU64(text: string): bigint {
  if (!isU64String(text)) {
    throw new RangeError(`not a u64 decimal string: ${JSON.stringify(text)}`);
  }
  return BigInt(text);
}

/** Formats a u64 as the canonical decimal string used in JSON files. */
export function formatU64(value: bigint): string {
  if (value < 0n || value > U64_MAX) {
    throw new RangeError(`value out of u64 range: ${value}`);
  }
  return value.toString(10);
}

function groupThousands(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

export interface CoinFormatOptions {
  /**
   * Fraction digits always shown (0–6). Trailing zeros beyond this are trimmed, but a non-zero digit never is:
   * the figure stays exact, it only drops zeros that carry no information.
   */
  minFractionDigits?: number;
}

/**
 * Formats base units as coins, exactly: `1234567890n` -> `"1,234.56789"`, `5_000_000n` -> `"5.00"`.
 * Negative values use the minus sign U+2212, as typeset figures do.
 */
export function formatCoins(units: bigint, options: CoinFormatOptions = {}): string {
  const minFraction = options.minFractionDigits ?? 2;
  if (!Number.isInteger(minFraction) || minFraction < 0 || minFraction > COIN_DECIMALS) {
    throw new RangeError(`minFractionDigits must be 0–${COIN_DECIMALS}`);
  }
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / COIN_SCALE;
  let fraction = (magnitude % COIN_SCALE).toString().padStart(COIN_DECIMALS, "0");
  while (fraction.length > minFraction && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const body = groupThousands(whole.toString()) + (fraction.length > 0 ? `.${fraction}` : "");
  return negative ? `\u2212${body}` : body;
}

/** `formatCoins` plus the coin symbol, e.g. `"1,234.56789 LIBRA"`. */
export function formatCoinAmount(units: bigint, symbol = "LIBRA", options: CoinFormatOptions = {}): string {
  return `${formatCoins(units, options)} ${symbol}`;
}

/** Formats a whole number (counts, versions, epochs) with thousands separators, without locale data. */
export function formatInteger(value: bigint): string {
  const negative = value < 0n;
  const body = groupThousands((negative ? -value : value).toString());
  return negative ? `\u2212${body}` : body;
}
