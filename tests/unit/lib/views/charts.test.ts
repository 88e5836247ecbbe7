import { readFile } from "node:fs/promises";
import path from "node:path";
import * as ChartJs from "chart.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceSeries, monthlyFlows } from "../../../../src/lib/ledger/ledger-figures.ts";
import { U64_MAX } from "../../../../src/lib/money.ts";
import {
  balanceChartConfig,
  CHART_COLOUR_TOKENS,
  CHART_COMPONENTS,
  type ChartConfig,
  feeChartConfig,
  monthlyFlowsChartConfig,
  thinBalanceSeries,
  unitsToChartNumber,
} from "../../../../src/lib/views/charts.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

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
  return [...controller, ...scaleComponents, "Legend"];
}

describe("CHART_COMPONENTS", () => {
  it("names real Chart.js components, and nothing beyond line, bar, category/linear scales, legend", () => {
    expect([...CHART_COMPONENTS]).toEqual([
      "LineController",
      "LineElement",
      "PointElement",
      "BarController",
      "BarElement",
      "CategoryScale",
      "LinearScale",
      "Legend",
    ]);
    const exports = ChartJs as unknown as Record<string, { id?: string } | undefined>;
    for (const name of CHART_COMPONENTS) expect(exports[name]?.id, name).toBeTypeOf("string");
    expect(ChartJs.CategoryScale.id).toBe("category");
    expect(ChartJs.LinearScale.id).toBe("linear");
  });

  it("are exactly what the client chart script imports and registers", async () => {
    const script = await readFile(path.join(repoRoot, "src/browser/overview-charts.ts"), "utf8");
    const imported = /import \{([^}]*)\} from "chart\.js"/.exec(script)?.[1] ?? "";
    const names = imported
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "" && name !== "Chart" && !name.startsWith("type "));
    expect(names.sort()).toEqual([...CHART_COMPONENTS].sort());
    const registered = /Chart\.register\(([^)]*)\)/.exec(script)?.[1] ?? "";
    expect(
      registered
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean)
        .sort(),
    ).toEqual([...CHART_COMPONENTS].sort());
    // No wildcard or registerables import would bring every chart type back in.
    expect(script).not.toMatch(/registerables|import \* as|chart\.js\/auto/);
  });
});

describe("chart colours", () => {
  it("use only tokens that site.css defines for both the light and the dark scheme", async () => {
    const css = await readFile(path.join(repoRoot, "src/styles/site.css"), "utf8");
    const darkStart = css.indexOf("@media (prefers-color-scheme: dark)", css.indexOf("--chart-"));
    expect(darkStart).toBeGreaterThan(0);
    const light = css.slice(0, darkStart);
    const dark = css.slice(darkStart);
    for (const token of CHART_COLOUR_TOKENS) {
      expect(light, token).toMatch(new RegExp(`${token}:\\s*[^;]+;`));
      expect(dark, token).toMatch(new RegExp(`${token}:\\s*[^;]+;`));
    }
    const snapshot = buildTestSnapshot();
    const configs = [
      balanceChartConfig(balanceSeries(snapshot)),
      monthlyFlowsChartConfig(monthlyFlows(snapshot)),
      feeChartConfig([]),
    ];
    const used = JSON.stringify(configs).match(/var\(--[a-z-]+\)/g) ?? [];
    expect(used.length).toBeGreaterThan(0);
    for (const reference of used) expect(CHART_COLOUR_TOKENS).toContain(reference.slice(4, -1));
    // No literal colour slips past the scheme switch.
    expect(JSON.stringify(configs)).not.toMatch(/#[0-9a-f]{3,8}\b|rgba?\(/i);
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

describe("feeChartConfig", () => {
  it("draws fees and the 4 % allowance per quarter as two bar series that differ in more than colour", () => {
    const config = feeChartConfig([
      { quarter: "2025-Q3", awards: 300_000_000n, fees: 20_000_000n, allowance: 12_000_000n, withinCap: false },
      { quarter: "2025-Q4", awards: 0n, fees: 0n, allowance: 0n, withinCap: true },
    ]);
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["2025-Q3", "2025-Q4"]);
    const [fees, cap] = config.data.datasets;
    expect(fees).toMatchObject({ label: "Fees paid to stewards (LIBRA)", data: [20, 0] });
    expect(cap).toMatchObject({ label: "4 % cap: most the fees may be (LIBRA)", data: [12, 0] });
    expect(fees?.pointStyle).not.toBe(cap?.pointStyle);
    expect(fees?.borderWidth).not.toBe(cap?.borderWidth);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    for (const name of neededComponents(config)) expect(CHART_COMPONENTS).toContain(name);
  });
});

describe("thinBalanceSeries", () => {
  const point = (day: string, balance: bigint) => ({ day, balance });
  const series = [
    point("2025-01-30", 1n),
    point("2025-01-31", 2n),
    point("2025-02-01", 3n),
    point("2025-02-14", 4n),
    point("2025-04-01", 5n),
  ];

  it("keeps a series that fits as is", () => {
    expect(thinBalanceSeries(series, 5)).toEqual(series);
    expect(thinBalanceSeries([], 5)).toEqual([]);
  });

  it("keeps the opening and each month's last day when the series is too long", () => {
    expect(thinBalanceSeries(series, 4)).toEqual([
      point("2025-01-30", 1n),
      point("2025-01-31", 2n),
      point("2025-02-14", 4n),
      point("2025-04-01", 5n),
    ]);
  });

  it("stays at about one point a month for ten years of daily movements", () => {
    const days: { day: string; balance: bigint }[] = [];
    for (let ms = Date.parse("2020-01-01"); ms < Date.parse("2030-01-01"); ms += 86_400_000) {
      days.push(point(new Date(ms).toISOString().slice(0, 10), BigInt(days.length)));
    }
    const thinned = thinBalanceSeries(days, 400);
    expect(thinned).toHaveLength(1 + 120);
    expect(thinned.at(-1)).toEqual(days.at(-1));
    expect(thinned[1]).toEqual(point("2020-01-31", 30n));
  });
});
