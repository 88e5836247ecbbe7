/**
 * How tall an overview chart section may be, estimated at build time from its table, for the place the browser
 * keeps for it while it skips the section's layout and paint (`content-visibility: auto` in site.css). The three
 * chart sections are most of the home page's boxes and lie far below the first screen; without the skip, a phone
 * lays them all out before it paints the first figure.
 *
 * The estimate is meant never to fall short of the section's real height at any width from 320 px up. A place
 * kept too short puts what follows the section where the section's own links are, until the section is drawn
 * (an accessibility checker measuring the page before it is scrolled reads those links as overlapped); one kept too
 * tall only makes the scrollbar a little longer until the section comes near the screen, when the real height
 * takes over and is remembered (`auto`).
 */
import type { ChartTable } from "./overview-charts.ts";

/**
 * Heights in rem, from what Chromium drew: a fixed part (heading, intro, the SVG, its legend, the button, the summary
 * and caption), then per table row a phone's card (a line per cell, amounts wrapping under their labels at 320 px)
 * or a wide screen's row (up to two lines). With these, every chart section of the committed content and of the
 * bench's scale-1 content was drawn shorter than its estimate at every width from 320 to 1920 px (by 5 % to 50 %).
 */
const PHONE_FIXED_REM = 56;
const PHONE_ROW_REM = 1.5;
const PHONE_CELL_REM = 3.5;
const WIDE_FIXED_REM = 48;
const WIDE_ROW_REM = 4;

export interface ChartSectionHeight {
  /** Up to 40 rem wide, where each table row is a card of one line per cell (`table.stack`). */
  phoneRem: number;
  /** Wider, where the table is a table. */
  wideRem: number;
}

export function chartSectionHeight(table: Pick<ChartTable, "head" | "rows" | "foot">): ChartSectionHeight {
  const rows = table.rows.length + table.foot.length;
  const cells = table.head.length;
  return {
    phoneRem: PHONE_FIXED_REM + rows * (PHONE_ROW_REM + cells * PHONE_CELL_REM),
    wideRem: WIDE_FIXED_REM + rows * WIDE_ROW_REM,
  };
}
