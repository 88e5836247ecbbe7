import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();

/** One page of each type. */
const PAGES = {
  home: "/",
  transfers: "/transfers/",
  transfer: "/transfers/10/",
  vetoes: "/vetoes/",
  ledger: "/ledger/",
  proposals: "/proposals/",
  donors: "/donors/",
  donor: "/donors/0x00000000000000000000000000000000044cb497d36ba6f7198260138a5a1de2/",
  reports: "/reports/",
  report: "/reports/2025-q3/",
  writeup: "/writeups/about-this-site/",
  search: "/search/",
  changes: "/changes/",
  methodology: "/methodology/",
  data: "/data/",
  communityWallets: "/community-wallets/",
  // A heading that is one long address (the real state's wallet pages).
  communityWallet: "/community-wallets/0x000000000000000000000000000000007b61439a88060096213ac4f5853b598e/",
};
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

/** Screenshots land here for people to look at (CI keeps test-results/ as an artifact when it can). */
const SHOTS = path.join(repoRoot, "test-results/screenshots");

describe.runIf(available)("phone and desktop viewports in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  // One tab per screen size, reused from page to page: a fresh tab costs Chromium ~0.5 s here, more than most checks.
  const tabs = new Map<string, Page>();

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("defaultDist"));
    await mkdir(SHOTS, { recursive: true });
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      tabs.set(viewportName, await context.newPage());
    }
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    for (const [pageName, href] of Object.entries(PAGES)) {
      it(`${pageName} fits a ${viewportName} screen (${viewport.width} px) without sideways scrolling`, async () => {
        const tab = tabs.get(viewportName) as Page;
        // Each page from its own first screen, with its own Menu closed, as a reader arriving on it.
        await tab.goto(`${site.url}${href}`);
        const heading = await tab.evaluate(() => document.querySelector("main h1")?.getBoundingClientRect().top ?? -1);
        // On a phone the sections are behind the one-row header's Menu disclosure; open it as a reader would.
        const menu = tab.locator("header .nav-menu > summary");
        if (await menu.isVisible()) await menu.click();
        const layout = await tab.evaluate(() => ({
          pageWidth: document.documentElement.scrollWidth,
          viewportWidth: window.innerWidth,
          // The header carries the sections twice (Menu for phones, inline for wide screens); one copy shows.
          navLinks: [...document.querySelectorAll("header nav a")].map((link) => {
            const box = link.getBoundingClientRect();
            return { href: link.getAttribute("href"), visible: box.width > 0 && box.height > 0 };
          }),
        }));
        // Wide tables scroll inside their own region; the page itself never does.
        expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewportWidth);
        // Every section, including "Data", is reachable from the header on a phone too.
        const visible = layout.navLinks.filter((link) => link.visible).map((link) => link.href);
        expect(visible.length).toBeGreaterThanOrEqual(7);
        expect(new Set(visible)).toEqual(new Set(layout.navLinks.map((link) => link.href)));
        // The page's title is on the first screen.
        expect(heading).toBeGreaterThanOrEqual(0);
        expect(heading).toBeLessThan(viewport.height);
        const shot = await tab.screenshot({
          path: path.join(SHOTS, `page-${pageName}-${viewportName}.png`),
          fullPage: true,
        });
        expect(shot.byteLength).toBeGreaterThan(5_000);
      });
    }
  }

  it("the fit check would catch a page wider than the screen", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const tab = await context.newPage();
    await tab.setContent('<html lang="en"><body><div style="width:900px">wide</div></body></html>');
    const width = await tab.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeGreaterThan(VIEWPORTS.phone.width);
    await context.close();
  });

  it("shows a visible focus ring on every link a keyboard user tabs through in the header", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const tab = await context.newPage();
    await tab.goto(`${site.url}/transfers/`);
    const seen: string[] = [];
    for (let step = 0; step < 10; step++) {
      await tab.keyboard.press("Tab");
      const focus = await tab.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
        return { text: element.textContent?.trim() ?? "", ring, inHeader: Boolean(element.closest("header")) };
      });
      if (!focus) break;
      expect(focus.ring, `focus ring on "${focus.text}"`).toBe(true);
      if (focus.inHeader) seen.push(focus.text);
    }
    // Tab order follows the page: the program name, then the sections in header order.
    expect(seen.slice(1, 4)).toEqual(["Overview", "Ledger", "Transfers"]);
    await context.close();
  });
});
