/**
 * Draws the overview's charts: every `canvas[data-chart]` holds a Chart.js config as JSON (built and unit-tested
 * in src/lib/views/charts.ts). Progressive enhancement: without this script the page shows the same figures as tables.
 *
 * Only the components in `CHART_COMPONENTS` are registered (a unit test compares this import list with it), so
 * the bundle carries no other chart types, scales or plugins.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from "chart.js";

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
);

const CSS_VARIABLE = /^var\((--[a-z0-9-]+)\)$/;

/** Replaces every `"var(--name)"` string in the config with the page's current value of that custom property. */
function resolveColours(value: unknown, style: CSSStyleDeclaration): unknown {
  if (typeof value === "string") {
    const match = CSS_VARIABLE.exec(value);
    return match?.[1] ? style.getPropertyValue(match[1]).trim() : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveColours(item, style));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveColours(item, style)]));
  }
  return value;
}

const charts = new Map<HTMLCanvasElement, Chart>();

function drawAll(): void {
  const style = getComputedStyle(document.documentElement);
  // Axis text and grid lines follow the page's colours, so both light and dark schemes stay readable.
  Chart.defaults.color = style.getPropertyValue("--muted").trim();
  Chart.defaults.borderColor = style.getPropertyValue("--border").trim();
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]")) {
    charts.get(canvas)?.destroy();
    const config = resolveColours(JSON.parse(canvas.dataset.chart ?? "null"), style) as ChartConfiguration;
    // The configs already turn animation off; readers who asked for reduced motion get none whatever the config.
    if (matchMedia("(prefers-reduced-motion: reduce)").matches)
      config.options = { ...config.options, animation: false };
    // The frame already has its size (site.css), so drawing moves nothing on the page.
    charts.set(canvas, new Chart(canvas, config));
  }
}

drawAll();
// A signal for tests and tools that the charts are drawn (they load after the page, see load-charts.ts).
document.documentElement.dataset.chartsDrawn = "true";
// Redraw with the other palette when the reader's colour scheme changes.
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);
