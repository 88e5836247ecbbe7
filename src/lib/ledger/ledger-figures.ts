import type { Snapshot, TransferStatus, VetoRecord } from "../../schemas/snapshot.ts";
import { dayOf, listMonths, monthOf, previousDay } from "../periods.ts";
import { snapshotBooks } from "./reconcile.ts";

/**
 * The headline figures of a wallet, from its snapshot, in exact base units (bigint). Pages format them; nothing
 * here rounds. Amounts arrive as bigint: the snapshot schema's u64 codec refuses a malformed one at the boundary.
 */

type VetoStatus = VetoRecord["status"];

export interface LedgerTotals {
  /** Ledger entries of category `donation`. */
  donations: bigint;
  /** `other-inflow` entries (e.g. match-index recycling): money in that is not a donation. */
  otherInflows: bigint;
  /** `payout` entries: scheduled transfers paid at an epoch boundary. */
  paidOut: bigint;
  /** `advance` entries: immediate payments with no veto window. */
  advances: bigint;
  /** `other-outflow` entries. */
  otherOutflows: bigint;
  /** Sum of the amounts of transfers whose status is `vetoed` (coins that stayed in the wallet). */
  vetoedAmount: bigint;
  /** Sum of the amounts of transfers still to pay: `scheduled` and `overdue`. */
  scheduledAmount: bigint;
  /** Opening balance of the ledger. */
  opening: bigint;
  /** `CoinStore` balance at V. */
  balance: bigint;
  /**
   * balance − scheduledAmount. Negative when the wallet holds less than it has promised (then some payments go
   * overdue); the sign is kept so the page can say so rather than show a misleading zero.
   */
  availableAfterScheduled: bigint;
  counts: {
    /** Donation ledger entries. */
    donations: number;
    /** Donor receipts (`donors.json` records). */
    donors: number;
    transfers: Record<TransferStatus, number>;
    vetoBallots: Record<VetoStatus, number>;
  };
}

export function computeTotals(snapshot: Snapshot): LedgerTotals {
  const byCategory = { donation: 0n, "other-inflow": 0n, payout: 0n, advance: 0n, "other-outflow": 0n };
  let donationCount = 0;
  for (const entry of snapshot.ledger.entries) {
    byCategory[entry.category] += entry.amount;
    if (entry.category === "donation") donationCount++;
  }
  const transfers: Record<TransferStatus, number> = { scheduled: 0, overdue: 0, paid: 0, vetoed: 0 };
  let vetoedAmount = 0n;
  let scheduledAmount = 0n;
  for (const transfer of snapshot.transfers) {
    transfers[transfer.status]++;
    const amount = transfer.amount;
    if (transfer.status === "vetoed") vetoedAmount += amount;
    if (transfer.status === "scheduled" || transfer.status === "overdue") scheduledAmount += amount;
  }
  const vetoBallots: Record<VetoStatus, number> = { pending: 0, passed: 0, failed: 0 };
  for (const ballot of snapshot.vetoes) vetoBallots[ballot.status]++;
  const balance = snapshot.wallet.balance.coinStoreValue;
  return {
    donations: byCategory.donation,
    otherInflows: byCategory["other-inflow"],
    paidOut: byCategory.payout,
    advances: byCategory.advance,
    otherOutflows: byCategory["other-outflow"],
    vetoedAmount,
    scheduledAmount,
    opening: snapshot.ledger.opening.amount,
    balance,
    availableAfterScheduled: balance - scheduledAmount,
    counts: { donations: donationCount, donors: snapshot.donors.length, transfers, vetoBallots },
  };
}

export interface ReconciliationLine {
  opening: bigint;
  /** Every deposit into the wallet (donations and other inflows). */
  inflows: bigint;
  /** Every withdrawal (payouts, advances, other outflows). */
  outflows: bigint;
  /** opening + inflows − outflows. */
  expected: bigint;
  /** `CoinStore` balance at V. */
  balance: bigint;
  /** expected = balance, to the base unit. */
  balanced: boolean;
}

/** The overview's "opening + in − out = balance" line, by the same rule the snapshot run enforced. */
export function reconciliationLine(snapshot: Snapshot): ReconciliationLine {
  const result = snapshotBooks(snapshot);
  return {
    opening: snapshot.ledger.opening.amount,
    inflows: result.inflows,
    outflows: result.outflows,
    expected: result.expected,
    balance: result.balance,
    balanced: result.balanced,
  };
}

export interface BalancePoint {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Balance at the close of that day, base units. */
  balance: bigint;
}

/**
 * The running balance, one point per UTC day that has ledger entries (its value after the day's last entry, in
 * ledger order), oldest first. The series starts from the opening balance: the first point is the opening balance
 * on the day before the first recorded movement (true by definition: the opening is the balance before it). With
 * no entries the series is the opening balance on the snapshot's day. Days without movements are not repeated:
 * the balance is unchanged on them.
 */
export function balanceSeries(snapshot: Snapshot): BalancePoint[] {
  const opening = snapshot.ledger.opening.amount;
  const first = snapshot.ledger.entries[0];
  if (!first) return [{ day: dayOf(snapshot.meta.ledgerTimestampUsec), balance: opening }];
  const byDay = new Map<string, bigint>([[previousDay(dayOf(first.timestampUsec)), opening]]);
  let running = opening;
  for (const entry of snapshot.ledger.entries) {
    const amount = entry.amount;
    running += entry.stream === "deposit" ? amount : -amount;
    byDay.set(dayOf(entry.timestampUsec), running);
  }
  // Ledger order is version order, so days already ascend; sorting guards the output contract anyway
  // (`YYYY-MM-DD` with a 4-digit year sorts as text in date order).
  return [...byDay].map(([day, balance]) => ({ day, balance })).sort((a, b) => (a.day < b.day ? -1 : 1));
}

export interface MonthlyFlow {
  /** UTC month, `YYYY-MM`. */
  month: string;
  /** Deposits into the wallet that month, base units. */
  inflow: bigint;
  /** Withdrawals from the wallet that month, base units. */
  outflow: bigint;
}

/**
 * Inflow and outflow per UTC month, for every month from the first to the last ledger entry (months without
 * movements included as zeros, so a chart's bars line up with the calendar). Empty when there are no entries.
 */
export function monthlyFlows(snapshot: Snapshot): MonthlyFlow[] {
  let earliest: bigint | null = null;
  let latest: bigint | null = null;
  for (const entry of snapshot.ledger.entries) {
    const usec = entry.timestampUsec;
    if (earliest === null || usec < earliest) earliest = usec;
    if (latest === null || usec > latest) latest = usec;
  }
  if (earliest === null || latest === null) return [];
  const flows = new Map(listMonths(earliest, latest).map((month) => [month, { month, inflow: 0n, outflow: 0n }]));
  for (const entry of snapshot.ledger.entries) {
    const flow = flows.get(monthOf(entry.timestampUsec));
    if (!flow) throw new Error("unreachable: every entry's month is in the listed range");
    if (entry.stream === "deposit") flow.inflow += entry.amount;
    else flow.outflow += entry.amount;
  }
  return [...flows.values()];
}

export interface MonthlyBalance {
  /** UTC month, `YYYY-MM`. */
  month: string;
  /** Balance after the month's last movement, base units (for the newest month: at the last movement so far). */
  closing: bigint;
}

/**
 * The balance at the end of each month of `monthlyFlows` (same months, no gaps): the opening balance plus every
 * month's inflow minus outflow so far. Signed on purpose: an inconsistent ledger shows as a negative figure
 * instead of being hidden. Empty when there are no movements.
 */
export function monthlyClosingBalances(snapshot: Snapshot): MonthlyBalance[] {
  let running = snapshot.ledger.opening.amount;
  return monthlyFlows(snapshot).map((flow) => {
    running += flow.inflow - flow.outflow;
    return { month: flow.month, closing: running };
  });
}
