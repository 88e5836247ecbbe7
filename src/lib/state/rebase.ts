import { compareText } from "../compare.ts";

/**
 * The v5 → v6 rebase factor, derived from evidence in the state exports, never assumed.
 *
 * The v6 genesis (libra-framework's `tools/genesis`) rescaled every legacy amount with one factor f and cut the
 * fraction off: `libra = floor(gas × f)` (there f is a float, `target supply / v5 supply`, which no file here holds).
 * A payment receipt that no later payment touched was carried over that way: the same payer → destination with the
 * same last payment time holds `gas` in a v5 export and `floor(gas × f)` in the v6 export. Each such amount pins f to
 * `[libra / gas, (libra + 1) / gas)`; every pair must agree, and the factor is known as the intersection of those
 * intervals, exactly, as ratios of bigints. Nothing here is floating point.
 */

/** An exact non-negative ratio of two bigints (denominator > 0). */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

/** One payment receipt as a state export records it, with where it was read. */
export interface ReceiptObservation {
  payer: string;
  destination: string;
  cumulative: bigint;
  lastPaymentValue: bigint;
  lastPaymentTimestampSecs: bigint;
  /** The export (`v5-epoch-68`), its file and the payer's record (0-based position in the file). */
  source: { export: string; file: string; record: number };
}

/** One amount of a pair: the v5 figure (GAS base units) and the v6 figure (LIBRA base units). */
export interface RebasedAmount {
  field: "cumulative" | "lastPaymentValue";
  gas: bigint;
  libra: bigint;
}

/** A receipt found in both eras with the same last payment time, and the factor interval its amounts allow. */
export interface RebasePair {
  payer: string;
  destination: string;
  lastPaymentTimestampSecs: bigint;
  gas: ReceiptObservation;
  libra: ReceiptObservation;
  amounts: RebasedAmount[];
  /** The factors this pair allows: `lower ≤ f < upper` (upper null when no amount bounds f, e.g. all zero). */
  lower: Ratio;
  upper: Ratio | null;
}

export type RebaseDerivation =
  | {
      status: "determined";
      /** Every factor in `[lower, upper)` explains every pair; no other does. */
      lower: Ratio;
      upper: Ratio;
      pairs: RebasePair[];
      /** Same payer → destination in both eras, but paid again after the v5 export: not evidence. */
      paidAgain: number;
    }
  | { status: "no-evidence"; pairs: RebasePair[]; paidAgain: number }
  | {
      status: "disagreement";
      pairs: RebasePair[];
      paidAgain: number;
      /** Two pairs no single factor explains: the one with the highest lower bound, the one with the lowest upper. */
      conflict: { high: RebasePair; low: RebasePair };
    };

const ZERO: Ratio = { numerator: 0n, denominator: 1n };

/** a < b, exactly. */
export function ratioLess(a: Ratio, b: Ratio): boolean {
  return a.numerator * b.denominator < b.numerator * a.denominator;
}

/** The ratio in lowest terms. */
export function reduceRatio(ratio: Ratio): Ratio {
  let a = ratio.numerator < 0n ? -ratio.numerator : ratio.numerator;
  let b = ratio.denominator;
  while (b !== 0n) [a, b] = [b, a % b];
  const gcd = a === 0n ? 1n : a;
  return { numerator: ratio.numerator / gcd, denominator: ratio.denominator / gcd };
}

/** The factors one amount allows: `floor(gas × f) = libra` ⇔ `libra/gas ≤ f < (libra+1)/gas`; null when gas is 0. */
function amountInterval(amount: RebasedAmount): { lower: Ratio; upper: Ratio } | null {
  if (amount.gas === 0n) return null;
  return {
    lower: reduceRatio({ numerator: amount.libra, denominator: amount.gas }),
    upper: reduceRatio({ numerator: amount.libra + 1n, denominator: amount.gas }),
  };
}

const pairKey = (payer: string, destination: string) => `${payer} ${destination}`;

/**
 * The pairs (same payer → destination in `gas` and `libra`, same last payment time), the factor interval they
 * determine, or the conflict that shows they do not. `gas`: receipts from v5 exports; `libra`: from the v6 export.
 */
export function deriveRebaseFactor(
  gas: readonly ReceiptObservation[],
  libra: readonly ReceiptObservation[],
): RebaseDerivation {
  const libraByKey = new Map<string, ReceiptObservation>();
  for (const item of libra) libraByKey.set(pairKey(item.payer, item.destination), item);
  const pairs: RebasePair[] = [];
  let paidAgain = 0;
  // A receipt can appear in several v5 exports; each is a separate observation of the same carried-over amount.
  for (const before of gas) {
    const after = libraByKey.get(pairKey(before.payer, before.destination));
    if (after === undefined) continue;
    if (after.lastPaymentTimestampSecs !== before.lastPaymentTimestampSecs) {
      paidAgain++;
      continue;
    }
    const amounts: RebasedAmount[] = [
      { field: "cumulative", gas: before.cumulative, libra: after.cumulative },
      { field: "lastPaymentValue", gas: before.lastPaymentValue, libra: after.lastPaymentValue },
    ];
    let lower = ZERO;
    let upper: Ratio | null = null;
    for (const amount of amounts) {
      const interval = amountInterval(amount);
      if (interval === null) {
        // floor(0 × f) is 0 for every f: a non-zero LIBRA amount from zero GAS contradicts the rule outright.
        if (amount.libra !== 0n) upper = ZERO;
        continue;
      }
      if (ratioLess(lower, interval.lower)) lower = interval.lower;
      if (upper === null || ratioLess(interval.upper, upper)) upper = interval.upper;
    }
    pairs.push({
      payer: before.payer,
      destination: before.destination,
      lastPaymentTimestampSecs: before.lastPaymentTimestampSecs,
      gas: before,
      libra: after,
      amounts,
      lower,
      upper,
    });
  }
  pairs.sort(
    (a, b) =>
      compareText(a.payer, b.payer) ||
      compareText(a.destination, b.destination) ||
      compareText(a.gas.source.export, b.gas.source.export),
  );
  const bounded = pairs.filter((pair) => pair.upper !== null);
  if (bounded.length === 0) return { status: "no-evidence", pairs, paidAgain };
  let high = bounded[0] as RebasePair;
  let low = bounded[0] as RebasePair;
  for (const pair of bounded) {
    if (ratioLess(high.lower, pair.lower)) high = pair;
    if (ratioLess(pair.upper as Ratio, low.upper as Ratio)) low = pair;
  }
  const lower = high.lower;
  const upper = low.upper as Ratio;
  if (!ratioLess(lower, upper)) return { status: "disagreement", pairs, paidAgain, conflict: { high, low } };
  return { status: "determined", lower, upper, pairs, paidAgain };
}

/**
 * What `units` GAS base units became in LIBRA base units under any factor the evidence allows: `low` under the
 * smallest (`floor(units × lower)`), `high` under the largest (the greatest `floor(units × f)` with `f < upper`).
 * They are equal when the evidence pins the amount to the base unit.
 */
export function rebaseRange(units: bigint, lower: Ratio, upper: Ratio): { low: bigint; high: bigint } {
  if (units < 0n) throw new RangeError("a GAS amount is never negative");
  const low = (units * lower.numerator) / lower.denominator;
  // The largest integer strictly below units × upper: ceil(units × upper) − 1.
  const product = units * upper.numerator;
  const ceiling = (product + upper.denominator - 1n) / upper.denominator;
  const high = ceiling - 1n < low ? low : ceiling - 1n;
  return { low, high };
}

/** A ratio as a decimal with `digits` fraction digits, rounded down: `{353000456947, 10^10}`, 4 → `"35.3000"`. */
export function formatRatioDown(ratio: Ratio, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError("digits must be a whole number ≥ 0");
  const scale = 10n ** BigInt(digits);
  const scaled = (ratio.numerator * scale) / ratio.denominator;
  const whole = scaled / scale;
  if (digits === 0) return whole.toString();
  return `${whole}.${(scaled % scale).toString().padStart(digits, "0")}`;
}

/**
 * The decimal digits every factor in `[lower, upper)` shares, e.g. `35.3000456947` for
 * `[35.3000456947, 35.30004569473334)`: what the evidence says of the factor without rounding anything up.
 */
export function sharedFactorDigits(lower: Ratio, upper: Ratio, maxDigits = 18): string {
  let shared = formatRatioDown(lower, 0);
  for (let digits = 1; digits <= maxDigits; digits++) {
    const a = formatRatioDown(lower, digits);
    // The largest factor below `upper` has the same leading digits as `upper` unless `upper` ends there exactly.
    const b = formatRatioDown(
      { numerator: upper.numerator * 10n ** 30n - 1n, denominator: upper.denominator * 10n ** 30n },
      digits,
    );
    if (a !== b) break;
    shared = a;
  }
  return shared.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}
