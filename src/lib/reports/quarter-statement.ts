import type { Snapshot } from "../../schemas/snapshot.ts";
import { type AwardGroup, type AwardGroupKind, awardGroups } from "../figures/awards-by-team.ts";
import type { FeeConfig, FeeReport } from "../figures/fees.ts";
import { type FigureSource, recordSource } from "../figures/figure-source.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { figureResolver } from "./report-figures.ts";

/**
 * The generated statement under a quarterly report: the quarter's money from opening to closing balance, exactly,
 * from the same figure registry the report's prose cites (so prose and statement cannot disagree).
 * Awards are grouped by team and by program area with the program's names; a payee that is no listed team is
 * grouped as "Not a listed team", never dropped.
 */

/** Re-exported: pages and tests that import it from here keep working. */
export { UNLISTED_TEAM } from "../figures/awards-by-team.ts";

export interface StatementAmount {
  /** Base units for amounts; the number itself for counts. */
  units: bigint;
  /** Formatted with the coin symbol, e.g. `"1,234.50 LIBRA"`, or a grouped integer for counts. */
  text: string;
  /** The figure's name (`data-figure`): a report figure's (`donations.total`) or the statement's own. */
  figure: string;
  /** The quarter it covers, `YYYY-QN`. */
  period: string;
  /** The snapshot file and records it comes from. */
  source: FigureSource;
}

export interface StatementGroup {
  name: string;
  amount: StatementAmount;
  /** Disbursements (payouts and advances) in the group. */
  count: StatementAmount;
}

export interface QuarterStatement {
  quarter: string;
  opening: StatementAmount;
  donations: { count: StatementAmount; total: StatementAmount; newDonors: StatementAmount };
  otherInflows: StatementAmount;
  /** Everything in: donations and other inflows. */
  inflows: StatementAmount;
  awards: { total: StatementAmount; byTeam: StatementGroup[]; byArea: StatementGroup[] };
  fees: { total: StatementAmount; allowance: StatementAmount; withinCap: boolean; excess: StatementAmount | null };
  otherOutflows: StatementAmount;
  /** Everything out: awards, fees and other outflows. */
  outflows: StatementAmount;
  /**
   * Ballots closing in the quarter by their real state (`ballot-state.ts`): `failed` = rejected by the chain,
   * `lapsed` = still listed as pending but unable to stop anything, `open` = donors can still vote.
   */
  vetoes: {
    ballots: StatementAmount;
    passed: StatementAmount;
    failed: StatementAmount;
    lapsed: StatementAmount;
    open: StatementAmount;
  };
  /** Transfers falling due in the quarter (any status): the transfers-by-quarter page exists when > 0. */
  transfersDue: bigint;
  closing: StatementAmount;
  /** opening + inflows − outflows = closing, exact to the base unit. */
  reconciles: boolean;
}

export interface StatementProgram extends FeeConfig {
  teams: readonly { address: string; name: string; area: string }[];
  stewards: readonly string[];
  coinSymbol: string;
}

/**
 * The statement for `quarter` (`YYYY-QN`); throws, like the figures, when the quarter is not in the snapshot.
 * `feeReport`: the snapshot's fee report under `program`, when the caller holds it (built here otherwise).
 */
export function quarterStatement(
  snapshot: Snapshot,
  program: StatementProgram,
  quarter: string,
  feeReport?: FeeReport,
): QuarterStatement {
  const figures = figureResolver(snapshot, {
    stewards: program.stewards,
    coinSymbol: program.coinSymbol,
    feeConfig: program,
    feeReport,
  });
  const coins = (units: bigint, figure: string, source: FigureSource): StatementAmount => ({
    units,
    text: `${units < 0n ? `\u2212${formatCoins(-units)}` : formatCoins(units)} ${program.coinSymbol}`,
    figure,
    period: quarter.toUpperCase(),
    source,
  });
  /** A report figure of the quarter, as the prose would cite it. */
  const amount = (name: string) => {
    const figure = figures.figure(name, quarter);
    return coins(figure.value, name, figure.source);
  };
  const value = (name: string) => figures.figure(name, quarter).value;
  /** A count (a number of records), sourced like the amounts: every figure on the page names its records. */
  const counted = (units: bigint, figure: string, source: FigureSource): StatementAmount => ({
    units,
    text: formatInteger(units),
    figure,
    period: quarter.toUpperCase(),
    source,
  });
  const count = (name: string) => {
    const figure = figures.figure(name, quarter);
    return counted(figure.value, name, figure.source);
  };

  // Awards by team and area: the same grouping as the overview's "to whom" tables (awards-by-team.ts).
  const awards = awardGroups(snapshot, program, quarter);
  const groups = (list: AwardGroup[], kind: AwardGroupKind): StatementGroup[] =>
    list.map((group) => ({
      name: group.name,
      amount: coins(group.units, `awards.${kind}`, group.sources.amount),
      count: counted(group.count, `awards.${kind}.count`, group.sources.count),
    }));

  const opening = value("balance.opening");
  const inflows = value("inflows.total");
  const outflows = value("outflows.total");
  const closing = value("balance.closing");
  const fees = amount("fees.total");
  const allowance = amount("fees.allowance");
  const ballots = count("vetoes.count");
  const passed = count("vetoes.passed");
  const failed = count("vetoes.failed");
  return {
    quarter: quarter.toUpperCase(),
    opening: amount("balance.opening"),
    donations: {
      count: count("donations.count"),
      total: amount("donations.total"),
      newDonors: count("donors.new"),
    },
    otherInflows: amount("inflows.other"),
    inflows: amount("inflows.total"),
    awards: {
      total: amount("awards.total"),
      byTeam: groups(awards.byTeam, "team"),
      byArea: groups(awards.byArea, "area"),
    },
    fees: {
      total: fees,
      allowance,
      withinCap: value("fees.withinCap") === 1n,
      excess:
        fees.units > allowance.units
          ? coins(
              fees.units - allowance.units,
              "fees.excess",
              recordSource(snapshot, "ledger.json", `${fees.source.record} \u2212 ${allowance.source.record}`),
            )
          : null,
    },
    otherOutflows: amount("outflows.other"),
    outflows: amount("outflows.total"),
    vetoes: {
      ballots,
      passed,
      failed,
      lapsed: count("vetoes.lapsed"),
      open: count("vetoes.open"),
    },
    transfersDue: value("transfers.count"),
    closing: amount("balance.closing"),
    reconciles: opening + inflows - outflows === closing,
  };
}
