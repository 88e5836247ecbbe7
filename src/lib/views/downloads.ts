import type { LedgerEntry, Snapshot } from "../../schemas/snapshot.ts";
import { type CsvField, csvRecords, toCsv } from "../csv.ts";
import { ballotView } from "../ledger/ballot-state.ts";
import type { LedgerList } from "../ledger/ledger-lists.ts";
import { utf8Bytes } from "../utf8-bytes.ts";
import { donationRow } from "./donor-donations.ts";
import { donorRows, ledgerRows, type TransferTableRow, transferRows, vetoRows } from "./tables.ts";

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

/**
 * A download before its rows are built. Rows are built on demand, one table at a time: the ledger table has a row
 * per ledger entry (10^5 in a large program), and holding every table's rows for the whole build cost more memory
 * than anything else the site keeps.
 */
export interface DownloadTable {
  name: string;
  title: string;
  header: string[];
  /** How many rows `rows` returns, without building them. */
  count: (snapshot: Snapshot) => number;
  rows: (snapshot: Snapshot, names: ReadonlyMap<string, string>) => CsvField[][];
}

/** Every download, in the order the data page lists them. */
/** One transfer as a CSV/JSON row: the transfers table's columns, for the whole table and every filtered list. */
function transferCells(r: TransferTableRow): CsvField[] {
  return [
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
  ];
}

export const DOWNLOAD_TABLES: readonly DownloadTable[] = [
  {
    name: "transfers",
    count: (snapshot) => snapshot.transfers.length,
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
    rows: (snapshot, names) => transferRows(snapshot, names).map(transferCells),
  },
  {
    name: "ledger",
    count: (snapshot) => snapshot.ledger.entries.length,
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
    rows: (snapshot) =>
      ledgerRows(snapshot).map((r) => [
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
    count: (snapshot) => snapshot.donors.length,
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
    rows: (snapshot) =>
      donorRows(snapshot).map((r) => [
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
    count: (snapshot) => snapshot.vetoes.length,
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
      // The site's reading of the ballot (open, passed, rejected, lapsed): `status` is the chain's own listing.
      "state",
    ],
    rows: (snapshot) =>
      vetoRows(snapshot).map((r) => [
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
        ballotView(snapshot, BigInt(r.ballotId)).state,
      ]),
  },
];

/** Builds the rows of one download. */
export function buildDownload(
  table: DownloadTable,
  snapshot: Snapshot,
  names: ReadonlyMap<string, string>,
): TableDownload {
  return { name: table.name, title: table.title, header: table.header, rows: table.rows(snapshot, names) };
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

/**
 * The CSV of each ledger list (`/ledger/…`, every page), newest first, as the page shows them: kind, direction
 * (`in` or `out` of the wallet), amount and the running balance after each, in exact base units. The direction is
 * a column of its own rather than a sign: spreadsheets must not read a leading `-` as a formula (csv.ts).
 *
 * Every list's rows are rows of `all`, in the same order, and a row's record is the same in every list: a donation
 * is in all, its kind, money in, its quarter and its quarter's kind. So each record is formatted and encoded once,
 * and each list's bytes are the header and its rows' records copied out of those (a run of consecutive rows in one
 * copy). `bytesOf` makes a new array on every call; the shared bytes are never handed out.
 */
export interface LedgerListCsvs {
  bytesOf: (list: LedgerList) => Uint8Array<ArrayBuffer>;
}

/**
 * Records are encoded into chunks of about `RECORD_CHUNK` bytes (a record is never split, so a longer one gets a
 * chunk of its own), not into one array grown by doubling: each byte is written once, and the build does not touch
 * twice the memory for the copies growth makes (fresh memory is what writing a download costs most).
 */
const RECORD_CHUNK = 1 << 20;

export function ledgerListCsvs(all: LedgerList): LedgerListCsvs {
  const encoder = new TextEncoder();
  const records = csvRecords(LEDGER_LIST_HEADER, ledgerListCells(all));
  const header = encoder.encode(records.next().value ?? "");
  // Row i's record is chunks[chunkOf[i]] from starts[i] to ends[i].
  const chunks: Uint8Array[] = [];
  const chunkOf = new Uint32Array(all.rows.length);
  const starts = new Uint32Array(all.rows.length);
  const ends = new Uint32Array(all.rows.length);
  let chunk = new Uint8Array(0);
  let used = 0;
  let index = 0;
  for (const record of records) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const most = record.length * 3;
    if (chunk.length - used < most) {
      chunk = new Uint8Array(Math.max(RECORD_CHUNK, most));
      chunks.push(chunk);
      used = 0;
    }
    chunkOf[index] = chunks.length - 1;
    starts[index] = used;
    used += encoder.encodeInto(record, chunk.subarray(used)).written;
    ends[index] = used;
    index += 1;
  }
  const indexOf = new Map(all.rows.map((row, at) => [row, at]));
  return {
    bytesOf(list) {
      // Row positions in `all`, gathered into runs [first, last] of consecutive rows in one chunk.
      const runs: number[] = [];
      let size = header.length;
      for (const row of list.rows) {
        const at = indexOf.get(row);
        if (at === undefined) throw new RangeError(`${list.csvName}: a row that is not in the ledger (${row.anchor})`);
        size += (ends[at] as number) - (starts[at] as number);
        const last = runs.length - 1;
        if (last > 0 && runs[last] === at - 1 && chunkOf[at - 1] === chunkOf[at]) runs[last] = at;
        else runs.push(at, at);
      }
      const out = new Uint8Array(size);
      out.set(header, 0);
      let offset = header.length;
      for (let run = 0; run < runs.length; run += 2) {
        const first = runs[run] as number;
        const from = starts[first] as number;
        const to = ends[runs[run + 1] as number] as number;
        out.set((chunks[chunkOf[first] as number] as Uint8Array).subarray(from, to), offset);
        offset += to - from;
      }
      return out;
    },
  };
}

/** One ledger list's CSV on its own, each record formatted for it: the bytes `ledgerListCsvs` shares. */
export function ledgerListCsv(list: LedgerList): string {
  return toCsv(LEDGER_LIST_HEADER, [...ledgerListCells(list)]);
}

const LEDGER_LIST_HEADER = [
  "time_utc",
  "kind",
  "direction",
  "amount_units",
  "balance_after_units",
  "counterparty",
  "counterparty_name",
  "transfer_uid",
  "version",
  "stream",
  "sequence",
  "tx_hash",
];

function* ledgerListCells(list: LedgerList): Generator<CsvField[]> {
  for (const r of list.rows) {
    yield [
      r.dateIso,
      r.kind,
      r.stream === "deposit" ? "in" : "out",
      r.amountUnits,
      r.balanceAfterUnits,
      r.counterparty,
      r.counterpartyName,
      r.transferUid,
      r.version,
      r.stream,
      r.sequence,
      r.txHash,
    ];
  }
}

/** The rows of one transfer list (`/transfers/status/…`, `/transfers/quarter/…`), with the transfers table's columns. */
export function transferListDownload(name: string, title: string, rows: readonly TransferTableRow[]): TableDownload {
  const table = DOWNLOAD_TABLES[0] as DownloadTable;
  return {
    name: `transfers/${name}`,
    title,
    header: table.header,
    rows: rows.map(transferCells),
  };
}

/** RFC 4180 CSV of one download. */
export function downloadCsv(download: TableDownload): string {
  return toCsv(download.header, download.rows);
}

/** `downloadCsv`'s bytes (UTF-8), encoded record by record: what the site and the audit zip write. */
export function downloadCsvBytes(download: TableDownload): Uint8Array<ArrayBuffer> {
  return utf8Bytes(csvRecords(download.header, download.rows));
}

/**
 * The same rows as JSON objects keyed by the CSV header (values as strings or null), one per line of the table:
 * the bytes of `JSON.stringify(records, null, 2)` plus a newline, written row by row so that a 10^5-row table does
 * not first become 10^5 objects.
 */
export function downloadJson(download: TableDownload): string {
  return [...jsonPieces(download)].join("");
}

/** `downloadJson`'s bytes (UTF-8), encoded row by row: what the site writes. */
export function downloadJsonBytes(download: TableDownload): Uint8Array<ArrayBuffer> {
  return utf8Bytes(jsonPieces(download));
}

function* jsonPieces(download: TableDownload): Generator<string> {
  if (download.rows.length === 0) {
    yield "[]\n";
    return;
  }
  const keys = download.header.map((key) => `    ${JSON.stringify(key)}: `);
  for (const [index, row] of download.rows.entries()) {
    const fields = keys.map((key, i) => {
      const value = row[i];
      return `${key}${value === null || value === undefined ? "null" : JSON.stringify(String(value))}`;
    });
    yield `${index === 0 ? "[\n" : ",\n"}  {\n${fields.join(",\n")}\n  }`;
  }
  yield "\n]\n";
}
