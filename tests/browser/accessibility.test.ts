import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scanWithAxe } from "../support/site/axe.ts";
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
  // One phone-sized tab for every page: each is loaded once and scanned in light, then in dark mode.
  let phone: BrowserContext;
  let tab: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("defaultDist"));
    phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    tab = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const page of PAGES) {
    it(`${page} has no WCAG 2.2 A/AA violations (axe, light and dark mode)`, async () => {
      await tab.emulateMedia({ colorScheme: "light" });
      await tab.goto(`${site.url}${page}`);
      const light = await scanWithAxe(tab);
      await tab.emulateMedia({ colorScheme: "dark" });
      // The page re-styles in place; proof that the second scan sees the dark colours, not the light ones again.
      await expect(tab.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).resolves.toBe(true);
      const dark = await scanWithAxe(tab);
      expect({ light: light.violations, dark: dark.violations }).toEqual({ light: [], dark: [] });
      expect(Math.min(light.passes, dark.passes)).toBeGreaterThan(5);
    });
  }

  it("a later page of a paginated list has no WCAG 2.2 A/AA violations (axe)", async () => {
    const paged = await serveDist(inject("pagedDist"));
    try {
      await tab.emulateMedia({ colorScheme: "light" });
      await tab.goto(`${paged.url}/transfers/status/scheduled/page/5/`);
      await expect(tab.locator("nav.pagination a[aria-current='page']").textContent()).resolves.toBe("5");
      expect((await scanWithAxe(tab)).violations).toEqual([]);
    } finally {
      await paged.close();
    }
  });

  it("would catch a violation, in light and in dark mode (the harness is live)", async () => {
    // Faint text only in dark mode: a scan that ignored the emulated scheme would miss it. A tab of its own, so the
    // document is new as after every page's goto (setContent rewrites the last page's document in place).
    const sample = await phone.newPage();
    await sample.setContent(
      "<html><head><style>@media (prefers-color-scheme: dark) { p { color: #777; background: #888 } }</style></head>" +
        '<body><img src="x.png"><p>faint in the dark</p></body></html>',
    );
    const rulesBroken = async () =>
      (await scanWithAxe(sample, ["wcag2a", "wcag2aa"])).violations.map((v) => v.split(":")[0]);
    const light = await rulesBroken();
    expect(light).toEqual(expect.arrayContaining(["image-alt", "html-has-lang"]));
    expect(light).not.toContain("color-contrast");
    await sample.emulateMedia({ colorScheme: "dark" });
    expect(await rulesBroken()).toContain("color-contrast");
    await sample.close();
  });

  it("lets a keyboard user skip to the content first", async () => {
    const reader = await browser.newPage();
    await reader.goto(`${site.url}/methodology/`);
    await reader.keyboard.press("Tab");
    await expect(reader.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await reader.keyboard.press("Enter");
    await expect(reader.evaluate(() => location.hash)).resolves.toBe("#main");
    await reader.close();
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
