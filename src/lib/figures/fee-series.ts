import type { Snapshot } from "../../schemas/snapshot.ts";
import { buildFeeReport, type FeeConfig, type FeeReport } from "./fees.ts";

/**
 * Fees against the cap, per UTC quarter, for the overview chart, its table and the quarterly statement: a view of
 * `buildFeeReport` (fees.ts, where the rules are). Only paid disbursements count: a disbursement is a ledger
 * withdrawal of category `payout` or `advance`; scheduled, overdue and vetoed transfers moved no coins, and
 * `other-outflow` withdrawals are neither awards nor fees. A quarter's fees are those charged against its awards
 * (linked, or allocated pro rata within the quarter) plus its fee payments charged against no award; without
 * fee links (a bare steward list) that is simply the fees paid in the quarter.
 */

/** The cap in basis points of awards (4 %). */
export const FEE_CAP_BASIS_POINTS = 400n;

export interface FeeQuarter {
  /** UTC quarter, `YYYY-Qn`. */
  quarter: string;
  /** Paid disbursements to anyone but a steward, base units. */
  awards: bigint;
  /** Paid fees charged to this quarter's awards, plus its fee payments charged against no award, base units. */
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

/**
 * Awards, fees and the allowance per quarter, from the first paid award or fee to the last (empty quarters as
 * zeros). `program` is the program configuration (links, policy), or just its steward addresses (canonical
 * `0x` + 64 hex, as the schema normalises them), in which case no fee is linked.
 */
export function feeSeries(snapshot: Snapshot, program: readonly string[] | FeeConfig): FeeSeries {
  const config: FeeConfig = isStewardList(program) ? { stewards: program } : program;
  return feeSeriesOf(buildFeeReport(snapshot, config));
}

/** `feeSeries` from the fee report a caller already holds (the site builds one per wallet, fees.ts). */
export function feeSeriesOf(report: FeeReport): FeeSeries {
  const paidQuarters = report.disbursements
    .filter((d) => d.state === "paid" && (d.classification.kind === "award" || d.classification.kind === "fee"))
    .map((d) => d.quarter)
    .sort();
  const from = paidQuarters[0];
  const to = paidQuarters[paidQuarters.length - 1];
  const pick = (row: { awards: bigint; fees: bigint; allowance: bigint; withinCap: boolean }) => ({
    awards: row.awards,
    fees: row.fees,
    allowance: row.allowance,
    withinCap: row.withinCap,
  });
  if (from === undefined || to === undefined) return { quarters: [], lifetime: pick(report.lifetime) };
  return {
    quarters: report.quarters
      .filter((row) => row.quarter >= from && row.quarter <= to)
      .map((row) => ({ quarter: row.quarter, ...pick(row) })),
    lifetime: pick(report.lifetime),
  };
}

function isStewardList(program: readonly string[] | FeeConfig): program is readonly string[] {
  return Array.isArray(program);
}
