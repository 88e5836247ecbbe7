import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scanWithAxe } from "../support/site/axe.ts";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();

/** The legacy era page of the fixture build, at phone and desktop widths, in light and dark mode. */
describe.runIf(available)("the legacy era page in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("fixtureDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`has no WCAG 2.2 A/AA violations and no sideways scroll at ${width} px (${scheme})`, async () => {
        const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 844 } });
        const tab = await context.newPage();
        await tab.goto(`${site.url}/legacy/`);
        await expect(tab.locator("h1").textContent()).resolves.toBe("Legacy era (2021–2023)");
        const results = await scanWithAxe(tab);
        expect(results.violations).toEqual([]);
        expect(results.passes).toBeGreaterThan(5);
        const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await context.close();
      });
    }
  }
});
