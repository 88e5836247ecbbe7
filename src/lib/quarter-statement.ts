import type { Snapshot } from "../schemas/snapshot.ts";
import { classifyDisbursement, payeeDirectory } from "./classify.ts";
import type { FeeConfig } from "./fees.ts";
import {
  AWARD,
  DISBURSEMENT,
  type FigureSource,
  ledgerCount,
  ledgerSum,
  periodCondition,
  recordSource,
} from "./figure-source.ts";
import { formatCoins, formatInteger, parseU64 } from "./money.ts";
import { quarterBounds } from "./periods.ts";
import { figureResolver } from "./report-figures.ts";

/**
 * The generated statement under a quarterly report: the quarter's money from opening to closing balance, exactly,
 * from the same figure registry the report's prose cites (so prose and statement cannot disagree).
 * Awards are grouped by team and by program area with the program's names; a payee that is no listed team is
 * grouped as "Not a listed team", never dropped.
 */

export const UNLISTED_TEAM = "Not a listed team";

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

const byName = (a: StatementGroup, b: StatementGroup) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The statement for `quarter` (`YYYY-QN`); throws, like the figures, when the quarter is not in the snapshot. */
export function quarterStatement(snapshot: Snapshot, program: StatementProgram, quarter: string): QuarterStatement {
  const figures = figureResolver(snapshot, {
    stewards: program.stewards,
    coinSymbol: program.coinSymbol,
    feeConfig: program,
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

  // Awards by team and area: each award disbursement of the quarter, classified by the site's one rule.
  const directory = payeeDirectory({ stewards: program.stewards, teams: [] });
  const teamByAddress = new Map(program.teams.map((team) => [team.address, team]));
  const transferPayee = new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee]));
  const { startUsec, endUsec } = quarterBounds(quarter.toUpperCase());
  const teams = new Map<string, { units: bigint; count: bigint }>();
  const areas = new Map<string, { units: bigint; count: bigint }>();
  const add = (groups: typeof teams, name: string, units: bigint) => {
    const group = groups.get(name) ?? { units: 0n, count: 0n };
    group.units += units;
    group.count += 1n;
    groups.set(name, group);
  };
  for (const entry of snapshot.ledger.entries) {
    if (entry.stream !== "withdraw" || (entry.category !== "payout" && entry.category !== "advance")) continue;
    const usec = parseU64(entry.timestampUsec);
    if (usec < startUsec || usec >= endUsec) continue;
    const payee = entry.counterparty ?? (entry.transferUid === null ? undefined : transferPayee.get(entry.transferUid));
    if (payee !== undefined && classifyDisbursement(payee, directory).kind === "fee") continue;
    const team = payee === undefined ? undefined : teamByAddress.get(payee);
    add(teams, team?.name ?? UNLISTED_TEAM, parseU64(entry.amount));
    add(areas, team?.area ?? UNLISTED_TEAM, parseU64(entry.amount));
  }
  const inQuarter = periodCondition("timestampUsec", quarter.toUpperCase());
  const groups = (map: typeof teams, kind: "team" | "area") =>
    [...map]
      .map(([name, group]) => {
        const payee =
          name === UNLISTED_TEAM ? "payee is not a listed team" : `payee's ${kind} is ${JSON.stringify(name)}`;
        const where = [DISBURSEMENT, AWARD, payee, ...inQuarter];
        const source = recordSource(snapshot, "ledger.json", ledgerSum(where));
        const countSource = recordSource(snapshot, "ledger.json", ledgerCount(where));
        return {
          name,
          amount: coins(group.units, `awards.${kind}`, source),
          count: counted(group.count, `awards.${kind}.count`, countSource),
        };
      })
      .sort(byName);

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
    awards: { total: amount("awards.total"), byTeam: groups(teams, "team"), byArea: groups(areas, "area") },
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
