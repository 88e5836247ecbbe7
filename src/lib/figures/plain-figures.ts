import { COIN_SCALE, formatCoins } from "../money.ts";
import { type CapCheck, feeAllowanceFor } from "./fees.ts";

/**
 * Figures for people, not auditors: headline cards and prose may round a coin amount to two decimals and a share to
 * a hundredth of a percent. The rules are written on the methodology page (#rounding) and here, and the exact value
 * is always one tap away (the figure links to its rows). Tables, downloads and the books line never use these.
 *
 * - Coins: rounded to the nearest hundredth of a coin (10,000 base units), halves up; ".00" is dropped, so a whole
 *   number of coins reads "14,550".
 * - Shares: rounded to the nearest hundredth of a percent, halves up, except that a share above a cap is never shown
 *   at or below that cap: it is rounded up instead (4.001 % over a 4 % cap reads "4.01 %", never "4.00 %").
 */

const HUNDREDTH_OF_A_COIN = COIN_SCALE / 100n;

/** Result of rounding for display: the text, and whether it differs from the exact value. */
export interface RoundedText {
  text: string;
  exact: boolean;
}

/** Base units rounded to two decimals for prose: `14_550_000_000n` -> "14,550", `1_234_565_000n` -> "1,234.57". */
export function formatCoinsRounded(units: bigint): RoundedText {
  if (units < 0n) throw new RangeError(`amount cannot be negative here: ${units}`);
  const hundredths = (units + HUNDREDTH_OF_A_COIN / 2n) / HUNDREDTH_OF_A_COIN;
  const rounded = hundredths * HUNDREDTH_OF_A_COIN;
  const text = rounded % COIN_SCALE === 0n ? formatCoins(rounded, { minFractionDigits: 0 }) : formatCoins(rounded);
  return { text, exact: rounded === units };
}

/** Hundredths of a percent of `part / whole`, halves up; null when `whole` is 0. */
function roundedHundredthsOfPercent(part: bigint, whole: bigint): bigint | null {
  if (whole === 0n) return null;
  // part / whole × 10,000 hundredths, rounded half up: floor((2 × part × 10,000 + whole) / (2 × whole)).
  return (2n * part * 10_000n + whole) / (2n * whole);
}

function formatHundredths(hundredths: bigint): string {
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")} %`;
}

/**
 * `part` as a share of `whole` for people: "3.34 %". With `capBps`, a share above the cap is rounded up, never down
 * to the cap. Null when `whole` is 0 (no share can be stated).
 */
export function formatShare(part: bigint, whole: bigint, capBps?: bigint): string | null {
  const hundredths = shareHundredths(part, whole, capBps);
  return hundredths === null ? null : formatHundredths(hundredths);
}

/** The share `formatShare` prints, as hundredths of a percent (`334n` for "3.34 %"); null when `whole` is 0. */
export function shareHundredths(part: bigint, whole: bigint, capBps?: bigint): bigint | null {
  const rounded = roundedHundredthsOfPercent(part, whole);
  if (rounded === null) return null;
  if (capBps !== undefined && part * 10_000n > whole * capBps && rounded <= capBps) {
    // Ceiling: the smallest hundredth strictly representing "over".
    const ceiling = (part * 10_000n + whole - 1n) / whole;
    return ceiling > capBps ? ceiling : capBps + 1n;
  }
  return rounded;
}

/** A cap in basis points as people say it: 400 -> "4 %", 350 -> "3.5 %", 425 -> "4.25 %". */
export function formatCapPercent(capBps: bigint): string {
  const whole = capBps / 100n;
  const rest = capBps % 100n;
  if (rest === 0n) return `${whole} %`;
  return `${whole}.${rest.toString().padStart(2, "0").replace(/0$/, "")} %`;
}

/** An excess too small to survive rounding is shown exactly: a breach never reads "over by 0". */
function formatExcess(units: bigint): string {
  const rounded = formatCoinsRounded(units);
  return rounded.text === "0" ? formatCoins(units) : rounded.text;
}

/** What a fee verdict sentence is about: fees charged against awards over some period. */
export interface FeeVerdictInput {
  fees: bigint;
  awards: bigint;
  capBps: bigint;
}

/** The verdict in one plain sentence plus its parts, for pages that lay them out themselves. */
export interface FeeVerdict {
  withinCap: boolean;
  /** e.g. "Fees so far: 14,550 LIBRA, 3.34 % of the 435,150 LIBRA awarded, within the 4 % cap." */
  sentence: string;
  /** Rounded fee, awards and share as used in the sentence (exact values are the inputs). */
  fees: RoundedText;
  awards: RoundedText;
  share: string | null;
  cap: string;
  /** The most the fee may be: floor(awards × cap / 10,000), exact base units. */
  allowance: bigint;
}

/**
 * The fee rule's verdict in words. `lead` names the period ("Fees so far", "Fees this quarter"). The verdict itself
 * is decided exactly (fee × 10,000 ≤ awards × cap, the same test as `capCheck`), never from the rounded share.
 */
export function feeVerdict(input: FeeVerdictInput, symbol: string, lead = "Fees so far"): FeeVerdict {
  const { fees, awards, capBps } = input;
  const withinCap = fees * 10_000n <= awards * capBps;
  const cap = formatCapPercent(capBps);
  const feesText = formatCoinsRounded(fees);
  const awardsText = formatCoinsRounded(awards);
  const share = formatShare(fees, awards, capBps);
  const allowance = feeAllowanceFor(awards, capBps);
  let sentence: string;
  if (awards === 0n && fees === 0n) {
    sentence = `${lead}: none, and nothing has been awarded yet, so the ${cap} cap holds.`;
  } else if (awards === 0n) {
    sentence = `${lead}: ${feesText.text} ${symbol} with nothing awarded yet, over the ${cap} cap.`;
  } else {
    const verdict = withinCap
      ? `within the ${cap} cap`
      : `over the ${cap} cap by ${formatExcess(fees - allowance)} ${symbol}`;
    sentence = `${lead}: ${feesText.text} ${symbol}, ${share} of the ${awardsText.text} ${symbol} awarded, ${verdict}.`;
  }
  return { withinCap, sentence, fees: feesText, awards: awardsText, share, cap, allowance };
}

/** Same verdict from a `CapCheck`-bearing summary (a quarter's or the lifetime's). */
export function feeVerdictOf(
  summary: CapCheck & { fees: bigint; awards: bigint },
  capBps: bigint,
  symbol: string,
  lead?: string,
): FeeVerdict {
  return feeVerdict({ fees: summary.fees, awards: summary.awards, capBps }, symbol, lead);
}
