import type { SNAPSHOT_FILES } from "../../schemas/snapshot.ts";
import { type ExplorerTemplates, explorerTransactionUrl } from "../explorer.ts";

/**
 * Where a figure on the site comes from, said the same way for every figure: the committed snapshot file and the
 * record(s) in it, the ledger version the snapshot was read at, and, for a figure that is one on-chain event, the
 * transaction's version. Pages put it on the figure's element (`sourceAttributes`) and make the figure a link to
 * `href`, so a reader can follow any number to the bytes it was computed from.
 *
 * `record` names the records in the file, in a small notation meant to be read by people and followed with a JSON
 * tool (see `selectRecords`):
 * - a field of the file's one object: `balance.coinStoreValue`, `opening.amount`;
 * - one record of an array file, by its key: `[uid=23]`;
 * - a sum or count over records: `sum(entries[category=donation, timestampUsec in 2025-Q3 (UTC)].amount)`, where
 *   `a|b` means either value, a quarter is the half-open UTC calendar quarter, and arithmetic between such terms
 *   (`+`, `−`, `floor(… × 400 / 10000)`) says how the figure is derived from them.
 */

/** A committed snapshot file's name (`wallet.json`, `ledger.json`, …). */
export type SnapshotFileName = keyof typeof SNAPSHOT_FILES;

export interface FigureSource {
  /** The snapshot file the figure is read or computed from. */
  file: SnapshotFileName;
  /** The record(s) of `file` it comes from, in the notation above. */
  record: string;
  /** `meta.ledgerVersion` of the snapshot: the chain state the file was read at. */
  ledgerVersion: string;
  /** For a figure that is one on-chain event (a payment): the version of its transaction. */
  txVersion?: string;
  /** The raw data: the downloadable snapshot file (the figure's second, smaller link when `rowsHref` is set). */
  href: string;
  /**
   * The human page whose rows make the figure up: a ledger or transfer list whose rows sum (or count) to it
   * exactly, or the ledger row whose running balance it is (`#anchor`). The figure links here first.
   */
  rowsHref?: string;
  /** The event's transaction on the public explorer; never for simulated data (its transactions exist nowhere). */
  explorerHref?: string;
}

/** What a source needs to know of the snapshot. */
export interface SourceSnapshot {
  meta: { ledgerVersion: bigint; simulated: boolean };
}

const DIGITS = /^(0|[1-9][0-9]*)$/;

/** The URL the site serves a snapshot file at, byte for byte (`src/pages/data/snapshot/[file].ts`). */
export function snapshotFileHref(file: SnapshotFileName): string {
  return `/data/snapshot/${file}`;
}

/**
 * A figure read from, or computed over, records of one snapshot file; `href` defaults to the file itself. Use it
 * for state (a balance) and for sums and counts.
 */
export function recordSource(
  snapshot: SourceSnapshot,
  file: SnapshotFileName,
  record: string,
  href: string = snapshotFileHref(file),
): FigureSource {
  // Sources are printed into data attributes: the version as its exact decimal.
  return { file, record, ledgerVersion: snapshot.meta.ledgerVersion.toString(), href };
}

/** The same source, with the page whose rows make the figure up (see `FigureSource.rowsHref`). */
export function withRows(source: FigureSource, rowsHref: string | undefined): FigureSource {
  return rowsHref === undefined ? source : { ...source, rowsHref };
}

/**
 * A figure that is one on-chain event (e.g. a transfer's payment), with its transaction version and, when an
 * explorer is configured and the data is not simulated, a link to that transaction on it.
 */
export function eventSource(
  snapshot: SourceSnapshot,
  file: SnapshotFileName,
  record: string,
  txVersion: string,
  href: string,
  explorer?: ExplorerTemplates,
): FigureSource {
  if (!DIGITS.test(txVersion)) throw new RangeError(`not a transaction version: ${JSON.stringify(txVersion)}`);
  const source: FigureSource = { ...recordSource(snapshot, file, record, href), txVersion };
  if (explorer && !snapshot.meta.simulated) source.explorerHref = explorerTransactionUrl(explorer, txVersion);
  return source;
}

export interface RecordSelection {
  /** `sum` adds `field` over the selected records; `count` counts them. */
  aggregate: "sum" | "count";
  /** The array the records are in: `entries` in `ledger.json`, empty for an array file (`transfers.json`). */
  collection: string;
  /** Conditions every selected record meets, e.g. `category=donation`; none selects every record. */
  where: readonly string[];
  /** The summed field (for `sum`). */
  field?: string;
}

/** `sum(entries[category=donation].amount)`, `count([status=paid])`: a set of records and what is done with it. */
export function selectRecords(selection: RecordSelection): string {
  const records = `${selection.collection}[${selection.where.length > 0 ? selection.where.join(", ") : "*"}]`;
  if (selection.aggregate === "count") return `count(${records})`;
  if (!selection.field) throw new RangeError("a sum needs the field it adds");
  return `sum(${records}.${selection.field})`;
}

/**
 * The condition "`subject` falls in `period`" (a quarter `YYYY-QN`, as a half-open UTC interval), or none for
 * `all`: `periodCondition("timestampUsec", "2025-Q3")` is `["timestampUsec in 2025-Q3 (UTC)"]`.
 */
export function periodCondition(subject: string, period: string): string[] {
  return period === "all" ? [] : [`${subject} in ${period} (UTC)`];
}

/**
 * The figure's source as `data-` attributes, for the element that shows the figure. Names are fixed (a build test
 * and auditors' scripts read them): `data-source-file`, `data-source-record`, `data-ledger-version`, and
 * `data-tx-version` / `data-explorer-href` for an event.
 */
export function sourceAttributes(source: FigureSource): Record<string, string> {
  const attributes: Record<string, string> = {
    "data-source-file": source.file,
    "data-source-record": source.record,
    "data-ledger-version": source.ledgerVersion,
  };
  if (source.rowsHref !== undefined) attributes["data-rows-href"] = source.rowsHref;
  if (source.txVersion !== undefined) attributes["data-tx-version"] = source.txVersion;
  if (source.explorerHref !== undefined) attributes["data-explorer-href"] = source.explorerHref;
  return attributes;
}

/**
 * A one-line description for the figure link's `title`: which file and records, at which ledger version, so a
 * pointer over any figure says where it comes from.
 */
export function sourceTitle(source: FigureSource): string {
  const event = source.txVersion === undefined ? "" : `, transaction version ${source.txVersion}`;
  return `Source: ${source.file}, ${source.record}, snapshot at ledger version ${source.ledgerVersion}${event}`;
}

/** Ledger withdrawals that are disbursements (paid transfers and advances); the fee rule splits them. */
export const DISBURSEMENT = "category=payout|advance";
/** A disbursement to anyone but a steward: an award (the classification on the methodology page). */
export const AWARD = "payee is not a steward";
/** A disbursement to a steward: an administrative fee. */
export const FEE = "payee is a steward";

/**
 * The ledger's balance at the end of `period` (a month `YYYY-MM`, a quarter `YYYY-QN`, or `all` for the whole
 * ledger), or at its start: the opening balance plus every movement before then.
 */
export function ledgerBalanceRecord(period: string, edge: "start" | "end" = "end"): string {
  if (period === "all" && edge === "start") return "opening.amount";
  const before = period === "all" ? [] : [`timestampUsec before ${edge} of ${period} (UTC)`];
  return `opening.amount + ${ledgerSum(["stream=deposit", ...before])} \u2212 ${ledgerSum(["stream=withdraw", ...before])}`;
}

/**
 * Awards, fees and the fee allowance of a quarter (or `all`), as `ledger.json` records. Awards count in the
 * quarter they were paid; fees in the quarter of the awards they are charged against (the fee rule).
 */
export function feeRecords(period: string, capBps: string): { awards: string; fees: string; allowance: string } {
  const awards = ledgerSum([DISBURSEMENT, AWARD, ...periodCondition("timestampUsec", period)]);
  return {
    awards,
    fees: ledgerSum([DISBURSEMENT, FEE, ...(period === "all" ? [] : [`charged to ${period} (UTC) by the fee rule`])]),
    allowance: `floor(${awards} × ${capBps} / 10000)`,
  };
}

/** `sum(entries[…].amount)` over `ledger.json`. */
export function ledgerSum(where: readonly string[]): string {
  return selectRecords({ aggregate: "sum", collection: "entries", where, field: "amount" });
}

/** `count(entries[…])` over `ledger.json`. */
export function ledgerCount(where: readonly string[]): string {
  return selectRecords({ aggregate: "count", collection: "entries", where });
}

/**
 * The version of the transaction that paid each transfer, by uid: the ledger's payout entries that settled one.
 * A transfer not in the map was not paid (yet), or its payment matched no transfer.
 */
export function paymentVersions(
  entries: readonly { category: string; transferUid: bigint | null; version: bigint }[],
): Map<bigint, bigint> {
  const versions = new Map<bigint, bigint>();
  for (const entry of entries) {
    if (entry.category === "payout" && entry.transferUid !== null && !versions.has(entry.transferUid)) {
      versions.set(entry.transferUid, entry.version);
    }
  }
  return versions;
}

/**
 * A transfer cited on a page: its record in `transfers.json`, shown on its own page; once paid, an on-chain event
 * with the payment's transaction version (and explorer link, for real data).
 */
export function transferSource(
  snapshot: SourceSnapshot,
  uid: bigint,
  paymentVersion: bigint | undefined,
  explorer?: ExplorerTemplates,
): FigureSource {
  const record = `[uid=${uid}]`;
  const href = `/transfers/${uid}/`;
  return paymentVersion === undefined
    ? recordSource(snapshot, "transfers.json", record, href)
    : eventSource(snapshot, "transfers.json", record, paymentVersion.toString(), href, explorer);
}
