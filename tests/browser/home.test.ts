import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { serveDist } from "../support/site/static-server.ts";

const { available } = browserAvailability();
const screenshots = path.join(repoRoot, "test-results/screenshots");
const CHARTS = ["balance", "flows", "fees"] as const;
/** The fixture snapshot's block time (tests/support/site/fixture-content.ts). */
const SNAPSHOT_MS = Date.parse("2026-01-01T00:00:00Z");
const HOUR_MS = 3_600_000;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

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

  /** A page that records page errors, console errors and CSP violations (Chromium reports those as both). */
  async function openHome(options: BrowserContextOptions & { nowMs?: number } = {}) {
    const { nowMs, ...contextOptions } = options;
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    if (contextOptions.javaScriptEnabled !== false) {
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener("securitypolicyviolation", (event) => {
          window.cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
        });
      });
    }
    if (nowMs !== undefined) await page.clock.setFixedTime(nowMs);
    await page.goto(`${site.url}/`);
    return { context, page, errors };
  }

  /** The page's cumulative layout shift so far (Chromium's layout-shift entries). */
  function layoutShift(page: Page) {
    return page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) total += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 200);
        }),
    );
  }

  /**
   * What the browser drew of a chart's SVG: the rendered height of each bar of a series (px), the rendered size of
   * its line, and how far any text pokes out of the image sideways (px; 0 when every label fits).
   */
  function chartGeometry(page: Page, id: string) {
    return page.evaluate((id) => {
      const svg = document.getElementById(id);
      if (!svg) return null;
      const box = svg.getBoundingClientRect();
      const heights = (key: string) =>
        [...svg.querySelectorAll(`rect.chart-series-${key}`)].map((rect) => rect.getBoundingClientRect().height);
      const line = svg.querySelector("path.chart-series-balance")?.getBoundingClientRect();
      let overflow = 0;
      for (const text of svg.querySelectorAll("text")) {
        const label = text.getBoundingClientRect();
        overflow = Math.max(overflow, box.left - label.left, label.right - box.right);
      }
      return {
        width: box.width,
        height: box.height,
        bars: { in: heights("in"), out: heights("out"), fee: heights("fee"), cap: heights("cap") },
        line: line ? { width: line.width, height: line.height } : null,
        overflow,
      };
    }, id);
  }

  for (const viewport of [
    { name: "phone", width: 390, height: 844 },
    { name: "desktop", width: 1280, height: 800 },
  ]) {
    it(`shows the exact balance and draws every chart on a ${viewport.name} viewport`, async () => {
      const { context, page, errors } = await openHome({
        viewport: { width: viewport.width, height: viewport.height },
        nowMs: SNAPSHOT_MS + HOUR_MS,
      });
      await expect(page.locator("#balance").textContent()).resolves.toBe("18,446,744,073,709.551615");
      await expect(page.locator("#ledger-version").textContent()).resolves.toBe("98,765,432");
      await expect(page.locator("h1").textContent()).resolves.toBe("Fixture Program");
      for (const chart of CHARTS) {
        await expect(page.locator(`#${chart}-chart`).isVisible(), chart).resolves.toBe(true);
        const drawn = await chartGeometry(page, `${chart}-chart`);
        // As wide as the column, and every axis label inside the image.
        expect(drawn?.width, chart).toBeGreaterThan(viewport.width / 2);
        expect(drawn?.overflow, chart).toBeLessThanOrEqual(0.5);
        // The chart shows above its table, which stays open.
        await expect(page.locator(`#${chart}-table`).isVisible(), chart).resolves.toBe(true);
      }
      // The bars are drawn to scale: fees 20.00 against a 12.00 cap, money in 760.50 against 320.00 out.
      const fees = await chartGeometry(page, "fees-chart");
      const [fee = 0, cap = 0] = [fees?.bars.fee[0], fees?.bars.cap[0]];
      expect(fee / cap).toBeCloseTo(20 / 12, 1);
      const flows = await chartGeometry(page, "flows-chart");
      expect((flows?.bars.in[0] ?? 0) / (flows?.bars.out[0] ?? 1)).toBeCloseTo(760.5 / 320, 1);
      // The balance line rises across the plot (opening balance to December's).
      const balance = await chartGeometry(page, "balance-chart");
      expect(balance?.line?.width ?? 0).toBeGreaterThan(viewport.width / 2);
      // Nothing moves while the page loads: the charts are in the page with their size. (The age text added to
      // the freshness line may rewrap one line, hence a small allowance rather than zero.)
      const shift = await layoutShift(page);
      expect(shift).toBeLessThan(0.01);
      // Everything must fit the viewport: no horizontal scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const box = await page.locator("#balance").boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(screenshots, `home-${viewport.name}.png`), fullPage: true });
      expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  for (const viewport of [
    { width: 320, height: 700 },
    { width: 390, height: 844 },
    { width: 1366, height: 900 },
  ]) {
    it(`lays out the charts below the first screen only when they near it, in a place no shorter than each (${viewport.width} px)`, async () => {
      const { context, page, errors } = await openHome({ viewport });
      const sections = () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>("section[data-chart-section]")].map((section) => {
            const box = section.getBoundingClientRect();
            // Links inside are measured even while the section is skipped (the browser lays them out on request).
            const bottoms = [...section.querySelectorAll("a, button:not([hidden]), summary")].map(
              (target) => target.getBoundingClientRect().bottom,
            );
            const table = section.querySelector("table")?.getBoundingClientRect();
            return {
              id: section.dataset.chartSection,
              // Where the heading and the table end sit in the section: its own margins stay outside, as before it
              // was contained (they collapsed into the section's).
              headingOffset: (section.querySelector("h2")?.getBoundingClientRect().top ?? Number.NaN) - box.top,
              tableGap: box.bottom - (table?.bottom ?? Number.NaN),
              drawn: section.querySelector("table")?.checkVisibility({ contentVisibilityAuto: true }) ?? false,
              top: box.top + window.scrollY,
              bottom: box.bottom,
              height: box.height,
              lowestTarget: Math.max(...bottoms),
            };
          }),
        );
      const onLoad = await sections();
      // The last chart is more than a screen below the first one's top at every width: it is not drawn on load.
      expect(onLoad.at(-1)?.drawn).toBe(false);
      for (const section of onLoad.filter((item) => !item.drawn)) {
        // Its links lie inside the place kept for it, so nothing after it overlaps them while it is skipped.
        expect(section.lowestTarget, section.id).toBeLessThanOrEqual(section.bottom);
      }
      for (const section of onLoad) {
        await page.evaluate((top) => window.scrollTo(0, top), section.top);
        await expect
          .poll(async () => (await sections()).find((item) => item.id === section.id)?.drawn, {
            message: `${section.id}`,
          })
          .toBe(true);
        // Drawn, it is no taller than the place it was kept (the estimate never falls short).
        const drawn = (await sections()).find((item) => item.id === section.id);
        expect(drawn?.height ?? Number.POSITIVE_INFINITY, section.id).toBeLessThanOrEqual(section.height);
        expect(drawn?.headingOffset, section.id).toBe(0);
        expect(drawn?.tableGap, section.id).toBeCloseTo(0, 1);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("draws the charts in the dark palette in dark mode", async () => {
    for (const [scheme, balanceColour, inColour] of [
      ["light", "rgb(29, 78, 137)", "rgb(46, 107, 48)"],
      ["dark", "rgb(108, 182, 255)", "rgb(86, 211, 100)"],
    ] as const) {
      const { context, page, errors } = await openHome({ colorScheme: scheme, nowMs: SNAPSHOT_MS + HOUR_MS });
      const colours = await page.evaluate(() => ({
        line: getComputedStyle(document.querySelector("#balance-chart path.chart-series-balance")!).stroke,
        bar: getComputedStyle(document.querySelector("#flows-chart rect.chart-series-in")!).fill,
      }));
      expect(colours, scheme).toEqual({ line: balanceColour, bar: inColour });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it("says the snapshot is an hour old, without a warning, an hour after it was read", async () => {
    const { context, page, errors } = await openHome({ nowMs: SNAPSHOT_MS + HOUR_MS });
    await expect(page.locator("[data-freshness-age]").textContent()).resolves.toBe(" (1 hour ago)");
    await expect(page.locator("[data-freshness-age]").isVisible()).resolves.toBe(true);
    await expect(page.locator("[data-stale-warning]").isVisible()).resolves.toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a stale warning, in words and with an icon, past 72 hours", async () => {
    const { context, page, errors } = await openHome({ nowMs: SNAPSHOT_MS + 72 * HOUR_MS + 60_000 });
    const warning = page.locator('[data-stale-warning][role="status"]');
    await expect(warning.isVisible()).resolves.toBe(true);
    await expect(warning.textContent()).resolves.toMatch(
      /⚠\s+These figures may be out of date: the snapshot is 3 days old/,
    );
    await expect(page.locator("[data-freshness-age]").textContent()).resolves.toBe(" (3 days ago)");
    // The warning took the rule's place in the same box.
    await expect(page.locator("[data-freshness-rule]").isVisible()).resolves.toBe(false);
    expect(await layoutShift(page)).toBeLessThan(0.01);
    await page.screenshot({ path: path.join(screenshots, "home-stale.png") });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("loads one small script and no chart code: the charts are drawn in the page", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${site.url}/`, { waitUntil: "load" });
    await page.locator("#fees-chart").scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    // Only the page's own script (freshness note, chart buttons), before and after the reader scrolls to the charts.
    expect(scripts).toHaveLength(1);
    const drawn = await chartGeometry(page, "fees-chart");
    expect(drawn?.bars.fee[0] ?? 0).toBeGreaterThan(10);
    await context.close();
  });

  it("fetches Chart.js only when a reader taps 'Explore the values', then draws that chart in place of its SVG", async () => {
    const { context, page, errors } = await openHome({ viewport: { width: 390, height: 844 } });
    const scripts: string[] = [];
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
      if (request.resourceType() === "fetch") fetched.push(new URL(request.url()).pathname);
    });
    await page.locator("#fees-chart").scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    // On load and on scrolling: no chart code, no series, and every chart is still the SVG drawn at build time.
    expect(scripts).toEqual([]);
    expect(fetched).toEqual([]);
    const button = page.locator('button[data-chart-explore="fees-chart"]');
    await expect(button.isVisible()).resolves.toBe(true);
    await expect(button.textContent()).resolves.toBe("Explore the values");
    // Keyboard: the button is a real button, Enter opens the chart and focus moves to it.
    await button.focus();
    await page.keyboard.press("Enter");
    const canvas = page.locator("#fees-chart-canvas");
    await canvas.waitFor({ state: "visible" });
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/^\/_astro\/explore-chart\.[\w-]+\.js$/);
    // The series comes from its own file, fetched on the tap (the page does not carry it).
    expect(fetched).toEqual(["/data/charts/fees.json"]);
    await expect(page.locator("#fees-chart").count()).resolves.toBe(0);
    await expect(button.isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("fees-chart-canvas");
    // Chart.js drew something: the canvas has painted pixels, and sits where the SVG was, above the open table.
    const painted = await page.evaluate(() => {
      const element = document.getElementById("fees-chart-canvas") as HTMLCanvasElement;
      const pixels = element.getContext("2d")?.getImageData(0, 0, element.width, element.height).data ?? [];
      let count = 0;
      for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) count++;
      return count;
    });
    expect(painted).toBeGreaterThan(1000);
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(390 / 2);
    expect(box?.height ?? 0).toBeGreaterThan(150);
    await expect(page.locator("#fees-table").isVisible()).resolves.toBe(true);
    // Arrow keys read each quarter's exact figures (our formatting, not Chart.js's floats).
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("#fees-chart-values").textContent()).resolves.toBe(
      "2025-Q4: Fees paid to stewards: 20.00 LIBRA; 4 % cap: most the fees may be: 12.00 LIBRA",
    );
    // The other charts stay SVG until asked; no second fetch of Chart.js for the next one.
    await expect(page.locator("#flows-chart").isVisible()).resolves.toBe(true);
    await page.locator('button[data-chart-explore="flows-chart"]').click();
    await page.locator("#flows-chart-canvas").waitFor({ state: "visible" });
    expect(scripts).toHaveLength(1);
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps the SVG and lets the reader try again when the chart's series cannot be fetched", async () => {
    const { context, page, errors } = await openHome({ viewport: { width: 390, height: 844 } });
    let refused = 0;
    await page.route("**/data/charts/fees.json", (route) => {
      refused++;
      return refused === 1 ? route.abort("internetdisconnected") : route.continue();
    });
    const button = page.locator('button[data-chart-explore="fees-chart"]');
    await button.click();
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(refused).toBe(1);
    await expect(page.locator("#fees-chart").isVisible()).resolves.toBe(true);
    await expect(page.locator("#fees-chart-canvas").count()).resolves.toBe(0);
    await expect(button.isVisible()).resolves.toBe(true);
    // The second tap fetches again and draws.
    await button.click();
    await page.locator("#fees-chart-canvas").waitFor({ state: "visible" });
    expect(refused).toBe(2);
    await expect(page.locator("#fees-chart").count()).resolves.toBe(0);
    expect(errors.filter((error) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(error))).toEqual([]);
    await context.close();
  });

  it("shows the charts, the tables and the 3-day rule without JavaScript", async () => {
    const { context, page, errors } = await openHome({ javaScriptEnabled: false });
    for (const chart of CHARTS) {
      await expect(page.locator(`#${chart}-table`).isVisible(), chart).resolves.toBe(true);
      // The charts need no script: they are drawn the same without one.
      await expect(page.locator(`#${chart}-chart`).isVisible(), chart).resolves.toBe(true);
      // The interactive chart needs the script: without it its button is not offered.
      await expect(page.locator(`button[data-chart-explore="${chart}-chart"]`).count(), chart).resolves.toBe(1);
      await expect(page.locator(`button[data-chart-explore="${chart}-chart"]`).isVisible(), chart).resolves.toBe(false);
    }
    expect((await chartGeometry(page, "fees-chart"))?.bars.fee[0] ?? 0).toBeGreaterThan(10);
    await expect(page.locator("#fees-table tbody tr").first().textContent()).resolves.toMatch(
      /2025-Q4\s*300\.00\s*20\.00\s*12\.00\s*✕ No: over by 8\.00/,
    );
    await expect(page.locator("[data-freshness-rule]").textContent()).resolves.toMatch(
      /figures read more than 3 days ago may be out of date/,
    );
    await expect(page.locator("[data-freshness-rule]").isVisible()).resolves.toBe(true);
    await expect(page.locator("[data-freshness-age]").isVisible()).resolves.toBe(false);
    await expect(page.locator("[data-stale-warning]").isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(screenshots, "home-no-js.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
