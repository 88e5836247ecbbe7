import type { AtomEntry } from "../atom.ts";
import { compareText } from "../compare.ts";
import { formatAuthors, type PublicationListing } from "./publications.ts";

/**
 * Feed entries for published reports and writeups, and one for each addendum to a final report. Drafts are on the site (labelled) but are not announced: the
 * feed tells subscribers about final texts. Dated by their `published` day at 00:00 UTC (from the frontmatter,
 * never the build clock).
 */
export function publicationFeedEntries(publications: readonly PublicationListing[], site: string): AtomEntry[] {
  return publications
    .filter((publication) => publication.status === "final")
    .flatMap((publication) => {
      const link = `${site}${publication.href.replace(/^\//, "")}`;
      const kind = publication.quarterLabel === null ? "Program note" : `Quarterly report, ${publication.quarterLabel}`;
      const byline = publication.authors.length > 0 ? ` By ${formatAuthors(publication.authors)}.` : "";
      const entry: AtomEntry = {
        id: link,
        title: `${kind}: ${publication.title}`,
        updated: `${publication.published}T00:00:00Z`,
        link,
        summary: `${publication.summary ?? publication.title}${byline}`,
      };
      // A correction is never a silent change: each addendum is announced as an entry of its own, on its day.
      const addenda = publication.addenda.map((addendum) => ({
        id: `${link}#${addendum.anchor}`,
        title: `Addendum of ${addendum.dateDisplay} to ${kind}: ${publication.title}`,
        updated: `${addendum.date}T00:00:00Z`,
        link: `${link}#${addendum.anchor}`,
        summary: addendum.paragraphs.join(" "),
      }));
      return [entry, ...addenda];
    });
}

/** Newest first; equal times by id, so the feed's order never depends on input order. */
export function sortFeedEntries(entries: readonly AtomEntry[]): AtomEntry[] {
  return [...entries].sort((a, b) =>
    a.updated !== b.updated ? (a.updated < b.updated ? 1 : -1) : compareText(a.id, b.id),
  );
}
