import type { StateExport, WalletName, WalletState, WalletStateHistory } from "../../schemas/state-history.ts";
import { shortAddress } from "../address.ts";
import { compareBigint, compareText } from "../compare.ts";
import { parseU64 } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { type ConsistencyCheck, checkConsistency } from "./consistency.ts";

/**
 * The community wallets index: one row per wallet at one export (the latest), the totals row and every wallet's
 * share of the total balance. Every amount is a bigint in that export's unit: rows of one export only, so a GAS
 * figure is never added to a LIBRA one.
 */

export interface CommunityWalletRow {
  address: string;
  /** The off-chain name (names.json), or the short address when there is none. */
  name: string;
  /** True when `name` comes from names.json (metadata, not chain data). */
  named: boolean;
  balance: bigint;
  /** Lifetime received (`cumulative_deposits`); null when the export does not record it. */
  received: bigint | null;
  /** received − balance; null with `received`. Signed: an export could show more held than received. */
  paidOut: bigint | null;
  /** Depositors listed in `cumulative_deposits`, else donors holding a receipt for it (v5); null if unknown. */
  donors: number | null;
  /** Destinations its own receipts record, and Σ of what they record. */
  paymentCount: number;
  paymentsRecorded: bigint;
  verdict: ConsistencyCheck;
  /** The record the row comes from: position in the export file. */
  record: number;
}

export interface CommunityWalletTotals {
  walletCount: number;
  balance: bigint;
  /** Σ over rows whose export records it; `receivedCount` says how many that is. */
  received: bigint;
  receivedCount: number;
  paidOut: bigint;
  donorsListed: number;
  paymentCount: number;
  paymentsRecorded: bigint;
  addsUp: number;
  differs: number;
  notCheckable: number;
}

/** The sort orders, each a static page `/community-wallets/by/<order>/`. */
export const SORT_ORDERS = ["balance", "name", "received", "difference"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const SORT_LABELS: Record<SortOrder, string> = {
  balance: "largest balance first",
  name: "by name, A to Z",
  received: "most received first",
  difference: "largest difference first",
};

/** One name per wallet: the explorer's metadata first, then forensic labels (both off-chain). */
export function nameDirectory(names: readonly WalletName[]): Map<string, WalletName> {
  const directory = new Map<string, WalletName>();
  for (const entry of names) {
    const known = directory.get(entry.address);
    if (
      known === undefined ||
      (known.source.kind !== "explorer-metadata" && entry.source.kind === "explorer-metadata")
    ) {
      directory.set(entry.address, entry);
    }
  }
  return directory;
}

export function donorCount(state: WalletState): number | null {
  if (state.cumulativeDeposits !== null) return state.cumulativeDeposits.depositors.length;
  return state.donorReceipts?.count ?? null;
}

export function walletRow(
  address: string,
  state: WalletState,
  era: StateExport["era"],
  names: ReadonlyMap<string, WalletName>,
): CommunityWalletRow {
  const balance = parseU64(state.balance);
  const received = state.cumulativeDeposits === null ? null : parseU64(state.cumulativeDeposits.value);
  const named = names.get(address);
  return {
    address,
    name: named?.name ?? shortAddress(address),
    named: named !== undefined,
    balance,
    received,
    paidOut: received === null ? null : received - balance,
    donors: donorCount(state),
    paymentCount: state.payments.length,
    paymentsRecorded: state.payments.reduce((sum, payment) => sum + parseU64(payment.cumulative), 0n),
    verdict: checkConsistency(state, era),
    record: state.record,
  };
}

/** The latest export (exports.json lists them oldest first); null when none was imported. */
export function latestExport(exports: readonly StateExport[]): StateExport | null {
  return exports.at(-1) ?? null;
}

/** One row per wallet that has a state in export `from`, in address order (sort with `sortRows`). */
export function walletRows(
  histories: readonly WalletStateHistory[],
  from: StateExport,
  names: ReadonlyMap<string, WalletName>,
): CommunityWalletRow[] {
  const rows: CommunityWalletRow[] = [];
  for (const history of histories) {
    const state = history.states.find((item) => item.export === from.id);
    if (state !== undefined) rows.push(walletRow(history.address, state, from.era, names));
  }
  return rows.sort((a, b) => compareText(a.address, b.address));
}

export function walletTotals(rows: readonly CommunityWalletRow[]): CommunityWalletTotals {
  const totals: CommunityWalletTotals = {
    walletCount: rows.length,
    balance: 0n,
    received: 0n,
    receivedCount: 0,
    paidOut: 0n,
    donorsListed: 0,
    paymentCount: 0,
    paymentsRecorded: 0n,
    addsUp: 0,
    differs: 0,
    notCheckable: 0,
  };
  for (const row of rows) {
    totals.balance += row.balance;
    if (row.received !== null && row.paidOut !== null) {
      totals.received += row.received;
      totals.paidOut += row.paidOut;
      totals.receivedCount += 1;
    }
    totals.donorsListed += row.donors ?? 0;
    totals.paymentCount += row.paymentCount;
    totals.paymentsRecorded += row.paymentsRecorded;
    if (row.verdict.kind === "agrees") totals.addsUp += 1;
    else if (row.verdict.kind === "differs") totals.differs += 1;
    else totals.notCheckable += 1;
  }
  return totals;
}

/**
 * A wallet's share of the total balance, for display: hundredths of a percent, **rounded down** (so shares never
 * add up to more than 100 %), and "< 0.01 %" for a non-zero balance that rounds down to zero, so a wallet that holds
 * something never reads as holding nothing. The exact balances are in the table and downloads.
 */
export function balanceShare(balance: bigint, total: bigint): string {
  if (total <= 0n) return "–";
  const hundredths = (balance * 10_000n) / total;
  if (hundredths === 0n && balance > 0n) return "< 0.01 %";
  return formatHundredthsPercent(hundredths);
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/**
 * How far a row is off: wallets that differ first, by |difference|; then those that agree (by the rounding they
 * were allowed); then those that cannot be checked.
 */
function differenceKey(row: CommunityWalletRow): bigint {
  if (row.verdict.kind === "cannot-tell") return -1n;
  // Above every agreeing row: an agreeing difference is at most its allowance (one unit per receipt), < 2^64.
  return row.verdict.kind === "differs" ? (1n << 64n) + absolute(row.verdict.difference) : row.verdict.difference;
}

/** Larger first; ties by address, so every order is total and the pages are the same bytes every build. */
const descending = (key: (row: CommunityWalletRow) => bigint) => (a: CommunityWalletRow, b: CommunityWalletRow) =>
  compareBigint(key(b), key(a)) || compareText(a.address, b.address);

export function sortRows(rows: readonly CommunityWalletRow[], order: SortOrder): CommunityWalletRow[] {
  const sorted = [...rows];
  switch (order) {
    case "balance":
      return sorted.sort(descending((row) => row.balance));
    case "received":
      return sorted.sort(descending((row) => row.received ?? -1n));
    case "difference":
      return sorted.sort(descending(differenceKey));
    case "name":
      return sorted.sort(
        (a, b) =>
          // Named wallets first (by name, case-insensitively), then the unnamed ones by address.
          Number(b.named) - Number(a.named) ||
          compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
          compareText(a.address, b.address),
      );
  }
}
