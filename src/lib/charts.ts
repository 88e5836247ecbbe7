import type { BalancePoint, MonthlyFlow } from "./ledger-figures.ts";
import { COIN_DECIMALS, COIN_SCALE } from "./money.ts";

/**
 * Chart.js configurations as plain JSON-serialisable objects: the page embeds them as data and a small script
 * hands them to Chart.js, so this file needs no Chart.js import and the numbers are unit-testable. Charts are
 * progressive enhancement over an HTML table with the same figures; the table (exact, from bigint) is the record,
 * the chart only draws it.
 */

/**
 * The Chart.js components the site registers, and the only ones these configs need (tree-shaking keeps the rest
 * out of the bundle): the line chart needs its controller plus line and point elements, the bar chart its
 * controller and bar element; both use a category x axis, a linear y axis, the tooltip and the legend. No time
 * scale (it would need a date adapter), no Filler (lines are not filled).
 */
export const CHART_COMPONENTS = [
  "LineController",
  "LineElement",
  "PointElement",
  "BarController",
  "BarElement",
  "CategoryScale",
  "LinearScale",
  "Tooltip",
  "Legend",
] as const;
export type ChartComponentName = (typeof CHART_COMPONENTS)[number];

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
    interaction: { mode: "index", intersect: false },
    scales: {
      x: { type: "category", title: { display: true, text: xTitle } },
      y: { type: "linear", beginAtZero: true, title: { display: true, text: "LIBRA" } },
    },
    plugins: {
      // Point-style legend markers repeat each dataset's shape and fill, so the legend is readable without colour.
      legend: { display: true, labels: { usePointStyle: true } },
      tooltip: { enabled: true },
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
          borderColor: "#1d4e89",
          backgroundColor: "#1d4e89",
          borderWidth: 2,
          borderDash: [],
          pointStyle: "circle",
          pointRadius: 3,
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
          backgroundColor: "#2e6b30",
          borderColor: "#2e6b30",
          borderWidth: 0,
          pointStyle: "circle",
        },
        {
          label: "Money out (LIBRA)",
          data: flows.map((flow) => unitsToChartNumber(flow.outflow)),
          backgroundColor: "rgba(165, 29, 29, 0.12)",
          borderColor: "#a51d1d",
          borderWidth: 3,
          pointStyle: "triangle",
        },
      ],
    },
    options: baseOptions("Month (UTC)"),
  };
}
