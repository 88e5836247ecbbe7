import { describe, expect, it } from "vitest";
import { formatAuthors, listPublications } from "../../../../src/lib/reports/publications.ts";
import type { ReportEntry, WriteupEntry } from "../../../../src/schemas/writeup.ts";

const report = (quarter: string, status: "draft" | "final" = "final"): { id: string; data: ReportEntry } => ({
  id: quarter.toLowerCase(),
  data: {
    quarter,
    title: `Report ${quarter}`,
    authors: ["A"],
    published: "2025-01-01",
    status,
    body: "",
    bodyLine: 1,
    file: "f",
  },
});
const writeup = (id: string, published: string): { id: string; data: WriteupEntry } => ({
  id,
  data: {
    title: id,
    summary: `About ${id}`,
    authors: ["A", "B"],
    published,
    status: "draft",
    body: "",
    bodyLine: 1,
    file: "f",
  },
});

describe("listPublications", () => {
  it("lists reports newest quarter first, and writeups newest first, equal days by id", () => {
    const { reports, writeups } = listPublications(
      [report("2024-Q4"), report("2025-Q3", "draft"), report("2025-Q1")],
      [writeup("b-note", "2025-05-01"), writeup("c-note", "2025-06-01"), writeup("a-note", "2025-05-01")],
    );
    expect(reports.map((r) => r.id)).toEqual(["2025-q3", "2025-q1", "2024-q4"]);
    expect(writeups.map((w) => w.id)).toEqual(["c-note", "a-note", "b-note"]);
  });

  it("gives each listing its address, quarter label, date and status", () => {
    const { reports, writeups } = listPublications([report("2025-Q3", "draft")], [writeup("about", "2025-11-30")]);
    expect(reports[0]).toEqual({
      id: "2025-q3",
      href: "/reports/2025-q3/",
      title: "Report 2025-Q3",
      summary: null,
      authors: ["A"],
      published: "2025-01-01",
      publishedDisplay: "1 Jan 2025",
      status: "draft",
      quarterLabel: "2025 Q3",
      ledgerVersion: null,
      addenda: [],
    });
    expect(writeups[0]).toMatchObject({ href: "/writeups/about/", quarterLabel: null, summary: "About about" });
  });
});

describe("a final report's listing", () => {
  it("carries its pin and its addenda, dated, anchored and split into paragraphs", () => {
    const base = report("2025-Q3", "final");
    const final = {
      ...base,
      data: {
        ...base.data,
        ledgerVersion: "1477",
        addenda: [{ date: "2026-01-20", text: "First paragraph.\n\n  Second paragraph." }],
      },
    };
    const { reports } = listPublications([final], []);
    expect(reports[0]).toMatchObject({
      ledgerVersion: "1477",
      addenda: [
        {
          date: "2026-01-20",
          dateDisplay: "20 Jan 2026",
          anchor: "addendum-2026-01-20",
          paragraphs: ["First paragraph.", "Second paragraph."],
        },
      ],
    });
  });
});

describe("formatAuthors", () => {
  it.each([
    [["A"], "A"],
    [["A", "B"], "A and B"],
    [["A", "B", "C"], "A, B and C"],
  ])("%j -> %s", (authors, text) => {
    expect(formatAuthors(authors)).toBe(text);
  });
});
