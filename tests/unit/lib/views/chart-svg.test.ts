import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COIN_SCALE, U64_MAX } from "../../../../src/lib/money.ts";
import {
  barChartSvg,
  CHART_LAYOUT,
  formatAxisAmount,
  lineChartSvg,
  niceScale,
  PLOT_UNITS,
  plotY,
  spreadIndices,
  strideIndices,
} from "../../../../src/lib/views/chart-svg.ts";

const coins = (n: bigint) => n * COIN_SCALE;

/** Reads an axis label back into base units, exactly (the inverse of `formatAxisAmount`). */
function parseAxisLabel(label: string): bigint {
  const match = /^(\u2212?)([0-9,]+)(?:\.([0-9]+))?([kMBT]?)$/.exec(label);
  if (!match) throw new Error(`not an axis label: ${label}`);
  const [, sign, whole = "", fraction = "", suffix = ""] = match;
  const power = { "": 0, k: 3, M: 6, B: 9, T: 12 }[suffix] ?? 0;
  const digits = 6 + power;
  const units = BigInt(whole.replaceAll(",", "") + fraction.padEnd(digits, "0"));
  return sign ? -units : units;
}

describe("niceScale", () => {
  it("picks the smallest 1-2-5 step giving at most five intervals, from zero", () => {
    expect(niceScale([coins(760n) + 500_000n, coins(320n)])).toEqual({
      lo: 0n,
      hi: coins(800n),
      step: coins(200n),
      ticks: [0n, coins(200n), coins(400n), coins(600n), coins(800n)],
    });
    expect(niceScale([coins(1000n), coins(1440n) + 500_000n]).ticks).toEqual([
      0n,
      coins(500n),
      coins(1000n),
      coins(1500n),
    ]);
  });

  it("gives 0 to 1 coin when there is nothing or only zeros, and reaches below zero for negatives", () => {
    expect(niceScale([])).toMatchObject({ lo: 0n, hi: COIN_SCALE });
    expect(niceScale([0n, 0n])).toMatchObject({ lo: 0n, hi: COIN_SCALE });
    expect(niceScale([coins(-30n), coins(70n)])).toMatchObject({ lo: coins(-50n), hi: coins(100n), step: coins(50n) });
  });

  it("covers any values with round steps, and no smaller step would do", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -U64_MAX, max: U64_MAX }), { maxLength: 20 }), (values) => {
        const scale = niceScale(values);
        expect((scale.lo <= 0n && scale.hi > 0n) || (scale.lo < 0n && scale.hi >= 0n)).toBe(true);
        for (const value of values) expect(value >= scale.lo && value <= scale.hi).toBe(true);
        expect(scale.ticks.length - 1).toBeLessThanOrEqual(5);
        expect(scale.ticks[0]).toBe(scale.lo);
        expect(scale.ticks.at(-1)).toBe(scale.hi);
        expect(String(scale.step)).toMatch(/^[125]0*$/);
        expect(scale.lo % scale.step).toBe(0n);
      }),
      { numRuns: 500 },
    );
  });
});

describe("plotY", () => {
  it("puts the top of the axis at 0 and its bottom at PLOT_UNITS, in integer steps, through bigint", () => {
    const scale = niceScale([U64_MAX]);
    expect(plotY(scale, scale.hi)).toBe(0);
    expect(plotY(scale, scale.lo)).toBe(PLOT_UNITS);
    expect(plotY(scale, U64_MAX)).toBe(Number(((scale.hi - U64_MAX) * 1000n) / scale.hi));
    // Integer division of exact amounts: one base unit apart at u64 scale is the same position, never a float.
    expect(Number.isInteger(plotY(scale, U64_MAX - 1n))).toBe(true);
    // Within a thousandth of the plot's height of the exact position, for any amount (checked in exact integers).
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 1n, max: U64_MAX }), (value, top) => {
        const axis = niceScale([top]);
        fc.pre(value <= axis.hi);
        const exact = (axis.hi - value) * 1000n;
        const placed = BigInt(plotY(axis, value)) * (axis.hi - axis.lo);
        expect(exact - placed >= 0n && exact - placed < axis.hi - axis.lo).toBe(true);
      }),
    );
    const small = niceScale([coins(800n)]);
    expect(plotY(small, coins(400n))).toBe(500);
    expect(plotY(small, coins(600n))).toBe(250);
  });
});

describe("formatAxisAmount", () => {
  it.each([
    [0n, coins(800n), "0"],
    [coins(200n), coins(800n), "200"],
    [500_000n, COIN_SCALE, "0.5"],
    [coins(50_000n), coins(250_000n), "50k"],
    [coins(1_250_000n), coins(2_000_000n), "1.25M"],
    [coins(-50_000n), coins(100_000n), "\u221250k"],
    [coins(20_000_000_000_000n), coins(20_000_000_000_000n), "20T"],
    [coins(1_500_000_000_000_000n), coins(2_000_000_000_000_000n), "1,500T"],
  ])("%s units on an axis up to %s -> %s", (units, top, label) => {
    expect(formatAxisAmount(units, top)).toBe(label);
  });

  it("never rounds: every grid label reads back as its exact value", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: U64_MAX }), { minLength: 1, maxLength: 5 }), (values) => {
        const scale = niceScale(values);
        for (const tick of scale.ticks) expect(parseAxisLabel(formatAxisAmount(tick, scale.hi))).toBe(tick);
      }),
      { numRuns: 500 },
    );
  });
});

describe("label indices", () => {
  it("spreads a line's dates over its length, ends included", () => {
    expect(spreadIndices(2, 3)).toEqual([0, 1]);
    expect(spreadIndices(301, 3)).toEqual([0, 150, 300]);
  });

  it("labels every n-th bar slot, from the first", () => {
    expect(strideIndices(4, 6)).toEqual([0, 1, 2, 3]);
    expect(strideIndices(11, 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(strideIndices(13, 6)).toEqual([0, 3, 6, 9, 12]);
  });
});

describe("barChartSvg", () => {
  const flows = barChartSvg({
    title: "Money in and out each month",
    subject: "Bars of the money in and out",
    labels: ["2026-01", "2026-02"],
    series: [
      { key: "in", label: "Money in", shape: "solid", values: [coins(760n) + 500_000n, 0n] },
      { key: "out", label: "Money out", shape: "outline", values: [coins(320n), coins(800n)] },
    ],
  });

  it("draws each value as a bar from zero, its height its share of the axis", () => {
    expect(flows.scale.hi).toBe(coins(800n));
    expect(flows.plotWidth).toBe(200);
    expect(flows.bars).toEqual([
      { key: "in", x: 10, y: 49, width: 40, height: 951 },
      { key: "out", x: 50, y: 600, width: 40, height: 400 },
      { key: "in", x: 110, y: 1000, width: 40, height: 0 },
      { key: "out", x: 150, y: 0, width: 40, height: 1000 },
    ]);
  });

  it("labels the grid and the slots, and describes itself for screen readers", () => {
    expect(flows.grid.map((line) => line.label)).toEqual(["0", "200", "400", "600", "800"]);
    expect(flows.grid[0]).toEqual({
      y: String(CHART_LAYOUT.plotTop + CHART_LAYOUT.plotHeight),
      label: "0",
      zero: true,
    });
    expect(flows.grid.at(-1)?.y).toBe(String(CHART_LAYOUT.plotTop));
    expect(flows.xLabels).toEqual([
      { x: "33.25%", anchor: "middle", text: "2026-01" },
      { x: "75.75%", anchor: "middle", text: "2026-02" },
    ]);
    expect(flows.description).toBe(
      "Bars of the money in and out from 2026-01 to 2026-02: Money in (solid) and Money out (outlined). " +
        "The scale runs from 0 to 800 LIBRA. The table below gives every figure exactly.",
    );
    expect(flows.legend).toEqual([
      { key: "in", label: "Money in", shape: "solid" },
      { key: "out", label: "Money out", shape: "outline" },
    ]);
  });

  it("refuses a series that does not match its labels", () => {
    expect(() =>
      barChartSvg({
        title: "t",
        subject: "s",
        labels: ["a"],
        series: [{ key: "in", label: "In", shape: "solid", values: [] }],
      }),
    ).toThrow(/series "in" has 0 values for 1 labels/);
  });
});

describe("lineChartSvg", () => {
  const input = (values: bigint[]) => ({
    title: "Balance over time",
    subject: "A stepped line of the balance",
    labels: values.map((_, index) => `2025-12-${String(index + 10)}`),
    series: [{ key: "balance", label: "Balance", shape: "line" as const, values }],
  });

  it("steps from point to point (a value holds until the next), with dots on a short series", () => {
    const chart = lineChartSvg(input([coins(1000n), coins(1440n) + 500_000n]));
    expect(chart.scale.hi).toBe(coins(1500n));
    expect(chart.lines).toEqual([{ key: "balance", d: "M0 333H100V39", dots: "M0 333h0M100 39h0" }]);
    expect(chart.xLabels).toEqual([
      { x: "12%", anchor: "start", text: "2025-12-10" },
      { x: "97%", anchor: "end", text: "2025-12-11" },
    ]);
    expect(chart.grid.map((line) => line.label)).toEqual(["0", "0.5k", "1k", "1.5k"]);
  });

  it("leaves the dots off a long series and prints three dates", () => {
    const chart = lineChartSvg(input(Array.from({ length: 61 }, (_, index) => coins(BigInt(index)))));
    expect(chart.lines[0]?.dots).toBeNull();
    expect(chart.xLabels.map((label) => label.anchor)).toEqual(["start", "middle", "end"]);
    expect(chart.lines[0]?.d.startsWith("M0 1000H100V")).toBe(true);
  });

  it("centres a single point", () => {
    const chart = lineChartSvg(input([coins(5n)]));
    expect(chart.lines[0]?.d).toBe("M50 0");
    expect(chart.xLabels).toEqual([{ x: "54.5%", anchor: "middle", text: "2025-12-10" }]);
  });
});
