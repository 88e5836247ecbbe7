import type {
  PaymentReceipt,
  ScheduledPayment,
  StateExport,
  WalletState,
  WalletStateHistory,
} from "../../schemas/state-history.ts";
import { compareBigint, compareText } from "../compare.ts";
import { formatIsoUtc, formatUtcDateTime } from "../format-time.ts";
import { parseU64 } from "../money.ts";
import { type ConsistencyCheck, checkConsistency } from "./consistency.ts";
import { donorCount } from "./wallet-rows.ts";

/**
 * One wallet's page: its state in every export it appears in (each in that export's unit, never summed across
 * exports), and the detail of its latest state: donors, recorded payments and Donor Voice schedule.
 */

/** Where a figure comes from: the export file, its sha256 and the account's record in it. */
export interface StateProvenance {
  exportId: string;
  file: string;
  sha256: string;
  record: number;
  epoch: string;
  ledgerVersion: string | null;
  date: string;
  dating: string;
}

export interface WalletHistoryRow {
  provenance: StateProvenance;
  era: StateExport["era"];
  unit: StateExport["unit"];
  balance: bigint;
  received: bigint | null;
  donors: number | null;
  paymentCount: number;
  verdict: ConsistencyCheck;
}

export interface WalletPaymentRow {
  destination: string;
  cumulative: bigint;
  lastPaymentValue: bigint;
  /** ISO UTC and the people's form of the last payment's time; null when the receipt's time is 0 (none recorded). */
  lastPaymentIso: string | null;
  lastPaymentDate: string | null;
}

export interface WalletScheduleRow {
  list: "scheduled" | "veto" | "paid";
  uid: bigint;
  payee: string;
  value: bigint;
  /** On-chain text: shown as text only. */
  description: string;
  deadlineEpoch: bigint;
}

function exportById(exports: readonly StateExport[], id: string, address: string): StateExport {
  const found = exports.find((item) => item.id === id);
  // The loader checks every state's export against exports.json; this guards the pure function's own contract.
  if (found === undefined) throw new RangeError(`wallet ${address} has a state of export ${id}, which is not listed`);
  return found;
}

export function provenanceOf(state: WalletState, from: StateExport): StateProvenance {
  return {
    exportId: from.id,
    file: from.file,
    sha256: from.sha256,
    record: state.record,
    epoch: from.epoch,
    ledgerVersion: from.ledgerVersion,
    date: from.date,
    dating: from.dating,
  };
}

/** The wallet in every export, oldest first (the order of exports.json). */
export function walletHistoryRows(history: WalletStateHistory, exports: readonly StateExport[]): WalletHistoryRow[] {
  const order = new Map(exports.map((item, index) => [item.id, index]));
  return [...history.states]
    .sort((a, b) => (order.get(a.export) ?? 0) - (order.get(b.export) ?? 0))
    .map((state) => {
      const from = exportById(exports, state.export, history.address);
      return {
        provenance: provenanceOf(state, from),
        era: from.era,
        unit: from.unit,
        balance: parseU64(state.balance),
        received: state.cumulativeDeposits === null ? null : parseU64(state.cumulativeDeposits.value),
        donors: donorCount(state),
        paymentCount: state.payments.length,
        verdict: checkConsistency(state, from.era),
      };
    });
}

/** Payments the wallet's receipts record, largest cumulative first (ties by destination). */
export function walletPaymentRows(payments: readonly PaymentReceipt[]): WalletPaymentRow[] {
  return payments
    .map((payment) => {
      const seconds = parseU64(payment.lastPaymentTimestampSecs);
      const usec = seconds * 1_000_000n;
      return {
        destination: payment.destination,
        cumulative: parseU64(payment.cumulative),
        lastPaymentValue: parseU64(payment.lastPaymentValue),
        lastPaymentIso: seconds === 0n ? null : formatIsoUtc(usec),
        lastPaymentDate: seconds === 0n ? null : formatUtcDateTime(usec),
      };
    })
    .sort((a, b) => compareBigint(b.cumulative, a.cumulative) || compareText(a.destination, b.destination));
}

/** The Donor Voice schedule as one list: scheduled, then vetoed, then paid, each by uid. */
export function walletScheduleRows(schedule: WalletState["schedule"]): WalletScheduleRow[] {
  if (schedule === null) return [];
  const rows = (list: WalletScheduleRow["list"], items: readonly ScheduledPayment[]): WalletScheduleRow[] =>
    items
      .map((item) => ({
        list,
        uid: parseU64(item.uid),
        payee: item.payee,
        value: parseU64(item.value),
        description: item.description,
        deadlineEpoch: parseU64(item.deadlineEpoch),
      }))
      .sort((a, b) => compareBigint(a.uid, b.uid));
  return [...rows("scheduled", schedule.scheduled), ...rows("veto", schedule.veto), ...rows("paid", schedule.paid)];
}

/** The wallet's latest state (its last in export order) and that export; null when it has none. */
export function latestState(
  history: WalletStateHistory,
  exports: readonly StateExport[],
): { state: WalletState; from: StateExport } | null {
  const order = new Map(exports.map((item, index) => [item.id, index]));
  let latest: WalletState | undefined;
  for (const state of history.states) {
    if (latest === undefined || (order.get(state.export) ?? -1) > (order.get(latest.export) ?? -1)) latest = state;
  }
  return latest === undefined ? null : { state: latest, from: exportById(exports, latest.export, history.address) };
}
