import { COIN_DECIMALS, COIN_SCALE, formatCoins } from "../money.ts";
import type { SeriesShape, SvgChart } from "./chart-svg.ts";

/**
 * The overview's interactive charts, drawn by Chart.js only when a reader asks ("Explore the values"): the page
 * carries each chart's exact series as data (`exploreData`, printed at build time next to the SVG), and the
 * browser script (src/browser/explore-chart.ts) reads it back (`parseExploreData`) and hands `exploreChartConfig`
 * to Chart.js. Amounts stay decimal strings of base units in the page and bigint here; a value becomes a float
 * only for its pixel position (`unitsToChartNumber`), and the tooltips print the exact amount with `formatCoins`.
 */

/** The Chart.js components registered on demand (a unit test compares this list with the script's imports). */
export const EXPLORE_CHART_COMPONENTS = [
  "LineController",
  "LineElement",
  "PointElement",
  "BarController",
  "BarElement",
  "CategoryScale",
  "LinearScale",
  "Tooltip",
] as const;

/** One chart's series, exact, as the page carries them (JSON in a `data-` attribute). */
export interface ExploreData {
  kind: "line" | "bar";
  title: string;
  labels: string[];
  /** The value axis as the SVG draws it: bottom, top and step (base units) and each mark's printed label. */
  axis: { lo: string; hi: string; step: string; marks: string[] };
  series: { key: string; label: string; shape: SeriesShape; units: string[] }[];
}

/** The series the SVG was drawn from, as page data: the same labels and values, amounts as decimal strings. */
export function exploreData(chart: SvgChart): ExploreData {
  return {
    kind: chart.kind,
    title: chart.title,
    labels: [...chart.labels],
    axis: {
      lo: chart.scale.lo.toString(),
      hi: chart.scale.hi.toString(),
      step: chart.scale.step.toString(),
      marks: chart.grid.map((line) => line.label),
    },
    series: chart.series.map((series) => ({
      key: series.key,
      label: series.label,
      shape: series.shape,
      units: series.values.map((value) => value.toString()),
    })),
  };
}

const SHAPES: readonly string[] = ["line", "solid", "outline"] satisfies SeriesShape[];
const UNITS = /^-?(0|[1-9][0-9]*)$/;

function fail(where: string, what: string): never {
  throw new TypeError(`chart data: ${where} ${what}`);
}

function stringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) fail(where, "must be a list");
  return value.map((item, index) => (typeof item === "string" ? item : fail(`${where}[${index}]`, "must be text")));
}

/**
 * Where a home chart's exact series is published for "Explore the values": a JSON file of its own
 * (src/pages/data/charts/[chart].json.ts), fetched on tap, so the home page does not carry the series in an
 * attribute (16 kB of a 100 kB page for the balance chart alone, pushing the page past the first round trip).
 */
export function exploreDataHref(chartId: string): string {
  return `/data/charts/${chartId}.json`;
}

/**
 * Reads a chart's values back, checking every field (the browser bundle carries no zod: this is the only
 * shape it reads, and it was written by `exploreData`). Errors name the field.
 */
export function parseExploreData(json: string): ExploreData {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    fail("the chart's values", "is not JSON");
  }
  if (typeof raw !== "object" || raw === null) fail("the chart's values", "must be an object");
  const data = raw as Record<string, unknown>;
  if (data.kind !== "line" && data.kind !== "bar") fail("kind", 'must be "line" or "bar"');
  if (typeof data.title !== "string") fail("title", "must be text");
  const labels = stringArray(data.labels, "labels");
  if (typeof data.axis !== "object" || data.axis === null) fail("axis", "must be an object");
  const { lo, hi, step, marks } = data.axis as Record<string, unknown>;
  const bounds = { lo, hi, step };
  for (const [name, value] of Object.entries(bounds)) {
    if (typeof value !== "string" || !UNITS.test(value)) fail(`axis.${name}`, "must be a whole number of base units");
  }
  const axis = { lo: lo as string, hi: hi as string, step: step as string, marks: stringArray(marks, "axis.marks") };
  if (!Array.isArray(data.series)) fail("series", "must be a list");
  const series = data.series.map((item: unknown, index) => {
    const where = `series[${index}]`;
    if (typeof item !== "object" || item === null) fail(where, "must be an object");
    const { key, label, shape, units } = item as Record<string, unknown>;
    if (typeof key !== "string" || !/^[a-z]+$/.test(key)) fail(`${where}.key`, "must be a lower-case word");
    if (typeof label !== "string") fail(`${where}.label`, "must be text");
    if (typeof shape !== "string" || !SHAPES.includes(shape)) fail(`${where}.shape`, "must be line, solid or outline");
    const amounts = stringArray(units, `${where}.units`);
    amounts.forEach((text, position) => {
      if (!UNITS.test(text)) fail(`${where}.units[${position}]`, "must be a whole number of base units");
    });
    if (amounts.length !== labels.length)
      fail(`${where}.units`, `has ${amounts.length} values for ${labels.length} labels`);
    return { key, label, shape: shape as SeriesShape, units: amounts };
  });
  return { kind: data.kind, title: data.title, labels, axis, series };
}

/**
 * Base units -> coins as a JS number, for a pixel position only. The exact decimal text is built with bigint and
 * only then read by `Number`, so the result is the double nearest the exact value. Tooltips never show it.
 */
export function unitsToChartNumber(units: bigint): number {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const fraction = (magnitude % COIN_SCALE).toString().padStart(COIN_DECIMALS, "0");
  return Number(`${negative ? "-" : ""}${magnitude / COIN_SCALE}.${fraction}`);
}

/** A series' colours as the page defines them (`--chart-<token>` custom properties, resolved by the script). */
export interface SeriesColours {
  stroke: string;
  fill: string;
}

/** The custom properties (site.css) that colour each series key, stroke then fill, as the SVG's classes do. */
export const SERIES_COLOUR_TOKENS: Readonly<Record<string, readonly [string, string]>> = {
  balance: ["--chart-balance", "--chart-balance"],
  in: ["--chart-in", "--chart-in"],
  out: ["--chart-out", "--chart-out-fill"],
  fee: ["--chart-fee", "--chart-fee"],
  cap: ["--chart-cap", "--chart-cap-fill"],
};

/** The tooltip's line for one value: the series and its exact amount, e.g. `"Money in: 1,234.56789 LIBRA"`. */
export function tooltipLine(data: ExploreData, seriesIndex: number, index: number): string {
  const series = data.series[seriesIndex];
  const units = series?.units[index];
  if (series === undefined || units === undefined) return "";
  return `${series.label}: ${formatCoins(BigInt(units))} LIBRA`;
}

/** What a keyboard reader hears for one category: its label and every series' exact amount. */
export function categorySummary(data: ExploreData, index: number): string {
  const parts = data.series.map((_, seriesIndex) => tooltipLine(data, seriesIndex, index));
  return `${data.labels[index] ?? ""}: ${parts.join("; ")}`;
}

/**
 * The Chart.js configuration for one chart (a plain object; the script passes it to `new Chart`). The look
 * follows the SVG: a stepped line for the balance, solid and outlined bars side by side for the pairs. No
 * animation (reduced motion, steady screenshots), no Chart.js legend (the page's legend stays under the chart).
 */
export function exploreChartConfig(
  data: ExploreData,
  colourOf: (key: string) => SeriesColours,
  axis: { text: string; grid: string },
) {
  const line = data.kind === "line";
  return {
    type: data.kind,
    data: {
      labels: data.labels,
      datasets: data.series.map((series) => {
        const colours = colourOf(series.key);
        return {
          label: series.label,
          data: series.units.map((units) => unitsToChartNumber(BigInt(units))),
          borderColor: colours.stroke,
          backgroundColor: colours.fill,
          borderWidth: series.shape === "outline" ? 3 : line ? 2 : 0,
          ...(line
            ? { stepped: "after" as const, pointRadius: data.labels.length > 60 ? 0 : 3, pointHitRadius: 8 }
            : {}),
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: "index" as const, intersect: false },
      scales: {
        x: {
          ticks: { color: axis.text, autoSkip: true, autoSkipPadding: 16, maxRotation: 0 },
          grid: { color: axis.grid },
        },
        // The SVG's axis, marks and labels (ours, exact; Chart.js would format them with the browser's locale).
        y: {
          min: unitsToChartNumber(BigInt(data.axis.lo)),
          max: unitsToChartNumber(BigInt(data.axis.hi)),
          ticks: {
            color: axis.text,
            stepSize: unitsToChartNumber(BigInt(data.axis.step)),
            callback: (_value: unknown, index: number) => data.axis.marks[index] ?? "",
          },
          grid: { color: axis.grid },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (context: { datasetIndex: number; dataIndex: number }) =>
              tooltipLine(data, context.datasetIndex, context.dataIndex),
          },
        },
      },
    },
  };
}
