/**
 * The ledger pages are most of the site's HTML, each ~78 kB at 100 rows; a transfer list page is ~66 kB. Astro
 * flattens a page into one string to encode it; V8 stores a string one byte a character only while every character
 * is Latin-1, so a single `…` or `−` makes the page twice its size in memory, past V8's 128 kB large-object size
 * once the page is over ~64,000 characters, and each such page is then mapped and page-faulted afresh (~1.2 ms a
 * page; 2.1 s of the build's CPU at bench scale 0.25). The markup we own writes those characters as references
 * instead (LedgerTable.astro, TransferTable.astro, StatusMarker.astro, Pagination.astro, BaseLayout.astro, …): the
 * text a reader gets is unchanged, which the other build tests read through the parsed page. Small pages do not pay
 * the penalty and are not held to it; text from data (a description in any script) may make any page two-byte.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { listDist } from "../support/site/dist-files.ts";

const beyondLatin1 = /[\u0100-\u{10ffff}]/u;

/** Pages over this many characters are held to Latin-1: twice this in bytes is near V8's 128 kB large-object size. */
const LARGE_PAGE_CHARACTERS = 60_000;

interface Page {
  file: string;
  html: string;
}

async function pagesOf(dist: string, include: (file: string) => boolean): Promise<Page[]> {
  const files = (await listDist(dist)).filter((file) => file.endsWith(".html") && include(file));
  return Promise.all(files.map(async (file) => ({ file, html: await readFile(path.join(dist, file), "utf8") })));
}

const ledgerPages = (dist: string) => pagesOf(dist, (file) => file.startsWith("ledger/"));

/** Each page holding a character beyond Latin-1, named with the first such character and where it is. */
function beyondLatin1In(pages: readonly Page[]): string[] {
  return pages.flatMap(({ file, html }) => {
    const found = beyondLatin1.exec(html);
    if (found === null) return [];
    const codePoint = (found[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    return [
      `${file}: ${found[0]} (U+${codePoint}) at ${found.index} in …${html.slice(Math.max(0, found.index - 60), found.index + 20)}…`,
    ];
  });
}

/**
 * Large pages of the committed content that stay two-byte, one page each (~1 ms of the build each), and why. The
 * first two hold figure sources in `title` and `data-source-record` attributes whose formulas write `−`, `…`, `≠`:
 * Astro escapes the `&` of an attribute's value, so no reference can stand there without changing the attribute's
 * text, which auditors' scripts read.
 */
const KNOWN_TWO_BYTE_PAGES: readonly string[] = ["index.html", "legacy/index.html"];

describe.each([
  ["the committed content", "defaultDist"],
  ["many transfers (paged content)", "pagedDist"],
] as const)("pages of %s", (_, dist) => {
  it("over 60,000 characters hold only Latin-1 characters", async () => {
    const pages = (await pagesOf(inject(dist), (file) => !KNOWN_TWO_BYTE_PAGES.includes(file))).filter(
      (page) => page.html.length > LARGE_PAGE_CHARACTERS,
    );
    expect(pages.length).toBeGreaterThan(1);
    expect(beyondLatin1In(pages)).toEqual([]);
  });

  it("of the ledger hold only Latin-1 characters, whatever their size", async () => {
    const pages = await ledgerPages(inject(dist));
    expect(pages.length).toBeGreaterThan(1);
    expect(beyondLatin1In(pages)).toEqual([]);
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

describe("transfer list pages of many transfers (paged content), whose descriptions are all Latin-1", () => {
  it("hold only Latin-1 characters, whatever their size", async () => {
    const pages = await pagesOf(
      inject("pagedDist"),
      (file) => file.startsWith("transfers/") && !/^transfers\/\d+\//.test(file),
    );
    expect(pages.length).toBeGreaterThan(10);
    expect(beyondLatin1In(pages)).toEqual([]);
  });

  it("write the other characters as references, which read as the characters they stand for", async () => {
    const html = await readFile(path.join(inject("pagedDist"), "transfers/page/2/index.html"), "utf8");
    for (const reference of ["&ndash;", "&#x25F7;", "&hellip;"]) expect(html, reference).toContain(reference);
    const root = parse(html);
    expect(root.querySelector("caption#transfers-caption")?.textContent.trim()).toMatch(
      /^Transfers 101–200 of [\d,]+, newest first$/,
    );
    expect(root.querySelector("section.table-scroll")?.getAttribute("aria-labelledby")).toBe("transfers-caption");
    expect(root.querySelector("section.table-scroll")?.hasAttribute("aria-label")).toBe(false);
    const status = root.querySelector("tbody[data-rows] td.status-scheduled");
    expect(status?.textContent.trim()).toBe("◷ Scheduled");
    expect(status?.querySelector("span[aria-hidden='true']")?.textContent).toBe("◷");
    const payee = root.querySelector("tbody[data-rows] td[data-label='To'] code[title]");
    expect(payee?.textContent.trim()).toMatch(/^0x[0-9a-f]{6}…[0-9a-f]{5}$/);
  });
});
