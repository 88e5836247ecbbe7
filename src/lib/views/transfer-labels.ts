import type { TransferStatus } from "../../schemas/snapshot.ts";

/** Words and a text marker per status, so colour is never the only signal. */
export const STATUS_LABELS: Record<TransferStatus, { label: string; marker: string }> = {
  scheduled: { label: "Scheduled", marker: "◷" },
  overdue: { label: "Overdue", marker: "!" },
  paid: { label: "Paid", marker: "✓" },
  vetoed: { label: "Vetoed", marker: "✕" },
};

/** Shortens long text for tables; the transfer's own page always shows it whole. */
export function excerpt(text: string, max = 140): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
