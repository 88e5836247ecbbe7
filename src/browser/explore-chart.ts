/**
 * Draws one overview chart with Chart.js, on demand (chart-explore-buttons.ts imports this module when a reader
 * taps "Explore the values"): the canvas takes the SVG's place, with tooltips that print the exact amounts. The
 * data and the configuration come from src/lib/views/chart-explore.ts (exact series, our own formatting); this
 * only wires them to the page: colours from the stylesheet, the keyboard, and a live line for screen readers.
 *
 * Only the components in `EXPLORE_CHART_COMPONENTS` are registered (a unit test compares this import list with
 * it), so the chunk carries no other chart types, scales or plugins.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import {
  categorySummary,
  type ExploreData,
  exploreChartConfig,
  parseExploreData,
  SERIES_COLOUR_TOKENS,
} from "../lib/views/chart-explore.ts";

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
);

const drawn: { canvas: HTMLCanvasElement; data: ExploreData; chart: Chart }[] = [];

function configFor(data: ExploreData): ChartConfiguration {
  const style = getComputedStyle(document.documentElement);
  const read = (token: string) => style.getPropertyValue(token).trim();
  const config = exploreChartConfig(
    data,
    (key) => {
      const [stroke = "--text", fill = "--text"] = SERIES_COLOUR_TOKENS[key] ?? [];
      return { stroke: read(stroke), fill: read(fill) };
    },
    // Axis text and grid lines follow the page's colours, so both colour schemes stay readable.
    { text: read("--muted"), grid: read("--border") },
  );
  return config as unknown as ChartConfiguration;
}

/** Shows the tooltip for category `index` (keyboard) and says its exact values in the live line. */
function showCategory(chart: Chart, data: ExploreData, live: HTMLElement, index: number): void {
  const active = data.series.map((_, datasetIndex) => ({ datasetIndex, index }));
  chart.setActiveElements(active);
  chart.tooltip?.setActiveElements(active, { x: 0, y: 0 });
  chart.update();
  live.textContent = categorySummary(data, index);
}

/** The chart's exact series, from the JSON file the button names (refused unless the site answers it whole). */
async function fetchExploreData(button: HTMLButtonElement): Promise<ExploreData> {
  const response = await fetch(button.dataset.chartValuesHref ?? "");
  if (!response.ok) throw new Error(`the chart's values: HTTP ${response.status}`);
  return parseExploreData(await response.text());
}

/**
 * Replaces the SVG named by the button with an interactive chart of the same series, then hides the button. A
 * failed fetch rejects with the SVG still in place (the caller lets the reader try again).
 */
export async function exploreChart(button: HTMLButtonElement): Promise<void> {
  const svg = document.getElementById(button.dataset.chartExplore ?? "");
  if (!svg) return;
  const data = await fetchExploreData(button);
  const frame = document.createElement("div");
  frame.className = "chart-canvas-frame";
  const canvas = document.createElement("canvas");
  canvas.id = `${svg.id}-canvas`;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `${data.title}. Use the left and right arrow keys to hear each value; the table below gives them all.`,
  );
  const live = document.createElement("p");
  live.id = `${svg.id}-values`;
  live.className = "sr-only";
  live.setAttribute("aria-live", "polite");
  frame.append(canvas);
  svg.replaceWith(frame);
  frame.after(live);
  // Redrawn when the colour scheme changes (below), so the handlers read the entry's current chart.
  const entry = { canvas, data, chart: new Chart(canvas, configFor(data)) };
  drawn.push(entry);

  let index = -1;
  const last = data.labels.length - 1;
  canvas.addEventListener("keydown", (event) => {
    const next =
      event.key === "ArrowRight"
        ? Math.min(index + 1, last)
        : event.key === "ArrowLeft"
          ? Math.max(index - 1, 0)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null || last < 0) return;
    event.preventDefault();
    index = next;
    showCategory(entry.chart, data, live, index);
  });
  canvas.addEventListener("blur", () => {
    entry.chart.setActiveElements([]);
    entry.chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    entry.chart.update();
  });
  button.hidden = true;
  // The button is gone: the reader's focus goes to the chart it opened.
  canvas.focus();
  document.documentElement.dataset.chartsExplored = String(drawn.length);
}

// Redraw with the other palette when the reader's colour scheme changes.
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  for (const entry of drawn) {
    entry.chart.destroy();
    entry.chart = new Chart(entry.canvas, configFor(entry.data));
  }
});
