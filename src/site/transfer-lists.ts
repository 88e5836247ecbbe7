import { parseU64 } from "../lib/money.ts";
import type { TransferTableRow } from "../lib/views/tables.ts";
import { STATUS_LABELS } from "../lib/views/transfer-labels.ts";
import type { TransferStatus } from "../schemas/snapshot.ts";
import { transferFilters } from "./transfer-filters.ts";

/** One list of transfers the site publishes (all, one status, one quarter), before it is cut into pages. */
export interface TransferList {
  /** Address of the list's first page; later pages live under `<href>page/<n>/`. */
  href: string;
  /** The page heading, e.g. "Paid transfers". */
  heading: string;
  /** What the rows are, in a sentence, e.g. "paid transfers" or "transfers due in 2025 Q2". */
  noun: string;
  /** Newest first, the order of `transferRows`. */
  rows: readonly TransferTableRow[];
  /** The rows' exact total in base units, over all the list's pages: summed once per list, not once per page. */
  totalUnits: bigint;
}

/** The name of a list's CSV under `/data/transfers/`: `status-paid`, `quarter-2025-q3`; `/transfers/` is `all`. */
export function transferListCsvName(list: Pick<TransferList, "href">): string {
  const name = list.href
    .replace(/^\/transfers\//, "")
    .replace(/\/$/, "")
    .replaceAll("/", "-");
  return name === "" ? "all" : name;
}

function transferList(list: Omit<TransferList, "totalUnits">): TransferList {
  return { ...list, totalUnits: list.rows.reduce((sum, row) => sum + parseU64(row.amountUnits), 0n) };
}

function buildTransferLists(rows: readonly TransferTableRow[]) {
  const all = transferList({ href: "/transfers/", heading: "Transfers", noun: "transfers", rows });
  // Every status gets a list, even an empty one, so a status link never breaks when its last transfer moves on.
  const byStatus = new Map<TransferStatus, TransferList>(
    (Object.keys(STATUS_LABELS) as TransferStatus[]).map((status) => {
      const label = STATUS_LABELS[status].label;
      return [
        status,
        transferList({
          href: `/transfers/status/${status}/`,
          heading: `${label} transfers`,
          noun: `${label.toLowerCase()} transfers`,
          rows: rows.filter((row) => row.status === status),
        }),
      ];
    }),
  );
  // Transfers still to pay (scheduled or overdue): the overview's "scheduled, not yet paid" figure is their sum.
  const waiting = transferList({
    href: "/transfers/status/waiting/",
    heading: "Transfers waiting to be paid",
    noun: "transfers waiting to be paid (scheduled or overdue)",
    rows: rows.filter((row) => row.status === "scheduled" || row.status === "overdue"),
  });
  const quarters = [...new Set(rows.map((row) => row.deadlineQuarter))].sort();
  const byQuarter = new Map<string, TransferList>(
    quarters.map((quarter) => {
      const label = quarter.replace("-", " ");
      return [
        quarter,
        transferList({
          href: `/transfers/quarter/${quarter.toLowerCase()}/`,
          heading: `Transfers due in ${label}`,
          noun: `transfers due in ${label}`,
          rows: rows.filter((row) => row.deadlineQuarter === quarter),
        }),
      ];
    }),
  );
  return { all, byStatus, waiting, byQuarter, filters: transferFilters(rows) };
}

const cache = new WeakMap<readonly TransferTableRow[], ReturnType<typeof buildTransferLists>>();

/**
 * The transfer lists and their filter links, built once per set of rows: every page of every list asks for
 * them, and at 10^4 transfers filtering the rows again per page would dominate the build.
 */
export function transferListsOf(rows: readonly TransferTableRow[]): ReturnType<typeof buildTransferLists> {
  let lists = cache.get(rows);
  if (!lists) {
    lists = buildTransferLists(rows);
    cache.set(rows, lists);
  }
  return lists;
}
