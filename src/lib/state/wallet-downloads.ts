import type { StateExport } from "../../schemas/state-history.ts";
import { toCanonicalJson } from "../canonical-json.ts";
import { type CsvField, toCsv } from "../csv.ts";
import type { CommunityWalletRow } from "./wallet-rows.ts";

/**
 * The community wallets table as downloads: the index's rows in exact base units of the export's unit (never
 * rounded, never converted), one row per wallet in address order, and the export they come from.
 */

export const WALLET_CSV_HEADER = [
  "address",
  "name",
  "unit",
  "balance_units",
  "received_units",
  "paid_out_units",
  "donors",
  "payments_recorded",
  "payments_recorded_units",
  "check",
  "difference_units",
  "export",
  "record",
] as const;

function differenceOf(row: CommunityWalletRow): bigint | null {
  return row.verdict.kind === "cannot-tell" ? null : row.verdict.difference;
}

function cells(row: CommunityWalletRow, from: StateExport): CsvField[] {
  return [
    row.address,
    row.named ? row.name : null,
    from.unit,
    row.balance,
    row.received,
    row.paidOut,
    row.donors,
    row.paymentCount,
    row.paymentsRecorded,
    row.verdict.kind,
    differenceOf(row),
    from.id,
    row.record,
  ];
}

export function walletsCsv(rows: readonly CommunityWalletRow[], from: StateExport): string {
  return toCsv(
    WALLET_CSV_HEADER,
    rows.map((row) => cells(row, from)),
  );
}

const text = (value: bigint | null) => (value === null ? null : value.toString());

/** Canonical JSON: amounts as decimal strings (u64 amounts exceed 2^53). */
export function walletsJson(rows: readonly CommunityWalletRow[], from: StateExport): string {
  return toCanonicalJson({
    data: "real",
    export: from,
    wallets: rows.map((row) => ({
      address: row.address,
      name: row.named ? row.name : null,
      unit: from.unit,
      balance: row.balance.toString(),
      received: text(row.received),
      paidOut: text(row.paidOut),
      donors: row.donors,
      paymentsRecorded: row.paymentCount,
      paymentsRecordedUnits: row.paymentsRecorded.toString(),
      check: row.verdict.kind,
      difference: text(differenceOf(row)),
      record: row.record,
    })),
  });
}
