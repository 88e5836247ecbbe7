import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scanWithAxe } from "../support/site/axe.ts";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { serveDist } from "../support/site/static-server.ts";
import { SECOND_WALLET_NAME, SECOND_WALLET_PREFIX } from "../support/site/wallets-content.ts";

const { available } = browserAvailability();

/** Script errors and CSP violations: a sub-site's rewritten pages must still satisfy their own policy. */
async function watch(page: Page): Promise<string[]> {
  const incidents: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") incidents.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => incidents.push(`error: ${error.message}`));
  await page.exposeFunction("reportCspViolation", (text: string) => incidents.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return incidents;
}

describe.runIf(available)("the wallet switcher in Chromium (two wallets)", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("walletsDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("goes from the main wallet's overview to the other wallet's and back, at 390 px, without JavaScript", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    const switcher = page.getByRole("navigation", { name: "Wallets" });
    await switcher.getByRole("link", { name: SECOND_WALLET_NAME }).click();
    await page.waitForURL(`${site.url}${SECOND_WALLET_PREFIX}`);
    expect(await page.locator("h1").textContent()).toBe(`Social Infrastructure Program: ${SECOND_WALLET_NAME}`);
    const current = page.getByRole("navigation", { name: "Wallets" }).locator('[aria-current="true"]');
    expect(await current.textContent()).toContain(SECOND_WALLET_NAME);
    // Within the other wallet's site, the sections stay in it (on a phone they are behind the Menu disclosure).
    await page.getByRole("navigation", { name: "Sections" }).getByText("Menu", { exact: true }).click();
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Transfers" }).click();
    await page.waitForURL(`${site.url}${SECOND_WALLET_PREFIX}transfers/`);
    await page.getByRole("link", { name: "#4", exact: true }).click();
    await page.waitForURL(`${site.url}${SECOND_WALLET_PREFIX}transfers/4/`);
    await page
      .getByRole("navigation", { name: "Wallets" })
      .getByRole("link", { name: "Social Infrastructure Program" })
      .click();
    await page.waitForURL(`${site.url}/`);
    expect(await page.locator("#wallet-totals").count()).toBe(1);
    // The switcher fits the narrow screen: no horizontal scrolling of the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("searches the other wallet's own index, with results in its own site", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const incidents = await watch(page);
    await page.goto(`${site.url}${SECOND_WALLET_PREFIX}search/`);
    await page.locator("#search-input").fill("Neighbourhood");
    await page.waitForFunction(
      () => {
        const status = document.getElementById("search-status")?.textContent ?? "";
        return status.includes("Neighbourhood") && !status.startsWith("Searching");
      },
      undefined,
      { timeout: 20_000 },
    );
    const links = await page
      .locator("#search-results li > a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links).toContain(`${SECOND_WALLET_PREFIX}transfers/4/`);
    expect(links.filter((link) => !link.startsWith(SECOND_WALLET_PREFIX))).toEqual([]);
    await page.goto(`${site.url}${SECOND_WALLET_PREFIX}`);
    await page.waitForLoadState("networkidle");
    expect(incidents).toEqual([]);
    await context.close();
  });

  for (const path of [
    "/",
    SECOND_WALLET_PREFIX,
    `${SECOND_WALLET_PREFIX}transfers/4/`,
    `${SECOND_WALLET_PREFIX}reports/`,
  ]) {
    it(`${path} has no WCAG 2.2 A/AA violations (axe, 390 px)`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const tab = await context.newPage();
      await tab.goto(`${site.url}${path}`);
      const results = await scanWithAxe(tab);
      expect(results.violations).toEqual([]);
      expect(results.passes).toBeGreaterThan(5);
      await context.close();
    });
  }
});
