import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";

/** The rules every page is held to: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFindings {
  /** One line per violated rule: its id and the selectors of the elements that break it. */
  violations: string[];
  /** How many rules passed (a scan that checked nothing would pass with no violations too). */
  passes: number;
}

/**
 * Runs axe-core in the page as it is now (no reload), so one page can be scanned in light and then in dark mode.
 * axe is evaluated into the page once per document, through the DevTools protocol, which the pages' CSP does not
 * govern. This is what `@axe-core/playwright` does, less the second injection and the blank page it opens for every
 * scan to merge results across frames (our pages have no frames): that was ~1.5 s of every ~2.5 s scan.
 * Scan after a `goto` or in a fresh tab: Playwright's `setContent` rewrites the document in place, keeping the last
 * page's axe, and a dark-mode scan of such a page was seen to miss a contrast failure.
 */
export async function scanWithAxe(page: Page, tags: string[] = WCAG_TAGS): Promise<AxeFindings> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: "tag", values: tags } };
  // Summarised in the page: the full results (every passing node) would cross the protocol for nothing.
  return page.evaluate(async (runOptions) => {
    const axe = (window as unknown as { axe: { run(c: Document, o: RunOptions): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, runOptions);
    return {
      violations: results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      passes: results.passes.length,
    };
  }, options);
}
