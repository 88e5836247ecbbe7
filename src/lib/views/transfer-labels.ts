import type { TransferStatus } from "../../schemas/snapshot.ts";

/** Words per status; src/components/StatusMarker.astro writes each one's text marker, so colour is never the only signal. */
export const STATUS_LABELS: Record<TransferStatus, { label: string }> = {
  scheduled: { label: "Scheduled" },
  overdue: { label: "Overdue" },
  paid: { label: "Paid" },
  vetoed: { label: "Vetoed" },
};

/**
 * `excerpt` in parts: the text kept, and whether an ellipsis follows it. A transfer list's markup writes that
 * ellipsis as `&hellip;` (src/components/TransferTable.astro), so the kept text of a Latin-1 description stays a
 * one-byte string and the page a one-byte page (that component says why).
 */
export interface Excerpt {
  text: string;
  clipped: boolean;
}

/** Shortens long text for tables to at most `max` characters with the ellipsis; the transfer's own page always shows it whole. */
export function excerptParts(text: string, max = 140): Excerpt {
  const chars = [...text];
  return chars.length <= max ? { text, clipped: false } : { text: chars.slice(0, max - 1).join(""), clipped: true };
}

/** `excerptParts` as one string, the ellipsis included. */
export function excerpt(text: string, max = 140): string {
  const parts = excerptParts(text, max);
  return parts.clipped ? `${parts.text}\u2026` : parts.text;
}
