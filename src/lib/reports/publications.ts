import type { ContentStatus, ReportEntry, WriteupEntry } from "../../schemas/writeup.ts";
import { compareText } from "../compare.ts";
import { formatDayForPeople } from "../format-time.ts";

/**
 * The reports index: quarterly reports and writeups as the index and each page's header show them. Orders are
 * total (ids are unique), so the index is the same in every build.
 */

/** A dated correction to a final report, as its page and the feed show it. */
export interface PublicationAddendum {
  /** `YYYY-MM-DD` and its display. */
  date: string;
  dateDisplay: string;
  /** Fragment id on the report's page, `addendum-YYYY-MM-DD` (one addendum per day). */
  anchor: string;
  /** The plain text, split at blank lines. */
  paragraphs: string[];
}

export interface PublicationListing {
  id: string;
  /** Page address: `/reports/<YYYY-qN>/` or `/writeups/<slug>/`. */
  href: string;
  title: string;
  summary: string | null;
  authors: string[];
  /** `YYYY-MM-DD` and its display, e.g. `"5 Oct 2025"`. */
  published: string;
  publishedDisplay: string;
  status: ContentStatus;
  /** `"2025 Q3"` for reports, null for writeups. */
  quarterLabel: string | null;
  /** A final report's pinned ledger version (decimal), else null. */
  ledgerVersion: string | null;
  /** A final report's dated corrections, oldest first (none for drafts and writeups). */
  addenda: PublicationAddendum[];
}

function addendumOf(addendum: { date: string; text: string }): PublicationAddendum {
  return {
    date: addendum.date,
    dateDisplay: formatDayForPeople(addendum.date),
    anchor: `addendum-${addendum.date}`,
    paragraphs: addendum.text
      .split(/\r?\n[ \t]*\r?\n/)
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph.length > 0),
  };
}

/** Author names as a sentence: `"A"`, `"A and B"`, `"A, B and C"`. */
export function formatAuthors(authors: readonly string[]): string {
  if (authors.length <= 1) return authors[0] ?? "";
  return `${authors.slice(0, -1).join(", ")} and ${authors[authors.length - 1]}`;
}

export function reportListing(id: string, report: ReportEntry): PublicationListing {
  return {
    id,
    href: `/reports/${id}/`,
    title: report.title,
    summary: report.summary ?? null,
    authors: report.authors,
    published: report.published,
    publishedDisplay: formatDayForPeople(report.published),
    status: report.status,
    quarterLabel: report.quarter.replace("-", " "),
    ledgerVersion: report.ledgerVersion ?? null,
    addenda: (report.addenda ?? []).map(addendumOf),
  };
}

export function writeupListing(id: string, writeup: WriteupEntry): PublicationListing {
  return {
    id,
    href: `/writeups/${id}/`,
    title: writeup.title,
    summary: writeup.summary ?? null,
    authors: writeup.authors,
    published: writeup.published,
    publishedDisplay: formatDayForPeople(writeup.published),
    status: writeup.status,
    quarterLabel: null,
    ledgerVersion: null,
    addenda: [],
  };
}

/**
 * Quarterly reports newest quarter first (ids are `YYYY-qN`, which sort as text), then writeups newest first,
 * equal days by id.
 */
export function listPublications(
  reports: readonly { id: string; data: ReportEntry }[],
  writeups: readonly { id: string; data: WriteupEntry }[],
): { reports: PublicationListing[]; writeups: PublicationListing[] } {
  const byText = compareText;
  return {
    reports: [...reports].sort((a, b) => byText(b.id, a.id)).map((r) => reportListing(r.id, r.data)),
    writeups: [...writeups]
      .sort((a, b) => byText(b.data.published, a.data.published) || byText(a.id, b.id))
      .map((w) => writeupListing(w.id, w.data)),
  };
}
