import type { Snapshot } from "../../schemas/snapshot.ts";
import { formatIsoUtc, formatUtcDateTime } from "../format-time.ts";
import { computeTotals, reconciliationLine } from "../ledger/ledger-figures.ts";
import { latestBalanceHref, ledgerListHref, openingRowHref } from "../ledger/ledger-lists.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { countOf } from "../words.ts";
import { feeSeries, feeSeriesOf } from "./fee-series.ts";
import type { FeeConfig, FeeReport } from "./fees.ts";
import {
  AWARD,
  DISBURSEMENT,
  FEE,
  type FigureSource,
  ledgerCount,
  ledgerSum,
  recordSource,
  selectRecords,
  withRows,
} from "./figure-source.ts";

/** The committed facts the balance figure needs (from `meta.json` and `wallet.json`). */
export interface OverviewInput {
  meta: { ledgerVersion: bigint; ledgerTimestampUsec: bigint; epoch: bigint; wallet: string; simulated: boolean };
  wallet: { balance: { coinStoreValue: bigint; unlocked: bigint; provenance: { path: string } } };
  /** With the ledger, the balance links to the ledger row whose running balance it is. */
  ledger?: { entries: readonly { stream: "deposit" | "withdraw"; sequence: bigint }[] };
}

/** Everything the home page prints about the balance, already formatted. */
export interface BalanceOverview {
  /** Exact balance in coins, e.g. "12,345.678901". */
  balance: string;
  /** Exact balance in base units, for the machine-readable attribute. */
  balanceBaseUnits: string;
  unlocked: string;
  ledgerVersion: string;
  ledgerVersionRaw: string;
  epoch: string;
  readAt: string;
  readAtIso: string;
  /** `wallet.json` `balance.coinStoreValue`. */
  source: FigureSource;
  simulated: boolean;
}

export function buildBalanceOverview(input: OverviewInput): BalanceOverview {
  const { balance } = input.wallet;
  const total = balance.coinStoreValue;
  const timestamp = input.meta.ledgerTimestampUsec;
  return {
    balance: formatCoins(total),
    balanceBaseUnits: total.toString(),
    unlocked: formatCoins(balance.unlocked),
    ledgerVersion: formatInteger(input.meta.ledgerVersion),
    ledgerVersionRaw: input.meta.ledgerVersion.toString(),
    epoch: formatInteger(input.meta.epoch),
    readAt: formatUtcDateTime(timestamp),
    readAtIso: formatIsoUtc(timestamp),
    source: withRows(
      recordSource(input, "wallet.json", "balance.coinStoreValue"),
      input.ledger && latestBalanceHref(input.ledger.entries),
    ),
    simulated: input.meta.simulated,
  };
}

/** One figure of the overview: exact text, base units for machines, and where it comes from. */
export interface OverviewFigure {
  id: string;
  label: string;
  value: string;
  units: string;
  source: FigureSource;
}

export interface OverviewFigures {
  figures: OverviewFigure[];
  /** "1,000.00 + 750.50 + 10.00 − 320.00 = 1,440.50": the books, term by term. */
  reconciliation: { terms: OverviewFigure[]; balance: OverviewFigure; balanced: boolean };
  counts: { donors: string; donations: string; paid: string; scheduled: string; vetoed: string };
  /** The counts with their nouns, singular or plural: `"1 donor"`, `"2 donations"`, `"1 transfer"`. */
  countPhrases: { donors: string; donations: string; paid: string };
  /**
   * The counts of the sentence under the totals, as figures with their sources; `value` is the count with its
   * noun where the sentence shows one (`"2 donations"`), the bare count otherwise.
   */
  countFigures: {
    donations: OverviewFigure;
    donors: OverviewFigure;
    paid: OverviewFigure;
    waiting: OverviewFigure;
    vetoed: OverviewFigure;
  };
  /**
   * When the wallet holds less than the transfers still to pay: how much less (a positive figure), so the page can
   * say so in words next to the negative "available" figure. Null when the balance covers them.
   */
  shortfall: OverviewFigure | null;
}

/** The transfer list of transfers still to pay (scheduled or overdue): `src/site/transfer-lists.ts`. */
export const WAITING_TRANSFERS = "/transfers/status/waiting/";

/**
 * The overview's totals and the reconciliation line, formatted exactly. `feeReport`: the snapshot's fee report under
 * `program`, when the caller holds it (built here otherwise).
 */
export function buildOverviewFigures(
  snapshot: Snapshot,
  program: readonly string[] | FeeConfig = [],
  feeReport?: FeeReport,
): OverviewFigures {
  const totals = computeTotals(snapshot);
  // Awards and fees by the site's one classification rule (classify.ts), as the fees chart counts them.
  const { lifetime } = feeReport ? feeSeriesOf(feeReport) : feeSeries(snapshot, program);
  const books = reconciliationLine(snapshot);
  const figure = (id: string, label: string, units: bigint, source: FigureSource): OverviewFigure => ({
    id,
    label,
    value: units < 0n ? `\u2212${formatCoins(-units)}` : formatCoins(units),
    units: units.toString(),
    source,
  });
  // Each figure links first to the page whose rows make it up (a ledger or transfer list), then to the raw file.
  const ledger = (record: string, filter?: string) =>
    withRows(
      recordSource(snapshot, "ledger.json", record),
      filter === undefined ? undefined : ledgerListHref(filter, null),
    );
  const transfers = (record: string, list?: string) => withRows(recordSource(snapshot, "transfers.json", record), list);
  const transferSum = (where: string[]) => selectRecords({ aggregate: "sum", collection: "", where, field: "amount" });
  const transferCount = (where: string[]) => selectRecords({ aggregate: "count", collection: "", where });
  const waiting = "status=scheduled|overdue";
  const balance = withRows(
    recordSource(snapshot, "wallet.json", "balance.coinStoreValue"),
    latestBalanceHref(snapshot.ledger.entries),
  );
  const count = (id: string, value: string, units: number, source: FigureSource): OverviewFigure => ({
    id,
    label: id,
    value,
    units: units.toString(),
    source,
  });
  const tally = totals.counts.transfers;
  return {
    figures: [
      figure("donated", "Donated, all time", totals.donations, ledger(ledgerSum(["category=donation"]), "donation")),
      figure(
        "paid-out",
        "Paid to teams and steward",
        totals.paidOut + totals.advances,
        ledger(ledgerSum([DISBURSEMENT]), "paid-out"),
      ),
      figure(
        "awarded",
        "Of which awarded to teams",
        lifetime.awards,
        ledger(ledgerSum([DISBURSEMENT, AWARD]), "awarded"),
      ),
      figure(
        "fees",
        "Of which administrative fees",
        lifetime.fees,
        ledger(ledgerSum([DISBURSEMENT, FEE]), "fees-paid"),
      ),
      figure(
        "scheduled",
        "Scheduled, not yet paid",
        totals.scheduledAmount,
        transfers(transferSum([waiting]), WAITING_TRANSFERS),
      ),
      figure(
        "available",
        "Available after scheduled transfers",
        totals.availableAfterScheduled,
        recordSource(snapshot, "wallet.json", `balance.coinStoreValue \u2212 transfers.json ${transferSum([waiting])}`),
      ),
      figure(
        "vetoed",
        "Stopped by donors (vetoed)",
        totals.vetoedAmount,
        transfers(transferSum(["status=vetoed"]), "/transfers/status/vetoed/"),
      ),
    ],
    reconciliation: {
      terms: [
        figure(
          "opening",
          "opening balance",
          books.opening,
          withRows(ledger("opening.amount"), openingRowHref(snapshot.ledger.entries.length)),
        ),
        figure(
          "inflows",
          "donations and other inflows",
          books.inflows,
          ledger(ledgerSum(["stream=deposit"]), "money-in"),
        ),
        figure("outflows", "payments out", books.outflows, ledger(ledgerSum(["stream=withdraw"]), "money-out")),
      ],
      balance: figure("balance-check", "balance on chain", books.balance, balance),
      balanced: books.balanced,
    },
    shortfall:
      totals.availableAfterScheduled < 0n
        ? figure(
            "shortfall",
            "short of scheduled transfers",
            -totals.availableAfterScheduled,
            transfers(`${transferSum([waiting])} \u2212 wallet.json balance.coinStoreValue`),
          )
        : null,
    countFigures: {
      donations: count(
        "donations-count",
        countOf(totals.counts.donations, "donation", "donations"),
        totals.counts.donations,
        ledger(ledgerCount(["category=donation"]), "donation"),
      ),
      donors: count(
        "donors-count",
        countOf(totals.counts.donors, "donor", "donors"),
        totals.counts.donors,
        withRows(recordSource(snapshot, "donors.json", transferCount([])), "/donors/"),
      ),
      paid: count(
        "paid-count",
        countOf(tally.paid, "transfer", "transfers"),
        tally.paid,
        transfers(transferCount(["status=paid"]), "/transfers/status/paid/"),
      ),
      waiting: count(
        "waiting-count",
        formatInteger(BigInt(tally.scheduled + tally.overdue)),
        tally.scheduled + tally.overdue,
        transfers(transferCount([waiting]), WAITING_TRANSFERS),
      ),
      vetoed: count(
        "vetoed-count",
        formatInteger(BigInt(tally.vetoed)),
        tally.vetoed,
        transfers(transferCount(["status=vetoed"]), "/transfers/status/vetoed/"),
      ),
    },
    countPhrases: {
      donors: countOf(totals.counts.donors, "donor", "donors"),
      donations: countOf(totals.counts.donations, "donation", "donations"),
      paid: countOf(totals.counts.transfers.paid, "transfer", "transfers"),
    },
    counts: {
      donors: formatInteger(BigInt(totals.counts.donors)),
      donations: formatInteger(BigInt(totals.counts.donations)),
      paid: formatInteger(BigInt(totals.counts.transfers.paid)),
      scheduled: formatInteger(BigInt(totals.counts.transfers.scheduled + totals.counts.transfers.overdue)),
      vetoed: formatInteger(BigInt(totals.counts.transfers.vetoed)),
    },
  };
}
