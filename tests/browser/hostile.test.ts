import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { visibleText } from "../../src/lib/description.ts";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { HOSTILE_FIRST_UID } from "../support/site/hostile-content.ts";
import { hostileDescriptions } from "../support/site/hostile-corpus.ts";
import { HOSTILE_MARKDOWN_SLUG } from "../support/site/hostile-markdown.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();

describe.runIf(available)("hostile descriptions in Chromium", () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveDist(inject("hostileDist"));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("show the exact text, open no dialog, and trigger no script or CSP error on any transfer page", async () => {
    const page = await browser.newPage();
    const incidents: string[] = [];
    page.on("dialog", (dialog) => {
      incidents.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("console", (message) => {
      if (message.type() === "error") incidents.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => incidents.push(`error: ${error.message}`));
    page.on("request", (request) => {
      if (!request.url().startsWith(site.url)) incidents.push(`request: ${request.url()}`);
    });
    for (const [index, description] of hostileDescriptions().entries()) {
      const uid = HOSTILE_FIRST_UID + index;
      await page.goto(`${site.url}/transfers/${uid}/`);
      const shown = await page.locator("#description").textContent();
      const expected = description.text === null ? description.hex : visibleText(description.text);
      expect(shown, `transfer ${uid}`).toBe(expected);
    }
    expect(incidents).toEqual([]);
    await page.close();
  }, 120_000);

  it("open no dialog and trigger no script, CSP error or outside request on the hostile Markdown pages", async () => {
    const page = await browser.newPage();
    const incidents: string[] = [];
    page.on("dialog", (dialog) => {
      incidents.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("console", (message) => {
      if (message.type() === "error") incidents.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => incidents.push(`error: ${error.message}`));
    page.on("request", (request) => {
      if (!request.url().startsWith(site.url)) incidents.push(`request: ${request.url()}`);
    });
    for (const path of [`/writeups/${HOSTILE_MARKDOWN_SLUG}/`, "/reports/2025-q4/"]) {
      await page.goto(`${site.url}${path}`);
      await expect(page.locator(".prose").textContent()).resolves.toContain("SAFE-paragraph");
      // Hovering and clicking what is left of the links must not run anything either.
      for (const link of await page.locator(".prose a").all()) await link.hover();
    }
    expect(incidents).toEqual([]);
    await page.close();
  });
});
