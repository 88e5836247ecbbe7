import { describe, expect, it } from "vitest";
import { feeSeries, feeSeriesOf } from "../../../../src/lib/figures/fee-series.ts";
import { buildFeeReport } from "../../../../src/lib/figures/fees.ts";
import { buildOverviewFigures } from "../../../../src/lib/figures/overview.ts";
import { figureResolver } from "../../../../src/lib/reports/report-figures.ts";
import { buildOverviewCharts } from "../../../../src/lib/views/overview-charts.ts";
import { buildTestSnapshot, STEWARD } from "../../../support/snapshot/build-test-snapshot.ts";

/**
 * The site builds each wallet's fee report once (src/site/site-data.ts) and hands it to the overview figures, the
 * fees chart and the report figures, which otherwise build their own. Shown with a report built under another
 * configuration than the one passed beside it: what comes out follows the report given.
 */
describe("a fee report the caller already holds", () => {
  const snapshot = buildTestSnapshot();
  const withSteward = buildFeeReport(snapshot, { stewards: [STEWARD] });

  it("gives the same series as building it", () => {
    expect(feeSeriesOf(withSteward)).toEqual(feeSeries(snapshot, [STEWARD]));
    // Without the steward the fee is an award: the two configurations differ, so the tests below can tell them apart.
    expect(feeSeries(snapshot, [])).not.toEqual(feeSeries(snapshot, [STEWARD]));
  });

  it("is what the overview figures, the fees chart and the report figures count", () => {
    expect(buildOverviewFigures(snapshot, [], withSteward)).toEqual(buildOverviewFigures(snapshot, [STEWARD]));
    const feesChart = (charts: ReturnType<typeof buildOverviewCharts>) => charts.find((chart) => chart.id === "fees");
    const drawing = feesChart(buildOverviewCharts(snapshot, [], { feeReport: withSteward }))?.drawing;
    expect(drawing).toEqual(feesChart(buildOverviewCharts(snapshot, [STEWARD]))?.drawing);
    expect(drawing).not.toEqual(feesChart(buildOverviewCharts(snapshot, []))?.drawing);
    const fees = (options: Parameters<typeof figureResolver>[1]) =>
      figureResolver(snapshot, options).figure("fees.total", "all").value;
    expect(fees({ stewards: [], coinSymbol: "LIBRA", feeReport: withSteward })).toBe(
      fees({ stewards: [STEWARD], coinSymbol: "LIBRA" }),
    );
  });
});
