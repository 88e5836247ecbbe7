import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();

describe.runIf(available)("transfers in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let paged: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("defaultDist"));
    paged = await serveDist(inject("pagedDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await paged?.close();
  });

  it("a vetoed transfer's page shows its timeline, step by step, with the ballot's tallies", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(`${site.url}/transfers/17/`);
    const steps = tab.locator("ol.timeline > li");
    const titles = (await steps.locator("h3").allTextContents()).map((title) => title.trim());
    expect(titles[0]).toBe("Proposed");
    expect(titles[1]).toBe("Approved");
    expect(titles[2]).toBe("Scheduled");
    expect(titles[3]).toMatch(/^Veto ballot #\d+$/);
    expect(titles.at(-1)).toBe("Stopped by donors");
    for (let index = 0; index < titles.length; index++) await expect(steps.nth(index).isVisible()).resolves.toBe(true);
    // The ballot step carries turnout, approval and the threshold in words and numbers.
    await expect(steps.nth(3).textContent()).resolves.toMatch(/\d+\.\d\d %/);
    await context.close();
  });

  it("filters by status and quarter, and pages through a long list, with JavaScript off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(`${site.url}/transfers/`);
    await tab
      .getByRole("navigation", { name: "Filter transfers" })
      .getByRole("link", { name: /^Paid \(\d+\)$/ })
      .click();
    expect(new URL(tab.url()).pathname).toBe("/transfers/status/paid/");
    const statuses = await tab.locator("tbody td.status").allTextContents();
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.every((text) => /Paid/.test(text))).toBe(true);

    const quarter = tab.getByRole("navigation", { name: "Filter transfers" }).getByRole("link", { name: /^2025 Q2/ });
    await quarter.click();
    expect(new URL(tab.url()).pathname).toBe("/transfers/quarter/2025-q2/");
    await expect(tab.locator("tbody tr").count()).resolves.toBeGreaterThan(0);

    await tab.goto(`${paged.url}/transfers/`);
    const firstPage = await tab.locator("tbody tr td:first-child").allTextContents();
    await tab.getByRole("link", { name: /Next/ }).first().click();
    expect(new URL(tab.url()).pathname).toBe("/transfers/page/2/");
    const secondPage = await tab.locator("tbody tr td:first-child").allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((uid) => firstPage.includes(uid))).toEqual([]);
    await context.close();
  });
});
