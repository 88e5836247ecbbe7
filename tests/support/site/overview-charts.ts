import type { Page } from "playwright-core";

/**
 * The overview draws its charts only when they near the viewport (src/browser/load-charts.ts): scrolls to the
 * first chart, waits until they are drawn, then back to the top, so a test sees the page as a reader who has
 * looked at the charts does.
 */
export async function drawOverviewCharts(page: Page): Promise<void> {
  await page.locator("[data-chart-figure]").first().scrollIntoViewIfNeeded();
  await page.waitForSelector("html[data-charts-drawn]");
  await page.evaluate(() => window.scrollTo(0, 0));
}
