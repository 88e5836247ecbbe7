import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { serveDist } from "../support/site/static-server.ts";

/**
 * Phone first (issue 13), on the committed build at 390 × 844: the overview's first screen answers how much is in
 * the wallet, came in, went out (awards and fees), is waiting and was stopped, and whether the fee rule was kept,
 * all inside the first viewport; and in every kind of table the first row's amount is fully on screen, with no
 * sideways scrolling of the page.
 */

const { available } = browserAvailability();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const SHOTS = path.join(repoRoot, "test-results/screenshots");
const dist = inject("defaultDist");
const meta = JSON.parse(readFileSync(path.join(dist, "data/snapshot/meta.json"), "utf8")) as {
  ledgerTimestampUsec: string;
};
/** Ten days after the snapshot: the stale warning shows, the tallest the freshness note gets (the worst case). */
const STALE_NOW_MS = Number(BigInt(meta.ledgerTimestampUsec) / 1000n) + 10 * 86_400_000;

/** The first-screen figures: the element that must be inside the first viewport, by what it answers. */
const FIRST_SCREEN = {
  balance: '[data-figure="glance:balance"]',
  "balance, exact": "#balance",
  donated: '[data-figure="glance:donated"]',
  "paid out": '[data-figure="glance:paid-out"]',
  "of which awards": '[data-figure="glance:awarded"]',
  "of which fees": '[data-figure="glance:fees"]',
  waiting: '[data-figure="glance:waiting"]',
  "stopped by donors": '[data-figure="glance:stopped"]',
  "fee verdict": "#fee-verdict",
};

const AMOUNT = 'td[data-label^="Amount"]';
/** One page per table type, and the first row's amount cell in each of its tables. */
const TABLES: { name: string; href: string; cells: string[] }[] = [
  { name: "transfers list", href: "/transfers/", cells: [`table.transfers tbody tr:first-child ${AMOUNT}`] },
  {
    name: "transfers of a status",
    href: "/transfers/status/paid/",
    cells: [`table.transfers tbody tr:first-child ${AMOUNT}`],
  },
  { name: "donors", href: "/donors/", cells: ['main table tbody tr:first-child td[data-label^="Donated"]'] },
  {
    name: "donor page",
    href: "/donors/0x00000000000000000000000000000000044cb497d36ba6f7198260138a5a1de2/",
    cells: [`#donations tbody tr:first-child ${AMOUNT}`],
  },
  { name: "vetoes", href: "/vetoes/", cells: [`main table tbody tr:first-child ${AMOUNT}`] },
  {
    name: "overview: awards by team and area, monthly balance, money in and out, fees",
    href: "/",
    cells: [
      '#awards-by-team tbody tr:first-child td[data-label="All time"]',
      '#awards-by-area tbody tr:first-child td[data-label="All time"]',
      "#balance-table tbody tr:first-child td",
      "#flows-table tbody tr:first-child td:last-child",
      "#fees-table tbody tr:first-child td:last-child",
    ],
  },
  {
    name: "quarterly statement",
    href: "/reports/2025-q3/",
    cells: [
      "#statement table:nth-of-type(1) tbody tr:first-child td.num",
      `#statement table.stack tbody tr:first-child ${AMOUNT}`,
    ],
  },
];

/** Where a box lies against the viewport, and whether the page scrolls sideways. */
async function placement(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const box = element.getBoundingClientRect();
    // A cell in a scrolling region is only readable where the region shows it.
    const region = element.closest(".table-scroll")?.getBoundingClientRect();
    return {
      left: box.left,
      right: box.right,
      top: box.top,
      bottom: box.bottom,
      width: box.width,
      regionLeft: region?.left ?? 0,
      regionRight: region?.right ?? window.innerWidth,
      // The cell's own content must not overflow (a number cut mid-way).
      overflows: element instanceof HTMLElement && element.scrollWidth > element.clientWidth + 1,
      pageWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
    };
  }, selector);
}

type Placement = NonNullable<Awaited<ReturnType<typeof placement>>>;

/** What is wrong with a box that must be fully on the phone's screen horizontally (and, with `height`, vertically). */
function offScreen(box: Placement, height?: number): string[] {
  const problems: string[] = [];
  if (box.width <= 0) problems.push("has no width (hidden)");
  if (box.left < 0 || box.left < box.regionLeft - 0.5) problems.push(`starts at x=${box.left}`);
  if (box.right > box.viewportWidth || box.right > box.regionRight + 0.5) problems.push(`ends at x=${box.right}`);
  if (box.overflows) problems.push("its content overflows the cell");
  if (box.pageWidth > box.viewportWidth) problems.push(`the page scrolls sideways (${box.pageWidth} px)`);
  if (height !== undefined && (box.top < 0 || box.bottom > height)) problems.push(`spans y=${box.top}…${box.bottom}`);
  return problems;
}

describe.runIf(available)("phone first, at 390 × 844 in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(dist);
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const [label, scripting] of [
    ["with the stale warning showing", true],
    ["without JavaScript", false],
  ] as const) {
    it(`shows every first-screen figure inside the first viewport, ${label}`, async () => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: scripting });
      const page = await context.newPage();
      if (scripting) await page.clock.setFixedTime(STALE_NOW_MS);
      await page.goto(`${site.url}/`);
      if (scripting) await expect(page.locator("[data-stale-warning]").isVisible()).resolves.toBe(true);
      const problems: string[] = [];
      for (const [name, selector] of Object.entries(FIRST_SCREEN)) {
        const box = await placement(page, selector);
        if (box === null) problems.push(`${name} (${selector}) is not on the page`);
        else problems.push(...offScreen(box, PHONE.height).map((problem) => `${name} ${problem}`));
      }
      expect(problems).toEqual([]);
      // The verdict is a sentence, not a bare mark.
      await expect(page.locator("#fee-verdict").textContent()).resolves.toMatch(/^\s*✓\s+Fees so far: .+ cap\./s);
      await context.close();
    });
  }

  it("keeps navigation to one row, with every section one tap away in the Menu", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.url}/transfers/`);
    const name = await page.locator(".site-name").boundingBox();
    const menu = page.locator("header .nav-menu > summary");
    const summary = await menu.boundingBox();
    // Name and Menu share a row: their boxes overlap vertically.
    expect(name && summary && summary.y < name.y + name.height && name.y < summary.y + summary.height).toBe(true);
    const header = await page.locator(".site-header").boundingBox();
    expect(header?.height ?? 999).toBeLessThan(80);
    const sections = page.getByRole("navigation", { name: "Sections" }).getByRole("link");
    await expect(sections.count()).resolves.toBe(0);
    await menu.click();
    const links = await sections.evaluateAll((anchors) =>
      anchors.map((anchor) => {
        const box = anchor.getBoundingClientRect();
        return { text: anchor.textContent?.trim(), inside: box.left >= 0 && box.right <= window.innerWidth };
      }),
    );
    expect(links.length).toBeGreaterThanOrEqual(9);
    expect(links.filter((link) => !link.inside)).toEqual([]);
    expect(links.map((link) => link.text)).toContain("Transfers");
    await context.close();
  });

  for (const table of TABLES) {
    it(`shows the first row's amount in full in the ${table.name} table (${table.href})`, async () => {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      const response = await page.goto(`${site.url}${table.href}`);
      expect(response?.status()).toBe(200);
      const problems: string[] = [];
      for (const selector of table.cells) {
        const box = await placement(page, selector);
        if (box === null) problems.push(`${selector} is not on the page`);
        else problems.push(...offScreen(box).map((problem) => `${selector} ${problem}`));
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("shows the first row's amount in full in the ledger table (/ledger/)", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${site.url}/ledger/`);
    const selector = `main table tbody tr:first-child ${AMOUNT}`;
    const box = await placement(page, selector);
    expect(box, `${selector} on /ledger/ (use class="stack" and data-label="Amount …")`).not.toBeNull();
    expect(offScreen(box as Placement)).toEqual([]);
    await context.close();
  });

  it("would catch an amount pushed off a phone's screen by a wide table", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.setContent(
      '<html lang="en"><body><table><tr><td style="min-width:500px">payee</td><td data-label="Amount" id="x">1.00</td></tr></table></body></html>',
    );
    const box = await placement(page, "#x");
    expect(offScreen(box as Placement).length).toBeGreaterThan(0);
    await context.close();
  });

  it("writes screenshots of the home page at 390 × 844 and 1366 × 900", async () => {
    for (const [name, viewport] of [
      ["390x844", PHONE],
      ["1366x900", DESKTOP],
    ] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      const file = path.join(SHOTS, `phone-first-home-${name}.png`);
      const shot = await page.screenshot({ path: file });
      expect(shot.byteLength).toBeGreaterThan(5_000);
      console.log(`home page screenshot: ${file}`);
      await context.close();
    }
  });
});
