import type { Snapshot } from "../../schemas/snapshot.ts";
import { closestName } from "../closest-name.ts";
import { type AwardGroups, awardGroups, UNLISTED_TEAM } from "../figures/awards-by-team.ts";
import { FEE_CAP_BASIS_POINTS, feeSeries, feeSeriesOf } from "../figures/fee-series.ts";
import type { FeeConfig, FeeReport } from "../figures/fees.ts";
import {
  AWARD,
  DISBURSEMENT,
  type FigureSource,
  feeRecords,
  ledgerBalanceRecord,
  ledgerCount,
  ledgerSum,
  periodCondition,
  recordSource,
  type SnapshotFileName,
  selectRecords,
  withRows,
} from "../figures/figure-source.ts";
import { shareHundredths } from "../figures/plain-figures.ts";
import { type BallotState, ballotView } from "../ledger/ballot-state.ts";
import { payeeDirectory } from "../ledger/classify.ts";
import { deadlineBoundary } from "../ledger/epoch-dates.ts";
import { latestBalanceHref, ledgerListHref, movementRowHref, openingRowHref } from "../ledger/ledger-lists.ts";
import { movementKind } from "../ledger/ledger-movements.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { listQuarters, quarterBounds } from "../periods.ts";
import { teamSlug } from "../team-slug.ts";

/**
 * The named figures a report's prose may cite (`:figure[donations.total]{period=2025-Q3}`), computed exactly from
 * the snapshot for one period: a UTC calendar quarter `YYYY-QN` or `all` (the whole ledger). Every figure is a
 * bigint with its display text (the site's own formatting) and a link to where a reader can check it.
 *
 * Periods follow the site's rules: ledger entries belong to the quarter of their block time; transfers and veto
 * ballots to the quarter in which their deadline epoch closes (as on the transfers-by-quarter pages). A period
 * before the first ledger entry's quarter or after the quarter of the snapshot's ledger time is not in the
 * snapshot, and asking for it is an error rather than a row of zeros.
 */

export type FigureUnit = "coins" | "count" | "check" | "percent";

export interface ReportFigure {
  name: string;
  /**
   * Exact value: base units for `coins`, a count for `count`, 1 (yes) or 0 (no) for `check`, hundredths of a
   * percent as displayed for `percent` (rounded by the methodology's rule, see `fees.percentOfAwards`).
   */
  value: bigint;
  unit: FigureUnit;
  /** As the site prints it: `"1,234.50 LIBRA"`, `"12"`, `"yes"`. */
  text: string;
  /** The snapshot file and records it comes from, and where a reader can check it. */
  source: FigureSource;
}

/** The period a figure is asked for: a quarter `YYYY-QN` or `all`. */
export const ALL_PERIODS = "all";

interface PeriodData {
  /** Ledger entries of the period, in ledger order. */
  entries: Snapshot["ledger"]["entries"];
  opening: bigint;
  closing: bigint;
  awards: bigint;
  fees: bigint;
  allowance: bigint;
  withinCap: boolean;
  newDonors: number;
  transfers: Snapshot["transfers"];
  /** Of `transfers`, those waiting to be paid (scheduled or overdue), and how many wait in the whole snapshot. */
  waiting: Snapshot["transfers"];
  waitingEverywhere: number;
  /** The fee cap in basis points (`program.yaml`, default 4 %). */
  capBps: bigint;
  vetoes: Snapshot["vetoes"];
  /** The real state of each ballot in `vetoes`, same order (`ballot-state.ts`). */
  ballotStates: BallotState[];
  /** Disbursements paid in the period by the classification rule, as the ledger's awarded / fees-paid lists sum. */
  awardsPaid: bigint;
  feesPaid: bigint;
  /** The ledger rows whose running balance is the period's opening and closing balance. */
  openingRow: string;
  closingRow: string;
}

interface FigureDefinition {
  unit: FigureUnit;
  /** What the figure is, for the README and error messages. */
  description: string;
  compute(data: PeriodData): bigint;
  /** The file and records (`figure-source.ts` notation); `href` when a site page lists exactly those records. */
  source(period: string, value: bigint, capBps: string): { file: SnapshotFileName; record: string; href?: string };
  /**
   * The page whose rows make the figure up (`FigureSource.rowsHref`), or undefined when no page lists exactly
   * them (a derived figure, or a fee charged to another quarter than it was paid in).
   */
  rows?: (period: string, data: PeriodData, value: bigint) => string | undefined;
  /** The display text when the unit's own formatting would mislead (a share of nothing). */
  text?: (data: PeriodData, value: bigint) => string | undefined;
}

/** The ledger list of `filter` for the period; a quarter without movements has no ledger pages. */
const ledgerRowsOf =
  (filter: string) =>
  (period: string, data: PeriodData): string | undefined =>
    period === ALL_PERIODS
      ? ledgerListHref(filter, null)
      : data.entries.length > 0
        ? ledgerListHref(filter, period)
        : undefined;

const inPeriod = (period: string) => periodCondition("timestampUsec", period);
/** Transfers and ballots belong to the quarter in which their deadline epoch closes. */
const dueIn = (period: string) => periodCondition("deadlineEpoch closes", period);
const ledger = (record: string) => ({ file: "ledger.json" as const, record });
const ledgerSumOf = (period: string, ...where: string[]) => ledger(ledgerSum([...where, ...inPeriod(period)]));
const balanceAt = (period: string, edge: "start" | "end") => ledger(ledgerBalanceRecord(period, edge));
const countOfRecords = (file: SnapshotFileName, where: string[]) => ({
  file,
  record: selectRecords({ aggregate: "count", collection: "", where }),
});

/** The two readings of a ballot the chain still lists as pending (`ballot-state.ts`, methodology #ballot-states). */
const LAPSED = "deadlineEpoch < meta.epoch or transfer[uid=transferUid] paid or vetoed";
const OPEN = "deadlineEpoch >= meta.epoch and transfer[uid=transferUid] not paid or vetoed";
const countState = (data: PeriodData, state: BallotState) =>
  BigInt(data.ballotStates.filter((s) => s === state).length);

const sumOf = (entries: PeriodData["entries"], keep: (entry: PeriodData["entries"][number]) => boolean) =>
  entries.reduce((total, entry) => (keep(entry) ? total + entry.amount : total), 0n);
const countOf = (entries: PeriodData["entries"], keep: (entry: PeriodData["entries"][number]) => boolean) =>
  BigInt(entries.filter(keep).length);
/**
 * Transfers due in a period: the transfers-by-quarter page lists exactly them (it exists only when there is one),
 * `/transfers/` lists all of them.
 */
const transfersSource = (period: string) => countOfRecords("transfers.json", dueIn(period));
const transfersRows = (period: string, _data: PeriodData, value: bigint) =>
  period === ALL_PERIODS ? "/transfers/" : value > 0n ? `/transfers/quarter/${period.toLowerCase()}/` : undefined;
const WAITING = "status=scheduled|overdue";
/** `/transfers/status/waiting/` lists every waiting transfer: the period's rows only when they are all of them. */
const waitingRows = (_period: string, data: PeriodData) =>
  data.waiting.length > 0 && data.waiting.length === data.waitingEverywhere ? "/transfers/status/waiting/" : undefined;
const feeShare = (data: PeriodData) => shareHundredths(data.fees, data.awards, data.capBps);

/** Every figure name, in the order the README lists them. */
export const FIGURES: Readonly<Record<string, FigureDefinition>> = {
  "balance.opening": {
    unit: "coins",
    description: "balance before the period's first movement (the ledger's opening balance for `all`)",
    compute: (data) => data.opening,
    source: (period) => balanceAt(period, "start"),
    rows: (_period, data) => data.openingRow,
  },
  "balance.closing": {
    unit: "coins",
    description: "balance after the period's last movement (opening + inflows − outflows)",
    compute: (data) => data.closing,
    source: (period) => balanceAt(period, "end"),
    rows: (_period, data) => data.closingRow,
  },
  "donations.total": {
    unit: "coins",
    description: "donations received",
    compute: (data) => sumOf(data.entries, (entry) => entry.category === "donation"),
    source: (period) => ledgerSumOf(period, "category=donation"),
    rows: ledgerRowsOf("donation"),
  },
  "donations.count": {
    unit: "count",
    description: "number of donations",
    compute: (data) => countOf(data.entries, (entry) => entry.category === "donation"),
    source: (period) => ledger(ledgerCount(["category=donation", ...inPeriod(period)])),
    rows: ledgerRowsOf("donation"),
  },
  "donors.new": {
    unit: "count",
    description: "donors whose first donation in the ledger falls in the period",
    compute: (data) => BigInt(data.newDonors),
    source: (period) => ledger(ledgerCount(["category=donation", "first of its counterparty", ...inPeriod(period)])),
  },
  "inflows.other": {
    unit: "coins",
    description: "money in that is not a donation (e.g. match-index recycling)",
    compute: (data) => sumOf(data.entries, (entry) => entry.category === "other-inflow"),
    source: (period) => ledgerSumOf(period, "category=other-inflow"),
    rows: ledgerRowsOf("other-inflow"),
  },
  "inflows.total": {
    unit: "coins",
    description: "everything paid into the wallet",
    compute: (data) => sumOf(data.entries, (entry) => entry.stream === "deposit"),
    source: (period) => ledgerSumOf(period, "stream=deposit"),
    rows: ledgerRowsOf("money-in"),
  },
  "outflows.total": {
    unit: "coins",
    description: "everything paid out of the wallet",
    compute: (data) => sumOf(data.entries, (entry) => entry.stream === "withdraw"),
    source: (period) => ledgerSumOf(period, "stream=withdraw"),
    rows: ledgerRowsOf("money-out"),
  },
  "outflows.other": {
    unit: "coins",
    description: "money out that is neither a payout nor an advance",
    compute: (data) => sumOf(data.entries, (entry) => entry.category === "other-outflow"),
    source: (period) => ledgerSumOf(period, "category=other-outflow"),
    rows: ledgerRowsOf("other-outflow"),
  },
  "awards.total": {
    unit: "coins",
    description: "payouts and advances to anyone but a steward",
    compute: (data) => data.awards,
    source: (period, _value, capBps) => ledger(feeRecords(period, capBps).awards),
    rows: (period, data, value) => (value === data.awardsPaid ? ledgerRowsOf("awarded")(period, data) : undefined),
  },
  "fees.total": {
    unit: "coins",
    description: "payouts and advances to a steward (administrative fees)",
    compute: (data) => data.fees,
    source: (period, _value, capBps) => ledger(feeRecords(period, capBps).fees),
    rows: (period, data, value) => (value === data.feesPaid ? ledgerRowsOf("fees-paid")(period, data) : undefined),
  },
  "fees.allowance": {
    unit: "coins",
    description: "the fee cap: 4 % of awards, rounded down to the base unit",
    compute: (data) => data.allowance,
    source: (period, _value, capBps) => ledger(feeRecords(period, capBps).allowance),
  },
  "fees.percentOfAwards": {
    unit: "percent",
    description:
      "fees as a share of awards, to the hundredth of a percent, halves up, but never shown at or under the cap when over it (methodology #rounding)",
    compute: (data) => feeShare(data) ?? 0n,
    source: (period, _value, capBps) => {
      const records = feeRecords(period, capBps);
      return ledger(`${records.fees} × 10000 / ${records.awards}, in hundredths of a percent`);
    },
    text: (data) => (feeShare(data) === null ? "no share (nothing awarded)" : undefined),
  },
  "fees.withinCap": {
    unit: "check",
    description: "yes when fees ≤ allowance, no otherwise",
    compute: (data) => (data.withinCap ? 1n : 0n),
    source: (period, _value, capBps) =>
      ledger(`${feeRecords(period, capBps).fees} × 10000 ≤ ${feeRecords(period, capBps).awards} × ${capBps}`),
  },
  "transfers.count": {
    unit: "count",
    description: "transfers falling due in the period (any status)",
    compute: (data) => BigInt(data.transfers.length),
    source: transfersSource,
    rows: transfersRows,
  },
  "transfers.paid.count": {
    unit: "count",
    description: "transfers falling due in the period that were paid",
    compute: (data) => BigInt(data.transfers.filter((transfer) => transfer.status === "paid").length),
    source: (period) => countOfRecords("transfers.json", ["status=paid", ...dueIn(period)]),
  },
  "transfers.vetoed.count": {
    unit: "count",
    description: "transfers falling due in the period that donors vetoed",
    compute: (data) => BigInt(data.transfers.filter((transfer) => transfer.status === "vetoed").length),
    source: (period) => countOfRecords("transfers.json", ["status=vetoed", ...dueIn(period)]),
  },
  "transfers.pending.count": {
    unit: "count",
    description: "transfers falling due in the period still waiting to be paid at the snapshot (scheduled or overdue)",
    compute: (data) => BigInt(data.waiting.length),
    source: (period) => countOfRecords("transfers.json", [WAITING, ...dueIn(period)]),
    rows: waitingRows,
  },
  "transfers.pending.amount": {
    unit: "coins",
    description: "the amount of those waiting transfers",
    compute: (data) => data.waiting.reduce((total, transfer) => total + transfer.amount, 0n),
    source: (period) => ({
      file: "transfers.json",
      record: selectRecords({ aggregate: "sum", collection: "", where: [WAITING, ...dueIn(period)], field: "amount" }),
    }),
    rows: waitingRows,
  },
  "vetoes.count": {
    unit: "count",
    description: "veto ballots whose deadline falls in the period",
    compute: (data) => BigInt(data.vetoes.length),
    source: (period) => countOfRecords("vetoes.json", dueIn(period)),
  },
  "vetoes.passed": {
    unit: "count",
    description: "of those, ballots that passed (the transfer was stopped)",
    compute: (data) => countState(data, "passed"),
    source: (period) => countOfRecords("vetoes.json", ["status=passed", ...dueIn(period)]),
  },
  "vetoes.failed": {
    unit: "count",
    description: "of those, ballots that closed without passing (the chain lists them as rejected)",
    compute: (data) => countState(data, "rejected"),
    source: (period) => countOfRecords("vetoes.json", ["status=failed", ...dueIn(period)]),
  },
  "vetoes.lapsed": {
    unit: "count",
    description:
      "of those, ballots still listed as pending that can no longer stop anything (deadline passed, or the transfer already paid)",
    compute: (data) => countState(data, "lapsed"),
    source: (period) => countOfRecords("vetoes.json", ["status=pending", LAPSED, ...dueIn(period)]),
  },
  "vetoes.open": {
    unit: "count",
    description: "of those, ballots donors can still vote on at the snapshot",
    compute: (data) => countState(data, "open"),
    source: (period) => countOfRecords("vetoes.json", ["status=pending", OPEN, ...dueIn(period)]),
  },
};

export const FIGURE_NAMES: readonly string[] = Object.keys(FIGURES);

/**
 * Awards to one team or one program area (`program.yaml` names as slugs, e.g. `awards.team.mutual-health-plan`,
 * `awards.area.health`; payees that are no listed team are `awards.team.not-a-listed-team`), counted when paid, as
 * in the statement's "awards by team" (`awards-by-team.ts`). A listed team or area without awards in the period is 0.
 */
export const GROUP_FIGURE_PREFIXES = { team: "awards.team.", area: "awards.area." } as const;

/** A figure name or period the snapshot cannot answer; the message lists what it can. */
export class FigureError extends Error {
  override name = "FigureError";
}

/** The quarters a report may cite, oldest first: the first ledger entry's quarter to the snapshot's. */
export function snapshotQuarters(snapshot: Snapshot): string[] {
  const ledgerTime = snapshot.meta.ledgerTimestampUsec;
  let first = ledgerTime;
  let last = ledgerTime;
  for (const entry of snapshot.ledger.entries) {
    const usec = entry.timestampUsec;
    if (usec < first) first = usec;
    if (usec > last) last = usec;
  }
  return listQuarters(first, last);
}

function formatFigure(unit: FigureUnit, value: bigint, coinSymbol: string): string {
  if (unit === "coins") return `${value < 0n ? `\u2212${formatCoins(-value)}` : formatCoins(value)} ${coinSymbol}`;
  if (unit === "count") return formatInteger(value);
  if (unit === "percent") return formatHundredthsPercent(value);
  return value === 1n ? "yes" : "no";
}

export interface FigureResolver {
  /** The figure `name` for `period` (`YYYY-QN`, either case, or `all`); throws `FigureError` otherwise. */
  figure(name: string, period: string): ReportFigure;
  /** The quarters this snapshot covers, oldest first. */
  quarters: readonly string[];
  /** Every name `figure` accepts: the fixed names, then one per listed team and area (`GROUP_FIGURE_PREFIXES`). */
  names: readonly string[];
}

/**
 * Binds the snapshot once; each period's data is computed on first use and kept, so a report citing ten figures
 * of one quarter scans the ledger once.
 */
export function figureResolver(
  snapshot: Snapshot,
  options: {
    stewards: readonly string[];
    coinSymbol: string;
    feeConfig?: FeeConfig;
    /** The snapshot's fee report under `feeConfig`, when the caller holds it (built here otherwise). */
    feeReport?: FeeReport | undefined;
    /** The program's teams: with them, awards by team and area can be cited (`GROUP_FIGURE_PREFIXES`). */
    teams?: readonly { address: string; name: string; area: string }[];
  },
): FigureResolver {
  const teams = options.teams ?? [];
  // Slug -> name as `program.yaml` spells it (the first of any names sharing a slug).
  const bySlug = (names: string[]) => {
    const map = new Map<string, string>();
    for (const name of [...names, UNLISTED_TEAM]) if (!map.has(teamSlug(name))) map.set(teamSlug(name), name);
    return map;
  };
  const groupNames = { team: bySlug(teams.map((t) => t.name)), area: bySlug(teams.map((t) => t.area)) };
  const groupSlugs = { team: [...groupNames.team.keys()], area: [...groupNames.area.keys()] };
  const names = [
    ...FIGURE_NAMES,
    ...groupSlugs.team.map((slug) => GROUP_FIGURE_PREFIXES.team + slug),
    ...groupSlugs.area.map((slug) => GROUP_FIGURE_PREFIXES.area + slug),
  ];
  const groupCache = new Map<string, AwardGroups>();
  const groupsOf = (period: string) => {
    let groups = groupCache.get(period);
    if (!groups) {
      groups = awardGroups(snapshot, { teams, stewards: options.stewards }, period);
      groupCache.set(period, groups);
    }
    return groups;
  };
  const capBps = BigInt(options.feeConfig?.feePolicy?.capBps ?? FEE_CAP_BASIS_POINTS);
  const isWaiting = (transfer: Snapshot["transfers"][number]) =>
    transfer.status === "scheduled" || transfer.status === "overdue";
  const waitingEverywhere = snapshot.transfers.filter(isWaiting).length;
  const quarters = snapshotQuarters(snapshot);
  // With the whole configuration, fees linked to awards count in their awards' quarter, as on the overview.
  const fees = options.feeReport
    ? feeSeriesOf(options.feeReport)
    : feeSeries(snapshot, options.feeConfig ?? options.stewards);
  const feesByQuarter = new Map(fees.quarters.map((quarter) => [quarter.quarter, quarter]));
  const cache = new Map<string, PeriodData>();
  const classifyContext = {
    directory: payeeDirectory({ stewards: options.stewards, teams: [] }),
    transferPayees: new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee])),
  };

  const periodData = (period: string): PeriodData => {
    const cached = cache.get(period);
    if (cached) return cached;
    const bounds = period === ALL_PERIODS ? null : quarterBounds(period);
    const inPeriod = (usec: bigint) => bounds === null || (usec >= bounds.startUsec && usec < bounds.endUsec);
    let opening = snapshot.ledger.opening.amount;
    let closing = opening;
    const entries: PeriodData["entries"] = [];
    const seenDonors = new Set<string>();
    let newDonors = 0;
    let awardsPaid = 0n;
    let feesPaid = 0n;
    // The newest movements before the period's start and end (ledger order is time order): their rows carry the
    // period's opening and closing balances.
    let beforeStart = -1;
    let beforeEnd = -1;
    const all = snapshot.ledger.entries;
    for (let index = 0; index < all.length; index++) {
      const entry = all[index] as (typeof all)[number];
      const usec = entry.timestampUsec;
      if (bounds !== null && usec < bounds.startUsec) beforeStart = index;
      if (bounds === null || usec < bounds.endUsec) beforeEnd = index;
      if (inPeriod(usec) && (entry.category === "payout" || entry.category === "advance")) {
        const { disbursement } = movementKind(entry, classifyContext);
        if (disbursement === "fee") feesPaid += entry.amount;
        else awardsPaid += entry.amount;
      }
      const signed = entry.stream === "deposit" ? entry.amount : -entry.amount;
      if (bounds !== null && usec < bounds.startUsec) opening += signed;
      if (bounds === null || usec < bounds.endUsec) closing += signed;
      if (inPeriod(usec)) entries.push(entry);
      if (entry.category === "donation" && entry.counterparty !== null && !seenDonors.has(entry.counterparty)) {
        seenDonors.add(entry.counterparty);
        if (inPeriod(usec)) newDonors++;
      }
    }
    const feeTally = bounds === null ? fees.lifetime : feesByQuarter.get(period);
    const dueIn = (deadlineEpoch: bigint) => inPeriod(deadlineBoundary(snapshot, deadlineEpoch).usec);
    const vetoes = snapshot.vetoes.filter((ballot) => dueIn(ballot.deadlineEpoch));
    const transfers = snapshot.transfers.filter((transfer) => dueIn(transfer.deadlineEpoch));
    const data: PeriodData = {
      entries,
      opening,
      closing,
      awards: feeTally?.awards ?? 0n,
      fees: feeTally?.fees ?? 0n,
      allowance: feeTally?.allowance ?? 0n,
      withinCap: feeTally?.withinCap ?? true,
      newDonors,
      transfers,
      waiting: transfers.filter(isWaiting),
      waitingEverywhere,
      capBps,
      vetoes,
      ballotStates: vetoes.map((ballot) => ballotView(snapshot, ballot.ballotId).state),
      awardsPaid,
      feesPaid,
      openingRow:
        bounds === null
          ? openingRowHref(all.length)
          : beforeStart < 0
            ? openingRowHref(all.length)
            : movementRowHref(all, beforeStart),
      closingRow:
        bounds === null
          ? latestBalanceHref(all)
          : beforeEnd < 0
            ? openingRowHref(all.length)
            : movementRowHref(all, beforeEnd),
    };
    cache.set(period, data);
    return data;
  };

  /** Awards to the team or area `name` names, or undefined when `name` is no such figure. */
  const groupFigure = (name: string, period: string, coinSymbol: string): ReportFigure | undefined => {
    const kind = name.startsWith(GROUP_FIGURE_PREFIXES.team)
      ? "team"
      : name.startsWith(GROUP_FIGURE_PREFIXES.area)
        ? "area"
        : undefined;
    if (kind === undefined) return undefined;
    const slug = name.slice(GROUP_FIGURE_PREFIXES[kind].length);
    const groupName = groupNames[kind].get(slug);
    if (groupName === undefined) return undefined;
    const groups = groupsOf(period);
    const group = (kind === "team" ? groups.byTeam : groups.byArea).find((g) => g.name === groupName);
    const value = group?.units ?? 0n;
    const source =
      group?.sources.amount ??
      recordSource(
        snapshot,
        "ledger.json",
        ledgerSum([
          DISBURSEMENT,
          AWARD,
          groupName === UNLISTED_TEAM
            ? "payee is not a listed team"
            : `payee's ${kind} is ${JSON.stringify(groupName)}`,
          ...periodCondition("timestampUsec", period),
        ]),
      );
    return { name, value, unit: "coins", text: formatFigure("coins", value, coinSymbol), source };
  };

  return {
    quarters,
    names,
    figure(name, rawPeriod) {
      const definition = Object.hasOwn(FIGURES, name) ? FIGURES[name] : undefined;
      const isGroup = name.startsWith(GROUP_FIGURE_PREFIXES.team) || name.startsWith(GROUP_FIGURE_PREFIXES.area);
      if (!definition && !(isGroup && names.includes(name))) {
        const closest = closestName(name, names);
        const suggestion = closest === undefined ? "." : `; did you mean "${closest}"?`;
        throw new FigureError(
          `unknown figure "${name}"${suggestion} Valid names: ${FIGURE_NAMES.join(", ")}, ${GROUP_FIGURE_PREFIXES.team}<team>, ${GROUP_FIGURE_PREFIXES.area}<area> (teams: ${groupSlugs.team.join(", ")}; areas: ${groupSlugs.area.join(", ")}).`,
        );
      }
      const period = rawPeriod.toLowerCase() === ALL_PERIODS ? ALL_PERIODS : rawPeriod.toUpperCase();
      if (period !== ALL_PERIODS && !quarters.includes(period)) {
        const range = quarters.length === 1 ? quarters[0] : `${quarters[0]} to ${quarters[quarters.length - 1]}`;
        throw new FigureError(
          `period "${rawPeriod}" is not in the snapshot: give a quarter from ${range} (YYYY-QN) or "${ALL_PERIODS}".`,
        );
      }
      if (!definition) return groupFigure(name, period, options.coinSymbol) as ReportFigure;
      const data = periodData(period);
      const value = definition.compute(data);
      const { file, record, href } = definition.source(period, value, capBps.toString());
      return {
        name,
        value,
        unit: definition.unit,
        text: definition.text?.(data, value) ?? formatFigure(definition.unit, value, options.coinSymbol),
        source: withRows(recordSource(snapshot, file, record, href), definition.rows?.(period, data, value)),
      };
    },
  };
}
