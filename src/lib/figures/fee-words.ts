import { formatIsoForPeople } from "../format-time.ts";
import type { AwardFee, FeeUse } from "./fees.ts";
import { type FeeVerdict, feeVerdict, formatCapPercent, formatCoinsRounded } from "./plain-figures.ts";

/**
 * The fee block of a transfer page in plain words: one sentence that says what the fee is and whether it is within
 * the cap, before the exact arithmetic ("How this is checked"). Amounts in these sentences are rounded for reading
 * (`formatCoinsRounded`, the rule on the methodology page); the exact figures are in the block under them.
 */

export const AWARD_FEE_LEAD = "This award's fee";

/** When a payment that is not paid yet falls due, as the page says it. */
export interface DueDate {
  iso: string;
  estimated: boolean;
  epoch: string;
}

const dueWords = (due: DueDate) =>
  `${due.estimated ? "due about" : "due"} ${formatIsoForPeople(due.iso)} (end of epoch ${due.epoch})`;

const coins = (units: bigint, symbol: string) => `${formatCoinsRounded(units).text} ${symbol}`;

export interface AwardFeeWords {
  /** The lead sentence. */
  sentence: string;
  /** The verdict it was made from, for a paid award (null for one not paid: nothing is counted yet). */
  verdict: FeeVerdict | null;
  withinCap: boolean;
}

/** The lead sentence for an award's fee block, by the award's state. */
export function awardFeeWords(award: AwardFee, capBps: bigint, symbol: string, due: DueDate): AwardFeeWords {
  const amount = coins(award.award.amount, symbol);
  const cap = formatCapPercent(capBps);
  switch (award.award.state) {
    case "paid": {
      const verdict = feeVerdict({ fees: award.charged, awards: award.award.amount, capBps }, symbol, AWARD_FEE_LEAD);
      const sentence =
        award.charged === 0n
          ? `${AWARD_FEE_LEAD}: none. No fee payment names this award or was shared with it, so it is within the ${cap} cap.`
          : verdict.sentence;
      return { sentence, verdict, withinCap: verdict.withinCap };
    }
    case "pending": {
      const pendingFee = award.pendingCharges.reduce((sum, charge) => sum + charge.amount, 0n);
      const fee = pendingFee > 0n ? `, and a fee of ${coins(pendingFee, symbol)} is scheduled for it` : "";
      return {
        sentence: `Not paid yet: ${amount} is ${dueWords(due)}${fee}; its fee will count once both are paid.`,
        verdict: null,
        withinCap: true,
      };
    }
    case "vetoed":
      return {
        sentence: `Vetoed: donors stopped this payment, so nothing was paid. The team received nothing from it, it cost the program nothing, and no fee is counted against it.`,
        verdict: null,
        withinCap: true,
      };
    default:
      return {
        sentence:
          "Paid before this snapshot's ledger begins, so its payment cannot be counted; it is shown but counts in no fee total.",
        verdict: null,
        withinCap: true,
      };
  }
}

/** How an award a fee is charged against is named: its transfer and team. */
export interface AwardName {
  /** "transfer #4", "advance (ledger withdrawal 31)". */
  text: string;
  /** The team's name or the payee's short address; null when the payment names no payee. */
  payee: string | null;
  amount: bigint;
}

/** The lead sentence for a fee payment's block: which award(s) it is charged against, in words. */
export function feePaymentWords(
  use: FeeUse,
  symbol: string,
  due: DueDate,
  nameOf: (awardId: string) => AwardName,
): string {
  const fee = coins(use.fee.amount, symbol);
  const named = (ids: readonly string[]) =>
    ids
      .map((id) => {
        const award = nameOf(id);
        return `${award.text} (${coins(award.amount, symbol)}${award.payee === null ? "" : ` to ${award.payee}`})`;
      })
      .join(ids.length === 2 ? " and " : ", ");
  const awardsWord = (count: number) => (count === 1 ? "one award:" : `${count} awards:`);
  switch (use.fee.state) {
    case "vetoed":
      return `Vetoed: donors stopped this fee payment, so nothing was paid and it counts in no fee total.`;
    case "unrecorded":
      return "This fee was paid before this snapshot's ledger begins, so it counts in no fee total.";
    case "pending":
      return use.linkedAwards.length > 0
        ? `Not paid yet: this fee of ${fee} is ${dueWords(due)}. It is for ${awardsWord(use.linkedAwards.length)} ${named(use.linkedAwards)}, and will count once both are paid.`
        : `Not paid yet: this fee of ${fee} is ${dueWords(due)}; it will count once it is paid.`;
    default: {
      const charged = [...new Set(use.charges.map((charge) => charge.awardId))];
      if (charged.length > 0) {
        return `This fee of ${fee} is charged against ${awardsWord(charged.length)} ${named(charged)}.`;
      }
      if (use.pool !== null) {
        return `This fee of ${fee} names no award, so it is shared, with the quarter's other such fees, among the awards paid in ${use.pool} that no fee names, in proportion to their amounts.`;
      }
      return `This fee of ${fee} is charged against no paid award (none could carry it); it still counts in its quarter and the lifetime totals.`;
    }
  }
}

/**
 * A worked example of the fee rule in words, from the snapshot's first paid award with a linked fee (else one with
 * an allocated share): what the team got, which fee payment is charged against it, the share and the verdict.
 * Null when no paid award carries a fee yet.
 */
export function workedFeeExample(
  awards: Iterable<AwardFee>,
  capBps: bigint,
  symbol: string,
  nameOf: (awardId: string) => AwardName,
): { awardId: string; sentence: string } | null {
  const paid = [...awards].filter((award) => award.award.state === "paid" && award.charged > 0n);
  const example = paid.find((award) => award.basis === "linked") ?? paid[0];
  if (!example) return null;
  const award = nameOf(example.award.id);
  const verdict = feeVerdict({ fees: example.charged, awards: example.award.amount, capBps }, symbol);
  const how =
    example.basis === "linked"
      ? `a fee payment to the steward names it, so ${coins(example.charged, symbol)} of fees is charged against it`
      : `no fee payment names it, so it carries its share of its quarter's unnamed fee payments, ${coins(example.charged, symbol)}`;
  const cap = formatCapPercent(capBps);
  const against = verdict.withinCap
    ? `within the ${cap} cap, which would allow up to ${coins(verdict.allowance, symbol)}`
    : `over the ${cap} cap, which allows only ${coins(verdict.allowance, symbol)}`;
  return {
    awardId: example.award.id,
    sentence: `For example, ${award.text} paid ${coins(example.award.amount, symbol)}${award.payee === null ? "" : ` to ${award.payee}`}; ${how}. That is ${verdict.share} of the award, ${against}.`,
  };
}
