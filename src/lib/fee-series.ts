import type { Snapshot } from "../schemas/snapshot.ts";
import { classifyDisbursement, payeeDirectory } from "./classify.ts";
import { parseU64 } from "./money.ts";
import { listQuarters, quarterOf } from "./periods.ts";

/**
 * Fees against the 4 % cap, per UTC quarter, for the overview chart and its table.
 *
 * The chain cannot tell an award from a fee, so this uses the simple interim rule the methodology page states,
 * until full per-payment classification lands:
 * - a disbursement is a ledger withdrawal of category `payout` (a scheduled transfer, paid) or `advance`;
 *   scheduled, overdue and vetoed transfers moved no coins, so they are not disbursements and never count;
 *   `other-outflow` withdrawals are neither awards nor fees;
 * - a disbursement whose payee is one of the program's steward addresses is a **fee**; any other is an **award**
 *   (a payee the chain does not name counts as an award, as the rule says "any other");
 * - the quarter's allowance is floor(awards × 400 / 10 000): 4 % of the awards, rounded down to the base unit, so
 *   "fees ≤ allowance" is exactly the design's `fee × 10000 ≤ award × 400` for whole base units.
 */

/** The cap in basis points of awards (4 %). */
export const FEE_CAP_BASIS_POINTS = 400n;
const BASIS_POINTS = 10_000n;

export interface FeeQuarter {
  /** UTC quarter, `YYYY-Qn`. */
  quarter: string;
  /** Disbursements to anyone but a steward, base units. */
  awards: bigint;
  /** Disbursements to a steward, base units. */
  fees: bigint;
  /** floor(awards × 400 / 10000), base units. */
  allowance: bigint;
  /** fees ≤ allowance. */
  withinCap: boolean;
}

export interface FeeSeries {
  /** Every quarter from the first disbursement's to the last one's (quarters without any included as zeros). */
  quarters: FeeQuarter[];
  /** The same sums over the program's life (the allowance is 4 % of lifetime awards, not a sum of floors). */
  lifetime: Omit<FeeQuarter, "quarter">;
}

/** 4 % of `awards`, rounded down to the base unit. */
export function feeAllowance(awards: bigint): bigint {
  if (awards < 0n) throw new RangeError(`awards cannot be negative: ${awards}`);
  return (awards * FEE_CAP_BASIS_POINTS) / BASIS_POINTS;
}

function tally(awards: bigint, fees: bigint): Omit<FeeQuarter, "quarter"> {
  const allowance = feeAllowance(awards);
  return { awards, fees, allowance, withinCap: fees <= allowance };
}

/**
 * Awards, fees and the allowance per quarter. `stewards` are canonical addresses (`0x` + 64 hex), as the program
 * configuration's schema normalises them. A payout that names no payee is matched to its transfer's payee.
 */
export function feeSeries(snapshot: Snapshot, stewards: readonly string[]): FeeSeries {
  // One rule for the whole site: the classifier the transfer pages also use.
  const directory = payeeDirectory({ stewards, teams: [] });
  const transferPayee = new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee]));
  const byQuarter = new Map<string, { awards: bigint; fees: bigint }>();
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (const entry of snapshot.ledger.entries) {
    if (entry.stream !== "withdraw" || (entry.category !== "payout" && entry.category !== "advance")) continue;
    const usec = parseU64(entry.timestampUsec);
    if (first === null || usec < first) first = usec;
    if (last === null || usec > last) last = usec;
    const payee = entry.counterparty ?? (entry.transferUid === null ? undefined : transferPayee.get(entry.transferUid));
    const quarter = quarterOf(usec);
    const sums = byQuarter.get(quarter) ?? { awards: 0n, fees: 0n };
    if (payee !== undefined && classifyDisbursement(payee, directory).kind === "fee")
      sums.fees += parseU64(entry.amount);
    else sums.awards += parseU64(entry.amount);
    byQuarter.set(quarter, sums);
  }
  if (first === null || last === null) return { quarters: [], lifetime: tally(0n, 0n) };
  let awards = 0n;
  let fees = 0n;
  const quarters = listQuarters(first, last).map((quarter) => {
    const sums = byQuarter.get(quarter) ?? { awards: 0n, fees: 0n };
    awards += sums.awards;
    fees += sums.fees;
    return { quarter, ...tally(sums.awards, sums.fees) };
  });
  return { quarters, lifetime: tally(awards, fees) };
}
