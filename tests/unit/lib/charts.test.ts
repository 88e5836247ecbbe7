import * as ChartJs from "chart.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  balanceChartConfig,
  CHART_COMPONENTS,
  type ChartConfig,
  monthlyFlowsChartConfig,
  unitsToChartNumber,
} from "../../../src/lib/charts.ts";
import { balanceSeries, monthlyFlows } from "../../../src/lib/ledger-figures.ts";
import { U64_MAX } from "../../../src/lib/money.ts";
import { buildTestSnapshot } from "../../support/snapshot/build-test-snapshot.ts";

describe("unitsToChartNumber", () => {
  it.each([
    [0n, 0],
    [1n, 0.000001],
    [1_440_500_000n, 1440.5],
    [-659_500_000n, -659.5],
    [999_999n, 0.999999],
  ])("%s units -> %s LIBRA", (units, coins) => {
    expect(unitsToChartNumber(units)).toBe(coins);
  });

  it("gives the double nearest the exact value, even for u64::MAX", () => {
    expect(unitsToChartNumber(U64_MAX)).toBe(18_446_744_073_709.55);
    // Below 2^53 units both sides are exact integers, and IEEE division rounds correctly: the same double.
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }), (units) => {
        expect(unitsToChartNumber(units)).toBe(Number(units) / 1e6);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Every component a config needs must be one the site registers. */
function neededComponents(config: ChartConfig): string[] {
  const controller =
    config.type === "line" ? ["LineController", "LineElement", "PointElement"] : ["BarController", "BarElement"];
  const scales = config.options.scales as Record<string, { type: string }>;
  const scaleComponents = Object.values(scales).map((s) =>
    s.type === "category" ? "CategoryScale" : s.type === "linear" ? "LinearScale" : `unknown scale ${s.type}`,
  );
  return [...controller, ...scaleComponents, "Tooltip", "Legend"];
}

describe("CHART_COMPONENTS", () => {
  it("names real Chart.js components, and nothing beyond line, bar, category/linear scales, tooltip, legend", () => {
    expect([...CHART_COMPONENTS]).toEqual([
      "LineController",
      "LineElement",
      "PointElement",
      "BarController",
      "BarElement",
      "CategoryScale",
      "LinearScale",
      "Tooltip",
      "Legend",
    ]);
    const exports = ChartJs as unknown as Record<string, { id?: string } | undefined>;
    for (const name of CHART_COMPONENTS) expect(exports[name]?.id, name).toBeTypeOf("string");
    expect(ChartJs.CategoryScale.id).toBe("category");
    expect(ChartJs.LinearScale.id).toBe("linear");
  });
});

describe("balanceChartConfig", () => {
  it("draws the fixture's balance series as a stepped line, in LIBRA", () => {
    const config = balanceChartConfig(balanceSeries(buildTestSnapshot()));
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual(["2025-12-28", "2025-12-29"]);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]).toMatchObject({
      label: "Balance at the end of the day (LIBRA)",
      data: [1000, 1440.5],
      stepped: "after",
      pointStyle: "circle",
    });
    expect(config.options).toMatchObject({
      animation: false,
      scales: { x: { type: "category" }, y: { type: "linear", title: { display: true, text: "LIBRA" } } },
      plugins: { legend: { display: true, labels: { usePointStyle: true } } },
    });
    for (const name of neededComponents(config)) expect(CHART_COMPONENTS).toContain(name);
  });

  it("is JSON-serialisable as is, and empty input gives an empty chart", () => {
    const config = balanceChartConfig(balanceSeries(buildTestSnapshot()));
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(balanceChartConfig([]).data).toEqual({
      labels: [],
      datasets: [expect.objectContaining({ data: [] })],
    });
  });
});

describe("monthlyFlowsChartConfig", () => {
  it("draws money in and out per month as two bar series that differ in more than colour", () => {
    const snapshot = buildTestSnapshot();
    const config = monthlyFlowsChartConfig(monthlyFlows(snapshot));
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["2025-12"]);
    const [money, out] = config.data.datasets;
    expect(money).toMatchObject({ label: "Money in (LIBRA)", data: [760.5] });
    expect(out).toMatchObject({ label: "Money out (LIBRA)", data: [320] });
    // Non-colour cues: legend marker shape and filled vs outlined bars.
    expect(money?.pointStyle).not.toBe(out?.pointStyle);
    expect(money?.borderWidth).not.toBe(out?.borderWidth);
    expect(money?.label).not.toBe(out?.label);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    for (const name of neededComponents(config)) expect(CHART_COMPONENTS).toContain(name);
  });

  it("keeps zero months as zero bars", () => {
    const config = monthlyFlowsChartConfig([
      { month: "2026-01", inflow: 5_000_000n, outflow: 0n },
      { month: "2026-02", inflow: 0n, outflow: 0n },
    ]);
    expect(config.data.labels).toEqual(["2026-01", "2026-02"]);
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [5, 0],
      [0, 0],
    ]);
  });
});
