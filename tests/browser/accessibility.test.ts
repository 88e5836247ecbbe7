import { AxeBuilder } from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();
const PAGES = [
  "/",
  "/transfers/",
  "/transfers/10/",
  "/transfers/17/",
  "/transfers/status/vetoed/",
  "/transfers/quarter/2025-q2/",
  "/vetoes/",
  "/ledger/",
  "/ledger/page/8/",
  "/ledger/quarter/2025-q3/kind/awarded/",
  "/proposals/",
  "/donors/",
  // A donor of the committed snapshot (47 donations).
  "/donors/0x00000000000000000000000000000000044cb497d36ba6f7198260138a5a1de2/",
  "/governance/",
  "/take-part/",
  "/reports/",
  "/reports/2025-q3/",
  "/writeups/about-this-site/",
  "/changes/",
  "/methodology/",
  "/teams/",
  // A team with paid awards and a report that mentions it; one with a scheduled award.
  "/teams/mutual-health-plan/",
  "/teams/community-dispute-resolution/",
  "/transfers/29/",
  "/glossary/",
  "/data/",
  "/search/",
  "/404.html",
  // The community wallets pages (real exports): the index, a sort page, the SIP and a wallet with payments and names.
  "/community-wallets/",
  "/community-wallets/by/difference/",
  "/community-wallets/0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2/",
  "/community-wallets/0x000000000000000000000000000000003a6c51a0b786d644590e8a21591fa8e2/",
];

describe.runIf(available)("accessibility in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("defaultDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const page of PAGES) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${page} has no WCAG 2.2 A/AA violations (axe, ${scheme} mode)`, async () => {
        const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 390, height: 844 } });
        const tab = await context.newPage();
        await tab.goto(`${site.url}${page}`);
        const results = await new AxeBuilder({ page: tab })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
          .analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(summary).toEqual([]);
        expect(results.passes.length).toBeGreaterThan(5);
        await context.close();
      });
    }
  }

  it("a later page of a paginated list has no WCAG 2.2 A/AA violations (axe)", async () => {
    const paged = await serveDist(inject("pagedDist"));
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const tab = await context.newPage();
      await tab.goto(`${paged.url}/transfers/status/scheduled/page/5/`);
      await expect(tab.locator("nav.pagination a[aria-current='page']").textContent()).resolves.toBe("5");
      const results = await new AxeBuilder({ page: tab })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
        [],
      );
      await context.close();
    } finally {
      await paged.close();
    }
  });

  it("would catch a violation (the harness is live)", async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.setContent('<html><body><img src="x.png"><p style="color:#777;background:#888">faint</p></body></html>');
    const results = await new AxeBuilder({ page: tab }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => v.id)).toEqual(
      expect.arrayContaining(["image-alt", "color-contrast", "html-has-lang"]),
    );
    await context.close();
  });

  it("lets a keyboard user skip to the content first", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/methodology/`);
    await tab.keyboard.press("Tab");
    await expect(tab.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await tab.keyboard.press("Enter");
    await expect(tab.evaluate(() => location.hash)).resolves.toBe("#main");
    await tab.close();
  });
});

describe.runIf(available)("the Atom feed in Chromium", () => {
  it("parses as XML with one entry per reading", async () => {
    const browser = await launchChromium();
    const site = await serveDist(inject("defaultDist"));
    try {
      const page = await browser.newPage();
      await page.goto(`${site.url}/`);
      const result = await page.evaluate(async () => {
        const text = await (await fetch("/feed.xml")).text();
        const doc = new DOMParser().parseFromString(text, "application/xml");
        return {
          error: doc.getElementsByTagName("parsererror").length,
          entries: doc.getElementsByTagName("entry").length,
          root: doc.documentElement.namespaceURI,
        };
      });
      expect(result.error).toBe(0);
      expect(result.root).toBe("http://www.w3.org/2005/Atom");
      expect(result.entries).toBeGreaterThan(1);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
