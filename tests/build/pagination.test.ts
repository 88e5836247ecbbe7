import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { DONORS_PER_PAGE, TRANSFERS_PER_PAGE } from "../../src/lib/pagination.ts";
import { distPathOf } from "../support/site/dist-files.ts";
import {
  PAGED_DONOR_FILLER_COUNT,
  PAGED_FILLER_COUNT,
  PAGED_FIRST_UID,
  pagedFillerDonor,
} from "../support/site/paged-content.ts";

interface ListPage {
  href: string;
  root: HTMLElement;
  uids: string[];
}

async function readPage(dist: string, href: string): Promise<HTMLElement> {
  return parse(await readFile(path.join(dist, distPathOf(href)), "utf8"));
}

/** Walks a list from its first page along `rel="next"` links, as a reader without JavaScript would. */
async function walkList(dist: string, first: string): Promise<ListPage[]> {
  const pages: ListPage[] = [];
  let href: string | undefined = first;
  while (href) {
    expect(pages.length, `loop in ${first}`).toBeLessThan(1000);
    const root = await readPage(dist, href);
    const uids = root
      .querySelectorAll("table.transfers tbody tr td:first-child a")
      .map((a) => /^\/transfers\/(\d+)\/$/.exec(a.getAttribute("href") ?? "")?.[1] ?? "?");
    pages.push({ href, root, uids });
    href = root.querySelector('nav.pagination a[rel="next"]')?.getAttribute("href");
  }
  return pages;
}

const fillerUids = Array.from({ length: PAGED_FILLER_COUNT }, (_, i) => String(PAGED_FIRST_UID + i));
const newestFirst = (uids: string[]) => [...uids].sort((a, b) => Number(b) - Number(a));

describe("transfer lists with many transfers", () => {
  it("reach every transfer exactly once across the pages of /transfers/, newest first, 100 a page", async () => {
    const pages = await walkList(inject("pagedDist"), "/transfers/");
    const total = PAGED_FILLER_COUNT + 1;
    const count = Math.ceil(total / TRANSFERS_PER_PAGE);
    expect(pages.map((page) => page.href)).toEqual([
      "/transfers/",
      ...Array.from({ length: count - 1 }, (_, i) => `/transfers/page/${i + 2}/`),
    ]);
    for (const [index, page] of pages.entries()) {
      const expected = index === count - 1 ? total - (count - 1) * TRANSFERS_PER_PAGE : TRANSFERS_PER_PAGE;
      expect(page.uids.length, page.href).toBe(expected);
      expect(page.root.querySelector("title")?.textContent, page.href).toMatch(
        new RegExp(`^Transfers, page ${index + 1} of ${count} · `),
      );
      expect(page.root.querySelector("h1")?.textContent, page.href).toBe(`Transfers, page ${index + 1} of ${count}`);
    }
    const shown = pages.flatMap((page) => page.uids);
    expect(shown).toEqual(newestFirst([...fillerUids, "5"]));
  });

  it("paginate each status and each quarter the same way, every row belonging to its list", async () => {
    const dist = inject("pagedDist");
    const scheduled = await walkList(dist, "/transfers/status/scheduled/");
    expect(scheduled.length).toBe(PAGED_FILLER_COUNT / TRANSFERS_PER_PAGE);
    expect(scheduled[1]?.href).toBe("/transfers/status/scheduled/page/2/");
    expect(scheduled.flatMap((page) => page.uids)).toEqual(newestFirst(fillerUids));
    for (const page of scheduled) {
      expect(page.uids.length, page.href).toBe(TRANSFERS_PER_PAGE);
      expect(page.root.querySelectorAll("tbody td.status-scheduled").length, page.href).toBe(TRANSFERS_PER_PAGE);
    }
    const paid = await walkList(dist, "/transfers/status/paid/");
    expect(paid.map((page) => page.uids)).toEqual([["5"]]);
    expect(paid[0]?.root.querySelector("nav.pagination")).toBeNull();
    expect(paid[0]?.root.querySelector("title")?.textContent).not.toMatch(/page \d+ of/);

    const quarterLinks = (await readPage(dist, "/transfers/"))
      .querySelectorAll('nav.filters a[href^="/transfers/quarter/"]')
      .map((a) => a.getAttribute("href") ?? "");
    expect(quarterLinks.length).toBeGreaterThanOrEqual(3);
    const inQuarters: string[] = [];
    for (const href of quarterLinks) {
      const [, year, q] = /\/(\d{4})-q(\d)\/$/.exec(href) ?? [];
      const pages = await walkList(dist, href);
      for (const page of pages) {
        for (const time of page.root.querySelectorAll("tbody time")) {
          const month = Number(time.getAttribute("datetime")?.slice(5, 7));
          expect(`${time.getAttribute("datetime")?.slice(0, 4)}-q${Math.ceil(month / 3)}`, page.href).toBe(
            `${year}-q${q}`,
          );
        }
      }
      inQuarters.push(...pages.flatMap((page) => page.uids));
    }
    expect(newestFirst(inQuarters)).toEqual(newestFirst([...fillerUids, "5"]));
    expect(new Set(inQuarters).size).toBe(inQuarters.length);
  });

  it("navigate with previous/next, numbered pages with gaps, and the current page marked", async () => {
    const dist = inject("pagedDist");
    const pages = await walkList(dist, "/transfers/");
    const last = pages.length;
    for (const [index, { href, root }] of pages.entries()) {
      const nav = root.querySelector("nav.pagination");
      expect(nav?.getAttribute("aria-label"), href).toBe("Pages of transfers");
      const current = nav?.querySelectorAll('a[aria-current="page"]') ?? [];
      expect(
        current.map((a) => [a.getAttribute("href"), a.textContent]),
        href,
      ).toEqual([[href, String(index + 1)]]);
      const prev = nav?.querySelector('a[rel="prev"]')?.getAttribute("href");
      expect(prev, href).toBe(index === 0 ? undefined : pages[index - 1]?.href);
      const numbers = nav?.querySelectorAll("a:not([rel])").map((a) => a.textContent) ?? [];
      expect(numbers[0], href).toBe("1");
      expect(numbers[numbers.length - 1], href).toBe(String(last));
      for (const a of nav?.querySelectorAll("a") ?? []) {
        expect(existsSync(path.join(dist, distPathOf(a.getAttribute("href") ?? ""))), a.getAttribute("href")).toBe(
          true,
        );
      }
    }
    const items = (index: number) =>
      pages[index]?.root.querySelectorAll("nav.pagination li").map((li) => li.textContent.replace(/\s+/g, " ").trim());
    expect(items(0)).toEqual(["← Previous", "1", "2", "3", "…", "11", "Next →"]);
    expect(items(4)).toEqual(["← Previous", "1", "2", "3", "4", "5", "6", "7", "…", "11", "Next →"]);
    expect(pages[0]?.root.querySelector("nav.pagination li:first-child a")).toBeNull();
    expect(pages[last - 1]?.root.querySelector("nav.pagination li:last-child a")).toBeNull();
    expect(existsSync(path.join(dist, "transfers/page/1/index.html"))).toBe(false);
    expect(existsSync(path.join(dist, `transfers/page/${last + 1}/index.html`))).toBe(false);
  });

  it("keep the filter links on every page, marking the list being paged", async () => {
    const root = await readPage(inject("pagedDist"), "/transfers/status/scheduled/page/3/");
    const marked = root.querySelectorAll("nav.filters a[aria-current]");
    expect(marked.map((a) => [a.getAttribute("href"), a.getAttribute("aria-current")])).toEqual([
      ["/transfers/status/scheduled/", "true"],
    ]);
    const first = await readPage(inject("pagedDist"), "/transfers/status/scheduled/");
    expect(first.querySelector('nav.filters a[aria-current="page"]')?.getAttribute("href")).toBe(
      "/transfers/status/scheduled/",
    );
  });

  it("keep transfer permalinks at /transfers/<uid>/", async () => {
    const dist = inject("pagedDist");
    for (const uid of ["5", String(PAGED_FIRST_UID), String(PAGED_FIRST_UID + PAGED_FILLER_COUNT - 1)]) {
      const root = await readPage(dist, `/transfers/${uid}/`);
      expect(root.querySelector("h1")?.textContent).toBe(`Transfer #${uid}`);
    }
  });
});

describe("transfer lists that fit one page", () => {
  it("show no page navigation and no page number", async () => {
    const root = await readPage(inject("defaultDist"), "/transfers/");
    expect(root.querySelector("nav.pagination")).toBeNull();
    expect(root.querySelector("title")?.textContent).toMatch(/^Transfers · /);
    expect(root.querySelectorAll("table.transfers tbody tr").length).toBeGreaterThan(0);
    expect(root.querySelectorAll("table.transfers tbody tr").length).toBeLessThanOrEqual(TRANSFERS_PER_PAGE);
  });
});

describe("the donors index with many donors", () => {
  it("lists every donor of donors.json exactly once across /donors/ and /donors/page/<n>/, 100 a page, each under 120 kB", async () => {
    const dist = inject("pagedDist");
    const donors: Array<{ address: string }> = JSON.parse(
      await readFile(path.join(dist, "data/snapshot/donors.json"), "utf8"),
    );
    expect(donors.map((d) => d.address)).toEqual(
      expect.arrayContaining(Array.from({ length: PAGED_DONOR_FILLER_COUNT }, (_, i) => pagedFillerDonor(i))),
    );
    const count = Math.ceil(donors.length / DONORS_PER_PAGE);
    expect(count).toBeGreaterThan(2);
    const shown: string[] = [];
    const hrefs: string[] = [];
    let href: string | undefined = "/donors/";
    while (href) {
      expect(hrefs.length, "loop in /donors/").toBeLessThan(100);
      hrefs.push(href);
      const html: Buffer = await readFile(path.join(dist, distPathOf(href)));
      expect(gzipSync(html).length, href).toBeLessThanOrEqual(120 * 1024);
      const root: HTMLElement = parse(html.toString("utf8"));
      const addresses = root
        .querySelectorAll("tbody[data-rows] tr td:first-child a")
        .map((a: HTMLElement) => /^\/donors\/(0x[0-9a-f]{64})\/$/.exec(a.getAttribute("href") ?? "")?.[1] ?? "?");
      const page = hrefs.length;
      expect(addresses.length, href).toBe(
        page < count ? DONORS_PER_PAGE : donors.length - (count - 1) * DONORS_PER_PAGE,
      );
      expect(root.querySelector("h1")?.textContent, href).toBe(`Donors, page ${page} of ${count}`);
      // The stated total and count are the whole list's on every page, so a figure linking here adds up.
      expect(root.querySelector("[data-rows-total]")?.getAttribute("data-rows-count"), href).toBe(
        String(donors.length),
      );
      expect(root.querySelectorAll("script"), href).toHaveLength(0);
      shown.push(...addresses);
      href = root.querySelector('nav.pagination a[rel="next"]')?.getAttribute("href");
    }
    expect(hrefs).toEqual(["/donors/", ...Array.from({ length: count - 1 }, (_, i) => `/donors/page/${i + 2}/`)]);
    expect(shown).toHaveLength(donors.length);
    expect(new Set(shown)).toEqual(new Set(donors.map((d) => d.address)));
  });

  it("keeps one page without navigation when the donors fit", async () => {
    const root = await readPage(inject("defaultDist"), "/donors/");
    expect(root.querySelector("nav.pagination")).toBeNull();
    expect(root.querySelector("h1")?.textContent).toBe("Donors");
  });
});
