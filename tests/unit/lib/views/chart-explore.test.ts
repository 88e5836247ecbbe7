import { readFile } from "node:fs/promises";
import path from "node:path";
import * as ChartJs from "chart.js";
import { describe, expect, it } from "vitest";
import {
  categorySummary,
  EXPLORE_CHART_COMPONENTS,
  type ExploreData,
  exploreChartConfig,
  exploreData,
  parseExploreData,
  SERIES_COLOUR_TOKENS,
  tooltipLine,
  unitsToChartNumber,
} from "../../../../src/lib/views/chart-explore.ts";
import { barChartSvg, lineChartSvg } from "../../../../src/lib/views/chart-svg.ts";
import { CHART_COLOUR_TOKENS } from "../../../../src/lib/views/charts.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

const flows = barChartSvg({
  title: "Money in and out each month",
  subject: "Bars",
  labels: ["2025-01", "2025-02"],
  series: [
    { key: "in", label: "Money in", shape: "solid", values: [129_765_615_412n, 1n] },
    { key: "out", label: "Money out", shape: "outline", values: [41_400_000_000n, 0n] },
  ],
});

const colours = (key: string) => ({ stroke: `stroke-${key}`, fill: `fill-${key}` });
const axis = { text: "grey", grid: "silver" };

describe("exploreData and parseExploreData", () => {
  it("carry the SVG's series exactly through the page (decimal strings of base units)", () => {
    const data = exploreData(flows);
    expect(data.series[0]?.units).toEqual(["129765615412", "1"]);
    expect(data.axis).toEqual({
      lo: "0",
      hi: flows.scale.hi.toString(),
      step: flows.scale.step.toString(),
      marks: flows.grid.map((line) => line.label),
    });
    expect(parseExploreData(JSON.stringify(data))).toEqual(data);
    // Values beyond 2^53 survive: they never pass through a number.
    const big = lineChartSvg({
      title: "Balance",
      subject: "A line",
      labels: ["2025-01-01"],
      series: [{ key: "balance", label: "Balance", shape: "line", values: [18_446_744_073_709_551_615n] }],
    });
    expect(parseExploreData(JSON.stringify(exploreData(big))).series[0]?.units).toEqual(["18446744073709551615"]);
  });

  it("rejects page data that is not what exploreData writes, naming the field", () => {
    const good = exploreData(flows);
    const broken = (change: (data: ExploreData) => unknown) =>
      JSON.stringify(change(structuredClone(good) as ExploreData));
    expect(() => parseExploreData("{")).toThrow(/not JSON/);
    expect(() => parseExploreData(broken((d) => ({ ...d, kind: "pie" })))).toThrow(/kind/);
    expect(() =>
      parseExploreData(
        broken((d) => {
          d.series[1]!.units[0] = "41400.5";
          return d;
        }),
      ),
    ).toThrow(/series\[1\]\.units\[0\] must be a whole number of base units/);
    expect(() =>
      parseExploreData(
        broken((d) => {
          d.series[0]!.units.pop();
          return d;
        }),
      ),
    ).toThrow(/series\[0\]\.units has 1 values for 2 labels/);
    expect(() => parseExploreData(broken((d) => ({ ...d, axis: { ...d.axis, step: 1 } })))).toThrow(/axis\.step/);
    expect(() =>
      parseExploreData(
        broken((d) => {
          d.series[0]!.key = "in x";
          return d;
        }),
      ),
    ).toThrow(/series\[0\]\.key/);
  });
});

describe("unitsToChartNumber", () => {
  it.each([
    [0n, 0],
    [1n, 0.000001],
    [1_440_500_000n, 1440.5],
    [-2_500_000n, -2.5],
    [129_765_615_412n, 129765.615412],
  ])("%s base units draw at %s", (units, expected) => {
    expect(unitsToChartNumber(units)).toBe(expected);
  });
});

describe("tooltips and the keyboard line", () => {
  const data = exploreData(flows);

  it("print the exact amount with the site's own formatting", () => {
    expect(tooltipLine(data, 0, 0)).toBe("Money in: 129,765.615412 LIBRA");
    expect(tooltipLine(data, 0, 1)).toBe("Money in: 0.000001 LIBRA");
    expect(tooltipLine(data, 1, 1)).toBe("Money out: 0.00 LIBRA");
    expect(tooltipLine(data, 2, 0)).toBe("");
    expect(categorySummary(data, 0)).toBe("2025-01: Money in: 129,765.615412 LIBRA; Money out: 41,400.00 LIBRA");
  });

  it("are what the Chart.js configuration's tooltip prints", () => {
    const config = exploreChartConfig(data, colours, axis);
    const label = config.options.plugins.tooltip.callbacks.label;
    expect(label({ datasetIndex: 0, dataIndex: 0 })).toBe("Money in: 129,765.615412 LIBRA");
    expect(label({ datasetIndex: 1, dataIndex: 0 })).toBe("Money out: 41,400.00 LIBRA");
  });
});

describe("exploreChartConfig", () => {
  it("draws the same series on the SVG's axis, with the SVG's own axis labels", () => {
    const config = exploreChartConfig(exploreData(flows), colours, axis);
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["2025-01", "2025-02"]);
    expect(config.data.datasets.map((set) => set.data)).toEqual([
      [129765.615412, 0.000001],
      [41400, 0],
    ]);
    expect(config.data.datasets[1]).toMatchObject({ borderColor: "stroke-out", backgroundColor: "fill-out" });
    const { y } = config.options.scales;
    expect([y.min, y.max, y.ticks.stepSize]).toEqual([
      0,
      unitsToChartNumber(flows.scale.hi),
      unitsToChartNumber(flows.scale.step),
    ]);
    expect(flows.grid.map((_, index) => y.ticks.callback(0, index))).toEqual(flows.grid.map((line) => line.label));
    expect(config.options.animation).toBe(false);
  });

  it("steps the balance line like the SVG", () => {
    const balance = lineChartSvg({
      title: "Balance",
      subject: "A line",
      labels: ["2025-01-01", "2025-01-02"],
      series: [{ key: "balance", label: "Balance", shape: "line", values: [1n, 2n] }],
    });
    const config = exploreChartConfig(exploreData(balance), colours, axis);
    expect(config.type).toBe("line");
    expect(config.data.datasets[0]).toMatchObject({ stepped: "after", borderWidth: 2 });
  });

  it("colours every series key from tokens that site.css defines", () => {
    for (const [stroke, fill] of Object.values(SERIES_COLOUR_TOKENS)) {
      expect(CHART_COLOUR_TOKENS).toContain(stroke);
      expect(CHART_COLOUR_TOKENS).toContain(fill);
    }
  });
});

describe("EXPLORE_CHART_COMPONENTS", () => {
  it("names real Chart.js components", () => {
    const exports = ChartJs as unknown as Record<string, { id?: string } | undefined>;
    for (const name of EXPLORE_CHART_COMPONENTS) expect(exports[name]?.id, name).toBeTypeOf("string");
  });

  it("are exactly what the on-demand chart script imports and registers", async () => {
    const script = await readFile(path.join(repoRoot, "src/browser/explore-chart.ts"), "utf8");
    const imported = /import \{([^}]*)\} from "chart\.js"/.exec(script)?.[1] ?? "";
    const names = imported
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "" && name !== "Chart" && !name.startsWith("type "));
    expect(names.sort()).toEqual([...EXPLORE_CHART_COMPONENTS].sort());
    const registered = /Chart\.register\(([^)]*)\)/.exec(script)?.[1] ?? "";
    expect(
      registered
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean)
        .sort(),
    ).toEqual([...EXPLORE_CHART_COMPONENTS].sort());
  });
});
