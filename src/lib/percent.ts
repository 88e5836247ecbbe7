/**
 * Percentages as the chain keeps them: whole hundredths of a percent (its ×100 tallies, or basis points of a fee),
 * written exactly, without rounding.
 */

/** Formats a value in hundredths of a percent (the chain's ×100 percentages, or basis points): `1250n` -> `"12.50 %"`. */
export function formatHundredthsPercent(hundredths: bigint): string {
  const negative = hundredths < 0n;
  const magnitude = negative ? -hundredths : hundredths;
  const body = `${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, "0")} %`;
  return negative ? `\u2212${body}` : body;
}
