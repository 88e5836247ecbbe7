import { describe, expect, it } from "vitest";
import type { AtomEntry } from "../../../../src/lib/atom.ts";
import { publicationFeedEntries, sortFeedEntries } from "../../../../src/lib/reports/feed-entries.ts";
import type { PublicationListing } from "../../../../src/lib/reports/publications.ts";

const listing = (over: Partial<PublicationListing>): PublicationListing => ({
  id: "2025-q4",
  href: "/reports/2025-q4/",
  title: "Fourth quarter",
  summary: null,
  authors: ["A", "B"],
  published: "2026-01-10",
  publishedDisplay: "10 Jan 2026",
  status: "final",
  quarterLabel: "2025 Q4",
  ledgerVersion: null,
  addenda: [],
  ...over,
});

describe("publicationFeedEntries", () => {
  it("announces each addendum of a final report as an entry of its own, on its day, linked to it", () => {
    const addendum = {
      date: "2026-02-03",
      dateDisplay: "3 Feb 2026",
      anchor: "addendum-2026-02-03",
      paragraphs: ["Transfer 29 was paid.", "It was late."],
    };
    const entries = publicationFeedEntries(
      [
        listing({ ledgerVersion: "1813", addenda: [addendum] }),
        listing({ id: "d", status: "draft", addenda: [addendum] }),
      ],
      "https://example.org/",
    );
    expect(entries).toEqual([
      expect.objectContaining({ id: "https://example.org/reports/2025-q4/", updated: "2026-01-10T00:00:00Z" }),
      {
        id: "https://example.org/reports/2025-q4/#addendum-2026-02-03",
        link: "https://example.org/reports/2025-q4/#addendum-2026-02-03",
        title: "Addendum of 3 Feb 2026 to Quarterly report, 2025 Q4: Fourth quarter",
        updated: "2026-02-03T00:00:00Z",
        summary: "Transfer 29 was paid. It was late.",
      },
    ]);
  });

  it("announces final texts only, dated by their published day, linked at the site address", () => {
    const entries = publicationFeedEntries(
      [
        listing({}),
        listing({ id: "2025-q3", href: "/reports/2025-q3/", status: "draft" }),
        listing({ id: "note", href: "/writeups/note/", quarterLabel: null, title: "A note", summary: "Why." }),
      ],
      "https://example.org/",
    );
    expect(entries).toEqual([
      {
        id: "https://example.org/reports/2025-q4/",
        link: "https://example.org/reports/2025-q4/",
        title: "Quarterly report, 2025 Q4: Fourth quarter",
        updated: "2026-01-10T00:00:00Z",
        summary: "Fourth quarter By A and B.",
      },
      {
        id: "https://example.org/writeups/note/",
        link: "https://example.org/writeups/note/",
        title: "Program note: A note",
        updated: "2026-01-10T00:00:00Z",
        summary: "Why. By A and B.",
      },
    ]);
  });
});

describe("sortFeedEntries", () => {
  it("puts the newest first and orders equal times by id, whatever the input order", () => {
    const entry = (id: string, updated: string): AtomEntry => ({ id, updated, link: id, title: id, summary: id });
    const input = [
      entry("b", "2026-01-01T00:00:00Z"),
      entry("c", "2026-02-01T00:00:00Z"),
      entry("a", "2026-01-01T00:00:00Z"),
    ];
    const ids = (list: AtomEntry[]) => list.map((e) => e.id);
    expect(ids(sortFeedEntries(input))).toEqual(["c", "a", "b"]);
    expect(ids(sortFeedEntries([...input].reverse()))).toEqual(["c", "a", "b"]);
  });
});
