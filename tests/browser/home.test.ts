import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserAvailability, launchChromium } from "../support/site/browser.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { drawOverviewCharts } from "../support/site/overview-charts.ts";
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
    // The chart code loads when the charts near the viewport (load-charts.ts) and marks the page when it has drawn.
    if (contextOptions.javaScriptEnabled !== false) await drawOverviewCharts(page);
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

  /** Pixels of a canvas that are not fully transparent, and how many are close to `rgb` (if given). */
  function canvasPixels(page: Page, id: string, rgb?: [number, number, number]) {
    return page.evaluate(
      ({ id, rgb }) => {
        const canvas = document.getElementById(id) as HTMLCanvasElement | null;
        const context = canvas?.getContext("2d");
        if (!canvas || !context || canvas.width === 0) return { painted: 0, matching: 0 };
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        let matching = 0;
        for (let i = 0; i < data.length; i += 4) {
          if ((data[i + 3] ?? 0) === 0) continue;
          painted++;
          if (rgb?.every((value, k) => Math.abs((data[i + k] ?? 0) - value) <= 6) && (data[i + 3] ?? 0) > 240) {
            matching++;
          }
        }
        return { painted, matching };
      },
      { id, rgb },
    );
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
        const { painted } = await canvasPixels(page, `${chart}-chart`);
        expect(painted, chart).toBeGreaterThan(1000);
        // With JavaScript the chart shows above its table, which stays open (folding it would move the page).
        await expect(page.locator(`#${chart}-table`).isVisible(), chart).resolves.toBe(true);
      }
      // Drawing moves nothing: the frames have their size before the script runs. (The age text added to the
      // freshness line may rewrap one line, hence a small allowance rather than zero.)
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

  it("draws the charts in the dark palette in dark mode", async () => {
    for (const [scheme, balanceColour] of [
      ["light", [0x1d, 0x4e, 0x89]],
      ["dark", [0x6c, 0xb6, 0xff]],
    ] as const) {
      const { context, page, errors } = await openHome({ colorScheme: scheme, nowMs: SNAPSHOT_MS + HOUR_MS });
      const { matching } = await canvasPixels(page, "balance-chart", [...balanceColour]);
      expect(matching, scheme).toBeGreaterThan(50);
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

  it("fetches no chart code until the charts near the viewport, then draws them", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${site.url}/`, { waitUntil: "load" });
    await page.waitForTimeout(500);
    // Only the small loader: Chart.js and the drawing code wait for the reader to scroll.
    expect(scripts).toHaveLength(1);
    await expect(page.locator("html[data-charts-drawn]").count()).resolves.toBe(0);
    await drawOverviewCharts(page);
    expect(scripts.length).toBeGreaterThan(1);
    const { painted } = await canvasPixels(page, "balance-chart");
    expect(painted).toBeGreaterThan(1000);
    await context.close();
  });

  it("shows the tables and the 3-day rule without JavaScript", async () => {
    const { context, page, errors } = await openHome({ javaScriptEnabled: false });
    for (const chart of CHARTS) {
      await expect(page.locator(`#${chart}-table`).isVisible(), chart).resolves.toBe(true);
      await expect(page.locator(`#${chart}-chart`).isVisible(), chart).resolves.toBe(false);
    }
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
