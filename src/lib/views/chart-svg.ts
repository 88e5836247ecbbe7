import { COIN_SCALE, formatInteger } from "../money.ts";

/**
 * The overview's charts drawn at build time as static SVG (no JavaScript, nothing for the browser to compute):
 * this module turns series of exact amounts into shapes, and `ChartSvg.astro` only prints them. Amounts stay
 * bigint to the last step: a value becomes a position by integer division on the plot's 0–1000 scale (a fifth of
 * a pixel on a 200 px plot), never through a float.
 *
 * Layout: the SVG is as wide as its box and a fixed height. The plot area is a nested SVG stretched to its box
 * (`preserveAspectRatio="none"`), so shapes use simple integer units while the text around it (axis labels, in
 * the outer SVG at percentages of the width) keeps its size on a phone and on a wide screen alike. Colours come
 * from the stylesheet through classes (`chart-series-<key>`), so both colour schemes apply and no inline style is
 * needed (the CSP forbids them).
 */

/** The outer SVG's height and the plot's place in it: px vertically, percent of the width horizontally. */
export const CHART_LAYOUT = {
  height: 232,
  plotTop: 10,
  plotHeight: 186,
  /** Room on the left for the amount labels ("1.25M"). */
  plotLeftPercent: 12,
  plotRightPercent: 97,
} as const;

/** The plot's vertical scale in its own units: 0 at the top, this at the bottom. */
export const PLOT_UNITS = 1000;

/** Slot width per category in the bar chart's (and step width in the line chart's) plot units. */
const SLOT = 100;

export interface ValueScale {
  /** Bottom and top of the axis, base units; both multiples of `step`. */
  lo: bigint;
  hi: bigint;
  /** Distance between grid lines, base units: 1, 2 or 5 times a power of ten. */
  step: bigint;
  /** Grid line values from `lo` to `hi`, base units. */
  ticks: bigint[];
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b);

/**
 * A round axis for these values: it always includes 0, covers every value, and has at most `maxIntervals` grid
 * intervals of 1, 2 or 5 × 10ⁿ base units (the smallest such step that fits). No values, or only zeros, give
 * 0 to 1 coin.
 */
export function niceScale(values: readonly bigint[], maxIntervals = 5): ValueScale {
  let min = 0n;
  let max = 0n;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min === max) max = min + COIN_SCALE;
  for (let power = 1n; ; power *= 10n) {
    for (const factor of [1n, 2n, 5n]) {
      const step = factor * power;
      const lo = floorDiv(min, step) * step;
      const hi = ceilDiv(max, step) * step;
      if ((hi - lo) / step <= BigInt(maxIntervals)) {
        const ticks: bigint[] = [];
        for (let tick = lo; tick <= hi; tick += step) ticks.push(tick);
        return { lo, hi, step, ticks };
      }
    }
  }
}

/** Where `units` sits on the plot's vertical scale: 0 (top, `scale.hi`) to `PLOT_UNITS` (bottom, `scale.lo`). */
export function plotY(scale: ValueScale, units: bigint): number {
  return Number(((scale.hi - units) * BigInt(PLOT_UNITS)) / (scale.hi - scale.lo));
}

const SUFFIXES = [
  { suffix: "T", coins: 10n ** 12n },
  { suffix: "B", coins: 10n ** 9n },
  { suffix: "M", coins: 10n ** 6n },
  { suffix: "k", coins: 10n ** 3n },
] as const;

/**
 * An axis label in coins, short and exact: `1_250_000_000_000n` -> `"1.25M"`, `500_000n` -> `"0.5"`. The suffix
 * (k, M, B, T) is chosen by the axis's largest magnitude `top`, so one axis uses one suffix; digits are never
 * rounded off (grid values are round numbers, so the labels stay short).
 */
export function formatAxisAmount(units: bigint, top: bigint): string {
  if (units === 0n) return "0";
  const magnitude = units < 0n ? -units : units;
  const topCoins = (top < 0n ? -top : top) / COIN_SCALE;
  const unit = SUFFIXES.find((candidate) => topCoins >= candidate.coins) ?? { suffix: "", coins: 1n };
  const divisor = unit.coins * COIN_SCALE;
  const digits = divisor.toString().length - 1;
  const fraction = (magnitude % divisor).toString().padStart(digits, "0").replace(/0+$/, "");
  const body = `${formatInteger(magnitude / divisor)}${fraction ? `.${fraction}` : ""}${unit.suffix}`;
  return units < 0n ? `\u2212${body}` : body;
}

export type SeriesShape = "line" | "solid" | "outline";

export interface ChartSeries {
  /** Class suffix: the stylesheet colours `.chart-series-<key>`. */
  key: string;
  label: string;
  shape: SeriesShape;
  /** One value per category, base units. */
  values: readonly bigint[];
}

export interface SvgBar {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SvgLine {
  key: string;
  /** Path data in plot units. */
  d: string;
  /** Zero-length segments drawn as round dots (a short series), or null. */
  dots: string | null;
}

export interface SvgChart {
  kind: "line" | "bar";
  title: string;
  /** What the chart shows, its range and scale, for screen readers (`<desc>`). */
  description: string;
  /** Width of the plot in plot units (its height is `PLOT_UNITS`). */
  plotWidth: number;
  /** Horizontal grid lines with their labels; `y` in px of the outer SVG. */
  grid: { y: string; label: string; zero: boolean }[];
  /** Category labels under the plot; `x` as a percentage of the outer SVG's width. */
  xLabels: { x: string; anchor: "start" | "middle" | "end"; text: string }[];
  bars: SvgBar[];
  lines: SvgLine[];
  legend: { key: string; label: string; shape: SeriesShape }[];
  /** The axis's values, base units. */
  scale: ValueScale;
  /** What was drawn, exactly: the category labels and each series' values (base units). */
  labels: readonly string[];
  series: readonly ChartSeries[];
}

export interface ChartInput {
  title: string;
  /** What is drawn, as the start of a sentence: "Bars of the money in and out of the wallet per month". */
  subject: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  /**
   * At most this many category labels are printed, evenly spread: a phone has room for six months under bars
   * (the default) and three dates under a line (its default).
   */
  maxLabels?: number;
}

/** `h` hundredths of a percent, as an SVG length: 1550 -> `"15.5%"`. */
const percent = (hundredths: number) => `${hundredths / 100}%`;

/** Plot x (0..plotWidth) to a percentage of the outer SVG's width. */
function outerX(x: number, plotWidth: number): string {
  const { plotLeftPercent: left, plotRightPercent: right } = CHART_LAYOUT;
  return percent(Math.round(left * 100 + ((right - left) * 100 * x) / plotWidth));
}

/** Up to `max` indices of `count`, evenly spread, first and last included (for a line's dates). */
export function spreadIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, index) => index);
  const picked = new Set<number>();
  for (let j = 0; j < max; j++) picked.add(Math.round((j * (count - 1)) / (max - 1)));
  return [...picked];
}

/** Every n-th index of `count` from the first, n the smallest stride giving at most `max` (for bar slots). */
export function strideIndices(count: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(count / max));
  const picked: number[] = [];
  for (let index = 0; index < count; index += stride) picked.push(index);
  return picked;
}

/** The axis's largest magnitude (for the label suffix). */
function axisTop(scale: ValueScale): bigint {
  let top = scale.hi;
  if (-scale.lo > top) top = -scale.lo;
  return top;
}

function gridOf(scale: ValueScale): SvgChart["grid"] {
  const top = axisTop(scale);
  return scale.ticks.map((tick) => {
    const tenths = Math.round((plotY(scale, tick) * CHART_LAYOUT.plotHeight * 10) / PLOT_UNITS);
    return {
      y: String(CHART_LAYOUT.plotTop + tenths / 10),
      label: formatAxisAmount(tick, top),
      zero: tick === 0n,
    };
  });
}

function describe(input: ChartInput, scale: ValueScale): string {
  const top = axisTop(scale);
  const first = input.labels[0];
  const last = input.labels.at(-1);
  const range = first === undefined ? "" : first === last ? ` for ${first}` : ` from ${first} to ${last}`;
  const keys = input.series
    .map((series) => `${series.label} (${series.shape === "outline" ? "outlined" : series.shape})`)
    .join(" and ");
  return (
    `${input.subject}${range}: ${keys}. The scale runs from ${formatAxisAmount(scale.lo, top)} to ` +
    `${formatAxisAmount(scale.hi, top)} LIBRA. The table below gives every figure exactly.`
  );
}

function checkLengths(input: ChartInput): void {
  for (const series of input.series) {
    if (series.values.length !== input.labels.length) {
      throw new RangeError(
        `chart "${input.title}": series "${series.key}" has ${series.values.length} values for ${input.labels.length} labels`,
      );
    }
  }
}

/**
 * Bars per category, side by side (one slot of 100 plot units per category, bars sharing its middle 80), from
 * the zero line to each value.
 */
export function barChartSvg(input: ChartInput): SvgChart {
  checkLengths(input);
  const scale = niceScale(input.series.flatMap((series) => series.values));
  const count = input.labels.length;
  const plotWidth = Math.max(count, 1) * SLOT;
  const barWidth = Math.floor((SLOT * 8) / 10 / Math.max(input.series.length, 1));
  const zero = plotY(scale, 0n);
  const bars = input.labels.flatMap((_, index) =>
    input.series.map((series, position) => {
      const y = plotY(scale, series.values[index] ?? 0n);
      return {
        key: series.key,
        x: index * SLOT + SLOT / 10 + position * barWidth,
        y: Math.min(y, zero),
        width: barWidth,
        height: Math.abs(zero - y),
      };
    }),
  );
  return {
    kind: "bar",
    title: input.title,
    description: describe(input, scale),
    plotWidth,
    grid: gridOf(scale),
    xLabels: strideIndices(count, input.maxLabels ?? 6).map((index) => ({
      x: outerX(index * SLOT + SLOT / 2, plotWidth),
      anchor: "middle",
      text: input.labels[index] ?? "",
    })),
    bars,
    lines: [],
    legend: input.series.map(({ key, label, shape }) => ({ key, label, shape })),
    scale,
    labels: input.labels,
    series: input.series,
  };
}

/**
 * A stepped line per series ("after": a value holds until the next point, which is how a balance behaves),
 * points evenly spaced as the categories are; a short series (≤ 60 points) also gets a dot at each point.
 */
export function lineChartSvg(input: ChartInput): SvgChart {
  checkLengths(input);
  const scale = niceScale(input.series.flatMap((series) => series.values));
  const count = input.labels.length;
  const plotWidth = Math.max(count - 1, 1) * SLOT;
  const xOf = (index: number) => (count === 1 ? plotWidth / 2 : index * SLOT);
  const lines = input.series.map((series) => {
    const ys = series.values.map((value) => plotY(scale, value));
    const d = ys.map((y, index) => (index === 0 ? `M${xOf(0)} ${y}` : `H${xOf(index)}V${y}`)).join("");
    const dots = count > 0 && count <= 60 ? ys.map((y, index) => `M${xOf(index)} ${y}h0`).join("") : null;
    return { key: series.key, d, dots };
  });
  const indices = spreadIndices(count, input.maxLabels ?? 3);
  return {
    kind: "line",
    title: input.title,
    description: describe(input, scale),
    plotWidth,
    grid: gridOf(scale),
    xLabels: indices.map((index, position) => ({
      x: outerX(xOf(index), plotWidth),
      // The first and last labels sit at the plot's edges: anchored inwards so they are not cut off.
      anchor: count === 1 ? "middle" : position === 0 ? "start" : position === indices.length - 1 ? "end" : "middle",
      text: input.labels[index] ?? "",
    })),
    bars: [],
    lines,
    legend: input.series.map(({ key, label, shape }) => ({ key, label, shape })),
    scale,
    labels: input.labels,
    series: input.series,
  };
}
