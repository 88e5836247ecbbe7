import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();
const screenshots = path.join(repoRoot, "test-results/screenshots");

describe.runIf(available)("home page in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("fixtureDist"));
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const viewport of [
    { name: "phone", width: 390, height: 844 },
    { name: "desktop", width: 1280, height: 800 },
  ]) {
    it(`shows the exact balance and ledger version on a ${viewport.name} viewport`, async () => {
      const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(`${site.url}/`);
      await expect(page.locator("#balance").textContent()).resolves.toBe("18,446,744,073,709.551615");
      await expect(page.locator("#ledger-version").textContent()).resolves.toBe("98,765,432");
      await expect(page.locator("h1").textContent()).resolves.toBe("Fixture Program");
      // The figure must fit the viewport: no horizontal scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await page.locator("#balance").boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(screenshots, `home-${viewport.name}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
