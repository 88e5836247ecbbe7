import type { TransferTableRow } from "../lib/views/tables.ts";
import { STATUS_LABELS } from "../lib/views/transfer-labels.ts";
import type { TransferStatus } from "../schemas/snapshot.ts";

/** Filter links shared by the transfer list pages: static pages per status and per quarter, so no JavaScript. */
export function transferFilters(rows: readonly TransferTableRow[]) {
  const statuses = (Object.keys(STATUS_LABELS) as TransferStatus[]).filter((status) =>
    rows.some((r) => r.status === status),
  );
  const quarters = [...new Set(rows.map((row) => row.deadlineQuarter))].sort().reverse();
  return {
    statuses: statuses.map((status) => ({
      id: status,
      href: `/transfers/status/${status}/`,
      label: STATUS_LABELS[status].label,
      count: rows.filter((row) => row.status === status).length,
    })),
    quarters: quarters.map((quarter) => ({
      id: quarter,
      href: `/transfers/quarter/${quarter.toLowerCase()}/`,
      label: quarter.replace("-", " "),
      count: rows.filter((row) => row.deadlineQuarter === quarter).length,
    })),
  };
}
