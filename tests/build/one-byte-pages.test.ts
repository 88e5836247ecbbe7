/**
 * The ledger pages are most of the site's HTML, each ~78 kB at 100 rows. Astro flattens a page into one string to
 * encode it; V8 stores a string one byte a character only while every character is Latin-1, so a single `…` or `−`
 * makes the page twice its size in memory, past V8's 128 kB large-object size, and each such page is then mapped
 * and page-faulted afresh (~1.2 ms a page; 2.1 s of the build's CPU at bench scale 0.25). LedgerTable.astro,
 * LedgerListPage.astro, Pagination.astro and BaseLayout.astro write those characters as references instead: the
 * text a reader gets is unchanged, which the other build tests read through the parsed page.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { listDist } from "../support/site/dist-files.ts";

const beyondLatin1 = /[\u0100-\u{10ffff}]/u;

async function ledgerPages(dist: string): Promise<{ file: string; html: string }[]> {
  const files = (await listDist(dist)).filter((file) => file.startsWith("ledger/") && file.endsWith(".html"));
  return Promise.all(files.map(async (file) => ({ file, html: await readFile(path.join(dist, file), "utf8") })));
}

describe.each([
  ["the committed content", "defaultDist"],
  ["many transfers (paged content)", "pagedDist"],
] as const)("ledger pages of %s", (_, dist) => {
  it("hold only Latin-1 characters", async () => {
    const pages = await ledgerPages(inject(dist));
    expect(pages.length).toBeGreaterThan(1);
    const offending = pages
      .map(({ file, html }) => ({ file, found: beyondLatin1.exec(html)?.[0] }))
      .filter((page) => page.found !== undefined);
    expect(offending).toEqual([]);
  });
});

describe("ledger pages of the committed content", () => {
  it("write the other characters as references, which read as the characters they stand for", async () => {
    const pages = await ledgerPages(inject("defaultDist"));
    for (const reference of ["&hellip;", "&minus;", "&ndash;", "&rarr;", "&larr;"]) {
      expect(
        pages.some((page) => page.html.includes(reference)),
        reference,
      ).toBe(true);
    }
    const second = pages.find((page) => page.file === "ledger/page/2/index.html");
    const root = parse(second?.html ?? "");
    expect(root.querySelector("caption#ledger-caption")?.textContent.trim()).toMatch(
      /^101–200 of [\d,]+ movements, newest first$/,
    );
    expect(root.querySelector("section.table-scroll")?.getAttribute("aria-labelledby")).toBe("ledger-caption");
    expect(root.querySelector('nav.pagination a[rel="next"]')?.textContent.trim()).toBe("Next →");
    expect(root.querySelector('nav.pagination a[rel="prev"]')?.textContent.trim()).toBe("← Previous");
    const hash = root.querySelector("tbody[data-rows] td[data-label='Transaction'] code");
    const full = hash?.getAttribute("title") ?? "";
    expect(full).toMatch(/^0x[0-9a-f]{64}$/);
    expect(hash?.textContent.trim()).toBe(`${full.slice(0, 10)}…${full.slice(-5)}`);
    const out = root.querySelector("tbody[data-rows] tr[data-kind='award'] data[data-amount]");
    expect(out?.textContent.trim()).toMatch(/^−[\d,]+\.\d+$/);
  });
});
