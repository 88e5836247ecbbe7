import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();

/** A report printed from the browser (or saved as PDF): content and program name, no site chrome. */
describe.runIf(available)("a quarterly report printed in Chromium", () => {
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

  it("shows the program name, the text, the statement and the simulated-data note, not the navigation or footer", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/reports/2025-q3/`);
    await tab.emulateMedia({ media: "print" });
    const shown = await tab.evaluate(() => {
      const visible = (selector: string) => {
        const element = document.querySelector(selector);
        return element !== null && getComputedStyle(element).display !== "none";
      };
      const link = document.querySelector(".prose a");
      return {
        name: visible(".site-name"),
        nav: visible("header nav"),
        footer: visible(".site-footer"),
        back: visible(".print-hidden"),
        banner: visible(".banner"),
        prose: visible(".prose"),
        statement: visible("#statement"),
        underline: link ? getComputedStyle(link).textDecorationLine : "missing",
        scroll: getComputedStyle(document.querySelector(".table-scroll") as Element).overflowX,
      };
    });
    expect(shown).toEqual({
      name: true,
      nav: false,
      footer: false,
      back: false,
      banner: true,
      prose: true,
      statement: true,
      underline: "none",
      scroll: "visible",
    });
    // What "Save as PDF" runs: it must produce a PDF document from the print layout.
    const pdf = await tab.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await tab.close();
  });
});
