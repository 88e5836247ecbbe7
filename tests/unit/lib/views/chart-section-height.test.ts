import { describe, expect, it } from "vitest";
import { chartSectionHeight } from "../../../../src/lib/views/chart-section-height.ts";

/** A table of `rows` body rows and `foot` totals rows, `cells` cells each (only the counts matter). */
function table(rows: number, foot: number, cells: number) {
  const row = () => Array.from({ length: cells }, () => ({ text: "1.00" }));
  return {
    head: Array.from({ length: cells }, (_, index) => `column ${index}`),
    rows: Array.from({ length: rows }, row),
    foot: Array.from({ length: foot }, row),
  };
}

describe("chartSectionHeight", () => {
  it("keeps a fixed part plus, per row, a card of one line per cell on phones and one line on wide screens", () => {
    // 12 months of balance (2 cells): 56 + 12 × (1.5 + 2 × 3.5) rem; wide 48 + 12 × 4 rem.
    expect(chartSectionHeight(table(12, 0, 2))).toEqual({ phoneRem: 158, wideRem: 96 });
    // Totals rows count as rows: 4 quarters and a total of 5 cells.
    expect(chartSectionHeight(table(4, 1, 5))).toEqual({ phoneRem: 56 + 5 * 19, wideRem: 48 + 5 * 4 });
  });

  it("grows with the history, so a longer table never outgrows the place kept for it", () => {
    const year = chartSectionHeight(table(12, 0, 3));
    const fiveYears = chartSectionHeight(table(60, 0, 3));
    expect(fiveYears.phoneRem - year.phoneRem).toBe(48 * (1.5 + 3 * 3.5));
    expect(fiveYears.wideRem - year.wideRem).toBe(48 * 4);
  });

  it("keeps the fixed part for a chart with nothing to draw yet", () => {
    expect(chartSectionHeight(table(0, 0, 3))).toEqual({ phoneRem: 56, wideRem: 48 });
  });
});
