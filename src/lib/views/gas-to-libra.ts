import type { FigureKind, TimelinePoint } from "../figures/gas-to-libra-timeline.ts";
import { formatCoins } from "../money.ts";
import { type RebaseDerivation, type RebasePair, rebaseRange, sharedFactorDigits } from "../state/rebase.ts";

/**
 * Words and figures for the GAS → LIBRA timeline and the legacy page's LIBRA equivalents. Pure. A LIBRA equivalent
 * is derived, never a figure of record: the GAS amount stays the exact figure, the equivalent is shown beside it,
 * rounded as `EQUIVALENT_ROUNDING` says (the methodology page prints the same sentence).
 */

/** One hundredth of a LIBRA in base units: equivalents are shown rounded down to it. */
const CENT = 10_000n;

export const EQUIVALENT_ROUNDING =
  "A LIBRA equivalent is the GAS amount times the smallest rebase factor the evidence allows, rounded down to the base unit as the rebase itself did, then shown rounded down to 0.01 LIBRA. Any factor the evidence allows gives the same figure to within the range printed with it; the GAS amount stays the exact figure of record.";

/** The factor as far as the evidence fixes it, e.g. `35.3000456947…`; null when it does not determine one. */
export function factorText(derivation: RebaseDerivation): string | null {
  if (derivation.status !== "determined") return null;
  return `${sharedFactorDigits(derivation.lower, derivation.upper)}…`;
}

export interface LibraEquivalent {
  /** LIBRA base units under the smallest and the largest factor the evidence allows. */
  low: bigint;
  high: bigint;
  /** `low` rounded down to 0.01 LIBRA, as people read it: `649,123,043.71`. */
  text: string;
}

/** The derived LIBRA equivalent of `units` GAS base units; null when the evidence determines no factor. */
export function libraEquivalent(units: bigint, derivation: RebaseDerivation): LibraEquivalent | null {
  if (derivation.status !== "determined") return null;
  const { low, high } = rebaseRange(units, derivation.lower, derivation.upper);
  return { low, high, text: formatCoins((low / CENT) * CENT) };
}

/** The exact range behind an equivalent, for its title: `649,123,043.712897 to 649,123,043.713509 LIBRA`. */
export function equivalentRangeText(equivalent: LibraEquivalent): string {
  return equivalent.low === equivalent.high
    ? `exactly ${formatCoins(equivalent.low)} LIBRA`
    : `between ${formatCoins(equivalent.low)} and ${formatCoins(equivalent.high)} LIBRA`;
}

/** The heading each kind of point gets. */
export const POINT_HEADINGS: Record<TimelinePoint["kind"], string> = {
  created: "Wallet account created (v5 chain, coin GAS)",
  "community-wallet-flag": "Flagged as a community wallet",
  "v5-export": "State export (v5, GAS)",
  rebase: "The rebase: GAS becomes LIBRA",
  "v6-export": "State export (v6, LIBRA)",
  "current-snapshot": "Today's snapshot (LIBRA)",
};

/** What kind of figures a point carries, in plain words. */
export const FIGURE_KIND_LABELS: Record<FigureKind, string> = {
  real: "real figures",
  simulated: "simulated figures, not the chain's",
};

/**
 * Where the evidence sits, one clause per payer: `2057bcfb… is record 1140 of report-….json and record 8 of
 * comm_wallets-….json` (the payer's account in each file; its receipts list every destination).
 */
export function evidenceRecords(pairs: readonly RebasePair[]): string {
  const clauses = new Map<string, string>();
  for (const pair of pairs) {
    const short = pair.payer.replace(/^0x0{32}/, "").slice(0, 8);
    clauses.set(
      `${pair.payer} ${pair.gas.source.export}`,
      `${short}… is record ${pair.gas.source.record} of ${pair.gas.source.file} and record ${pair.libra.source.record} of ${pair.libra.source.file}`,
    );
  }
  return [...clauses.values()].join("; ");
}
