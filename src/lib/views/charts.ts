import type { FeeQuarter } from "../figures/fee-series.ts";
import type { BalancePoint, MonthlyFlow } from "../ledger/ledger-figures.ts";
import { COIN_DECIMALS, COIN_SCALE } from "../money.ts";

/**
 * Chart.js configurations as plain JSON-serialisable objects: the page embeds them as data and a small script
 * hands them to Chart.js, so this file needs no Chart.js import and the numbers are unit-testable. Charts are
 * progressive enhancement over an HTML table with the same figures; the table (exact, from bigint) is the record,
 * the chart only draws it.
 *
 * Colours are CSS custom properties (`"var(--chart-in)"`), defined in `site.css` for light and dark schemes; the
 * client script resolves them against the page when it draws, so a chart stays readable in either scheme.
 */

/** The colour tokens the configs use; each must be defined in `site.css` for both colour schemes. */
export const CHART_COLOUR_TOKENS = [
  "--chart-balance",
  "--chart-in",
  "--chart-out",
  "--chart-out-fill",
  "--chart-fee",
  "--chart-cap",
  "--chart-cap-fill",
] as const;
type ChartColourToken = (typeof CHART_COLOUR_TOKENS)[number];
const colour = (token: ChartColourToken) => `var(${token})`;

/**
 * The Chart.js components the site registers, and the only ones these configs need (tree-shaking keeps the rest
 * out of the bundle): the line chart needs its controller plus line and point elements, the bar chart its
 * controller and bar element; both use a category x axis, a linear y axis and the legend. No time scale (it would
 * need a date adapter), no Filler (lines are not filled), and no Tooltip: it would show rounded floats where the
 * table beside each chart shows exact figures, and it costs 5 kB gzipped of a 60 kB budget.
 */
export const CHART_COMPONENTS = [
  "LineController",
  "LineElement",
  "PointElement",
  "BarController",
  "BarElement",
  "CategoryScale",
  "LinearScale",
  "Legend",
] as const;

/**
 * Base units -> coins as a JS number, for drawing only. This is the one place in Ledgerlight where an amount
 * becomes a float: the exact decimal text (`"-1234.567891"`) is built with bigint and only then read by `Number`,
 * so the result is the double nearest the exact value (no accumulated division error). Above ~9·10⁹ LIBRA
 * (2^53 units) a double cannot hold every unit, which a chart cannot show anyway; tables print the exact figure.
 */
export function unitsToChartNumber(units: bigint): number {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const fraction = (magnitude % COIN_SCALE).toString().padStart(COIN_DECIMALS, "0");
  return Number(`${negative ? "-" : ""}${magnitude / COIN_SCALE}.${fraction}`);
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ChartDataset {
  label: string;
  data: number[];
  [option: string]: Json;
}

export interface ChartConfig {
  type: "line" | "bar";
  data: { labels: string[]; datasets: ChartDataset[] };
  options: { [option: string]: Json };
}

function baseOptions(xTitle: string): { [option: string]: Json } {
  return {
    responsive: true,
    maintainAspectRatio: false,
    // No animation: nothing moves for readers who asked for reduced motion, and screenshots are deterministic.
    animation: false,
    // Tick and tooltip numbers in one fixed locale, like the rest of the site's figures.
    locale: "en-US",
    scales: {
      x: { type: "category", title: { display: true, text: xTitle } },
      y: { type: "linear", beginAtZero: true, title: { display: true, text: "LIBRA" } },
    },
    plugins: {
      // Point-style legend markers repeat each dataset's shape and fill, so the legend is readable without colour.
      legend: { display: true, labels: { usePointStyle: true } },
    },
  };
}

/**
 * The balance over time: one point per UTC day with movements (its closing balance). Drawn stepped ("after"):
 * the balance holds its value until the next day with movements, which is what happened.
 */
export function balanceChartConfig(series: readonly BalancePoint[]): ChartConfig {
  return {
    type: "line",
    data: {
      labels: series.map((point) => point.day),
      datasets: [
        {
          label: "Balance at the end of the day (LIBRA)",
          data: series.map((point) => unitsToChartNumber(point.balance)),
          stepped: "after",
          fill: false,
          borderColor: colour("--chart-balance"),
          backgroundColor: colour("--chart-balance"),
          borderWidth: 2,
          borderDash: [],
          pointStyle: "circle",
          // Dots help a short series; on hundreds of days they would merge into a thick band.
          pointRadius: series.length > 60 ? 0 : 3,
        },
      ],
    },
    options: baseOptions("Day (UTC)"),
  };
}

/**
 * Money in and out per UTC month, as two bar series. Besides colour the series differ in shape: money in is a
 * solid bar with a circle legend marker, money out a hollow bar with a thick outline and a triangle marker, and
 * each has its own label (bar elements do not support dashed borders).
 */
export function monthlyFlowsChartConfig(flows: readonly MonthlyFlow[]): ChartConfig {
  return {
    type: "bar",
    data: {
      labels: flows.map((flow) => flow.month),
      datasets: [
        {
          label: "Money in (LIBRA)",
          data: flows.map((flow) => unitsToChartNumber(flow.inflow)),
          backgroundColor: colour("--chart-in"),
          borderColor: colour("--chart-in"),
          borderWidth: 0,
          pointStyle: "circle",
        },
        {
          label: "Money out (LIBRA)",
          data: flows.map((flow) => unitsToChartNumber(flow.outflow)),
          backgroundColor: colour("--chart-out-fill"),
          borderColor: colour("--chart-out"),
          borderWidth: 3,
          pointStyle: "triangle",
        },
      ],
    },
    options: baseOptions("Month (UTC)"),
  };
}

/**
 * Fees paid against the 4 % allowance per quarter, as two bar series: fees solid with a circle legend marker,
 * the allowance hollow with a thick outline and a triangle marker (so the pair reads without colour), as in the
 * monthly flows chart.
 */
export function feeChartConfig(quarters: readonly FeeQuarter[]): ChartConfig {
  return {
    type: "bar",
    data: {
      labels: quarters.map((row) => row.quarter),
      datasets: [
        {
          label: "Fees paid to stewards (LIBRA)",
          data: quarters.map((row) => unitsToChartNumber(row.fees)),
          backgroundColor: colour("--chart-fee"),
          borderColor: colour("--chart-fee"),
          borderWidth: 0,
          pointStyle: "circle",
        },
        {
          label: "4 % cap: most the fees may be (LIBRA)",
          data: quarters.map((row) => unitsToChartNumber(row.allowance)),
          backgroundColor: colour("--chart-cap-fill"),
          borderColor: colour("--chart-cap"),
          borderWidth: 3,
          pointStyle: "triangle",
        },
      ],
    },
    options: baseOptions("Quarter (UTC)"),
  };
}

/**
 * Fewer points for a long balance chart: up to `maxPoints` the series is drawn as is (every day with movements);
 * beyond that only the first point (the opening) and the last day with movements of each UTC month are kept.
 * Every kept point is still a true end-of-day balance, and the month's last one is the month's closing balance,
 * so the thinned chart agrees with the monthly table; the stepped line just skips the moves within a month.
 * Chart data size stays at about 12 points a year however long the program runs.
 */
export function thinBalanceSeries(series: readonly BalancePoint[], maxPoints: number): BalancePoint[] {
  if (series.length <= maxPoints) return [...series];
  const [first, ...rest] = series;
  if (!first) return [];
  const lastOfMonth = new Map<string, BalancePoint>();
  for (const point of rest) lastOfMonth.set(point.day.replace(/-[0-9]{2}$/, ""), point);
  return [first, ...lastOfMonth.values()];
}
