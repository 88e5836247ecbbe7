import type { LegacyEvent } from "../../schemas/legacy.ts";
import { formatCoins } from "../money.ts";

/**
 * Words and formatting for the legacy page: what each kind of v5 event is called, and GAS amounts as people read
 * them. Pure; the figures themselves come from `legacy-figures.ts`.
 */

/** The heading a v5 event gets on the timeline. */
export const LEGACY_EVENT_LABELS: Record<LegacyEvent["kind"], string> = {
  created: "Wallet account created",
  "community-wallet-flag": "Flagged as a community wallet",
  "community-transfer": "Community wallet payment",
  other: "Other transaction",
};

/** GAS base units as GAS, exactly: `1000000n` -> `"1.00"`. */
export function formatGas(units: bigint): string {
  return formatCoins(units);
}

/** A signed change in GAS: `+1.00`, `−2.50`, `0.00`. */
export function formatGasChange(units: bigint): string {
  return units > 0n ? `+${formatCoins(units)}` : formatCoins(units);
}

/** The largest of `values` (0 for none). */
export function maxOf(values: readonly bigint[]): bigint {
  let max = 0n;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** A bar length for the growth figure: `value / max` in thousandths, rounded down (0 when max is 0). */
export function perMille(value: bigint, max: bigint): bigint {
  if (max <= 0n || value <= 0n) return 0n;
  return (value * 1000n) / max;
}
