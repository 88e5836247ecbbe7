import type { LegacyEvent, LegacyExport, LegacyReceipt } from "../../schemas/legacy.ts";
import { compareBigint, compareText } from "../compare.ts";
import { parseU64 } from "../money.ts";

/**
 * The legacy era's figures (v5 chain, 2021–2023, coin GAS), computed from the imported legacy files. Everything is
 * exact bigint in GAS base units (1 GAS = 1,000,000); nothing here converts to LIBRA except `rebaseGas`, and only
 * with a factor the program configuration states. Nothing here is added to current-era figures.
 */

/** One state export: the wallet's balance, donors and receipts total, and the change since the previous export. */
export interface LegacyExportRow {
  epoch: string;
  date: string;
  balance: bigint;
  donorCount: number;
  receiptsTotal: bigint;
  /** Balance minus the previous export's balance; null for the first export. Can be negative. */
  balanceChange: bigint | null;
  /** The export's file and sha256, as the import recorded them. */
  sourceFile: string;
}

/** The exports in epoch order, each with its change since the one before (the growth series). */
export function legacyExportRows(exports: readonly LegacyExport[]): LegacyExportRow[] {
  const sorted = [...exports].sort((a, b) => compareBigint(parseU64(a.epoch), parseU64(b.epoch)));
  let previous: bigint | null = null;
  return sorted.map((item) => {
    const balance = parseU64(item.balance);
    const row: LegacyExportRow = {
      epoch: item.epoch,
      date: item.date,
      balance,
      donorCount: item.donorCount,
      receiptsTotal: parseU64(item.receiptsTotal),
      balanceChange: previous === null ? null : balance - previous,
      sourceFile: item.source.file,
    };
    previous = balance;
    return row;
  });
}

/** The latest export (highest epoch), or null when there is none. */
export function latestLegacyExport(exports: readonly LegacyExport[]): LegacyExport | null {
  const rows = [...exports].sort((a, b) => compareBigint(parseU64(a.epoch), parseU64(b.epoch)));
  return rows.at(-1) ?? null;
}

/** One donor of the latest export: the receipt's cumulative donations and its share of all of them. */
export interface LegacyDonorRow {
  rank: number;
  donor: string;
  cumulative: bigint;
  /** Σ of this and every larger donor's cumulative donations (the table's running total). */
  runningTotal: bigint;
  /** Share of Σ receipts, in hundredths of a percent, rounded down. */
  shareHundredths: bigint;
  lastPaymentTimestampSecs: bigint;
  lastPaymentValue: bigint;
}

/**
 * The donors of one export (the latest, normally), largest cumulative donations first, ties by address, with a
 * running total and each donor's share (floor, hundredths of a percent) of the export's Σ receipts.
 */
export function legacyDonorRows(receipts: readonly LegacyReceipt[], epoch: string): LegacyDonorRow[] {
  const selected = receipts
    .filter((receipt) => receipt.epoch === epoch)
    .map((receipt) => ({ receipt, cumulative: parseU64(receipt.cumulative) }))
    .sort((a, b) => compareBigint(b.cumulative, a.cumulative) || compareText(a.receipt.donor, b.receipt.donor));
  const total = selected.reduce((sum, item) => sum + item.cumulative, 0n);
  let running = 0n;
  return selected.map((item, index) => {
    running += item.cumulative;
    return {
      rank: index + 1,
      donor: item.receipt.donor,
      cumulative: item.cumulative,
      runningTotal: running,
      shareHundredths: total === 0n ? 0n : (item.cumulative * 10_000n) / total,
      lastPaymentTimestampSecs: parseU64(item.receipt.lastPaymentTimestampSecs),
      lastPaymentValue: parseU64(item.receipt.lastPaymentValue),
    };
  });
}

/**
 * Balance against receipts in one export: `balance − Σ receipts`. The wallet received one coin that no receipt
 * records, the 1 GAS onboarding coin its creator sent when creating the account (the `created` event's amount), and
 * paid, from its own balance, the fees of the transactions it sent itself (e.g. `set_wallet_type`: 60 gas at price
 * 1 on the real chain). When the difference equals onboarding − those fees, the export is explained to the base unit.
 */
export interface LegacyReconciliation {
  epoch: string;
  balance: bigint;
  /** Σ of the export's receipts' cumulative amounts, as summed here from receipts.json. */
  receiptsSum: bigint;
  /** The export's own `receiptsTotal`; must equal `receiptsSum`. */
  receiptsTotal: bigint;
  /** `balance − receiptsSum`; can be negative (e.g. after payments out). */
  difference: bigint;
  /** The onboarding coin from the `created` event, or null when the events hold none. */
  onboarding: bigint | null;
  /** Fees the wallet paid for the transactions it sent (up to the export's time), and how many there were. */
  feesPaid: bigint;
  feeTransactions: number;
  /** True when `difference` is exactly the onboarding coin less those fees. */
  explained: boolean;
}

/** `YYYY-MM-DD` as Date.UTC arguments (month 0-based); the schema guarantees the shape. */
function dayParts(day: string): [number, number, number] {
  const [year = "1970", month = "01", date = "01"] = day.split("-");
  return [Number(year), Number(month) - 1, Number(date)];
}

export function legacyReconciliation(
  latest: LegacyExport,
  receipts: readonly LegacyReceipt[],
  events: readonly LegacyEvent[],
): LegacyReconciliation {
  const balance = parseU64(latest.balance);
  const receiptsSum = receipts
    .filter((receipt) => receipt.epoch === latest.epoch)
    .reduce((sum, receipt) => sum + parseU64(receipt.cumulative), 0n);
  const created = events.find((event) => event.kind === "created" && event.amount !== null);
  const onboarding = created?.amount == null ? null : parseU64(created.amount);
  const difference = balance - receiptsSum;
  // Fees of the wallet's own transactions before the export's day ended (exports are taken at the end of their day).
  const exportEnd = BigInt(Date.UTC(...dayParts(latest.date)) + 86_400_000) * 1000n;
  const paid = events.filter((event) => event.feePaidByWallet !== null && parseU64(event.timestampUsec) < exportEnd);
  const feesPaid = paid.reduce((sum, event) => sum + parseU64(event.feePaidByWallet ?? "0"), 0n);
  return {
    epoch: latest.epoch,
    balance,
    receiptsSum,
    receiptsTotal: parseU64(latest.receiptsTotal),
    difference,
    onboarding,
    feesPaid,
    feeTransactions: paid.length,
    explained: onboarding !== null && difference === onboarding - feesPaid,
  };
}

/** One line of the legacy timeline: a transaction of the wallet's own history, or a state export. */
export type LegacyTimelineItem =
  | { type: "event"; day: string; event: LegacyEvent }
  | { type: "export"; day: string; epoch: string; balance: bigint; donorCount: number };

/** `YYYY-MM-DD` (UTC) of a µs timestamp. */
export function utcDayOfUsec(usec: bigint): string {
  // Milliseconds since 1970 stay far below 2^53 for any real chain time, so the conversion is exact.
  return new Date(Number(usec / 1000n)).toISOString().slice(0, 10);
}

/**
 * Events (by version) and exports (by epoch) in one list by UTC day; on the same day, transactions come before
 * the export that saw their result.
 */
export function legacyTimeline(events: readonly LegacyEvent[], exports: readonly LegacyExport[]): LegacyTimelineItem[] {
  const eventItems = [...events]
    .sort((a, b) => compareBigint(parseU64(a.version), parseU64(b.version)))
    .map((event): LegacyTimelineItem => ({ type: "event", day: utcDayOfUsec(parseU64(event.timestampUsec)), event }));
  const exportItems = legacyExportRows(exports).map(
    (row): LegacyTimelineItem => ({
      type: "export",
      day: row.date,
      epoch: row.epoch,
      balance: row.balance,
      donorCount: row.donorCount,
    }),
  );
  const merged: LegacyTimelineItem[] = [];
  let e = 0;
  let x = 0;
  while (e < eventItems.length || x < exportItems.length) {
    const event = eventItems[e];
    const item = exportItems[x];
    if (event !== undefined && (item === undefined || event.day <= item.day)) {
      merged.push(event);
      e++;
    } else if (item !== undefined) {
      merged.push(item);
      x++;
    }
  }
  return merged;
}

/**
 * The 16-byte address v5 printed (32 lower-case hex digits, no `0x`) for an address stored in the 64-hex form,
 * or null when the address has non-zero upper bytes and so was never a v5 address.
 */
export function legacyAddress(address: string): string | null {
  const match = /^0x([0-9a-f]{64})$/.exec(address);
  if (!match?.[1]) throw new RangeError(`not a canonical address: ${JSON.stringify(address)}`);
  const hex = match[1];
  return hex.slice(0, 32) === "0".repeat(32) ? hex.slice(32) : null;
}

/** A rebase factor as the program configuration states it: LIBRA units per GAS unit = numerator / denominator. */
export interface RebaseFactor {
  numerator: string;
  denominator: string;
}

/** GAS base units in LIBRA base units under `factor`: `floor(units × numerator / denominator)`, exactly. */
export function rebaseGas(units: bigint, factor: RebaseFactor): bigint {
  const numerator = BigInt(factor.numerator);
  const denominator = BigInt(factor.denominator);
  if (denominator <= 0n || numerator < 0n) throw new RangeError("a rebase factor must be non-negative over positive");
  return (units * numerator) / denominator;
}
