import type { LedgerEntry, Snapshot } from "../schemas/snapshot.ts";
import { type CsvField, toCsv } from "./csv.ts";
import { donationRow } from "./donor-donations.ts";
import { donorRows, ledgerRows, transferRows, vetoRows } from "./tables.ts";

/**
 * The site's tables as downloads: the same row builders the pages use, so a download always matches its table.
 * Amounts appear twice: in base units (exact integers, for machines) and in coins (for people).
 */
export interface TableDownload {
  /** File stem: `/data/<name>.csv` and `/data/<name>.json`. */
  name: string;
  title: string;
  header: string[];
  rows: CsvField[][];
}

export function buildDownloads(snapshot: Snapshot, names: ReadonlyMap<string, string>): TableDownload[] {
  return [
    {
      name: "transfers",
      title: "Transfers",
      header: [
        "uid",
        "status",
        "payee",
        "payee_name",
        "amount_units",
        "amount_libra",
        "deadline_epoch",
        "due_utc",
        "due_estimated",
        "description_text",
        "description_hex",
      ],
      rows: transferRows(snapshot, names).map((r) => [
        r.uid,
        r.status,
        r.payee,
        r.payeeName,
        r.amountUnits,
        r.amountLibra,
        r.deadlineEpoch,
        r.deadlineDateIso,
        r.deadlineDateEstimated ? "yes" : "no",
        r.descriptionText,
        r.descriptionHex,
      ]),
    },
    {
      name: "ledger",
      title: "Every coin in and out",
      header: [
        "version",
        "stream",
        "sequence",
        "category",
        "time_utc",
        "epoch",
        "amount_units",
        "amount_libra",
        "balance_after_units",
        "counterparty",
        "transfer_uid",
        "tx_hash",
        "tx_function",
      ],
      rows: ledgerRows(snapshot).map((r) => [
        r.version,
        r.stream,
        r.sequence,
        r.category,
        r.dateIso,
        r.epoch,
        r.amountUnits,
        r.amountLibra,
        r.balanceAfterUnits,
        r.counterparty,
        r.transferUid,
        r.txHash,
        r.txFunction,
      ]),
    },
    {
      name: "donors",
      title: "Donors",
      header: [
        "address",
        "donated_units",
        "donated_libra",
        "share_basis_points",
        "last_donation_utc",
        "last_donation_units",
        "veto_weight_units",
      ],
      rows: donorRows(snapshot).map((r) => [
        r.address,
        r.cumulativeUnits,
        r.cumulativeLibra,
        r.shareBasisPoints,
        r.lastPaymentIso,
        r.lastPaymentValueUnits,
        r.vetoWeightUnits,
      ]),
    },
    {
      name: "vetoes",
      title: "Veto ballots",
      header: [
        "ballot",
        "transfer_uid",
        "status",
        "turnout_pct_x100",
        "approval_pct_x100",
        "required_pct_x100",
        "min_turnout_pct_x100",
        "votes_approve_units",
        "max_votes_units",
        "deadline_epoch",
      ],
      rows: vetoRows(snapshot).map((r) => [
        r.ballotId,
        r.transferUid,
        r.status,
        r.turnoutPct,
        r.approvalPct,
        r.requiredThresholdPct,
        r.minTurnoutPct,
        r.votesApproveUnits,
        r.maxVotesUnits,
        r.deadlineEpoch,
      ]),
    },
  ];
}

/**
 * One donor's donations, newest first, all of them (`/data/donors/<address>.csv`): the donor page shows only the
 * newest ones, and this file is where the rest are. `donations` is the donor's list from `indexDonationsByDonor`.
 */
export function donorDonationsDownload(address: string, donations: readonly LedgerEntry[]): TableDownload {
  return {
    name: `donors/${address}`,
    title: `Donations from ${address}`,
    header: ["version", "deposit_sequence", "time_utc", "epoch", "amount_units", "amount_libra", "tx_hash"],
    rows: donations
      .map(donationRow)
      .map((r) => [r.version, r.sequence, r.dateIso, r.epoch, r.amountUnits, r.amountLibra, r.txHash]),
  };
}

/** RFC 4180 CSV of one download. */
export function downloadCsv(download: TableDownload): string {
  return toCsv(download.header, download.rows);
}

/** The same rows as JSON objects keyed by the CSV header (values as strings or null), one per line of the table. */
export function downloadJson(download: TableDownload): string {
  const records = download.rows.map((row) =>
    Object.fromEntries(
      download.header.map((key, i) => [key, row[i] === null || row[i] === undefined ? null : String(row[i])]),
    ),
  );
  return `${JSON.stringify(records, null, 2)}\n`;
}
