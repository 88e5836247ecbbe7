/**
 * Chart.js (about 48 kB gzipped) is fetched only once the page has loaded, so it never competes with the page's
 * first paint: the figures and tables come first, the drawings after.
 */
function drawCharts(): void {
  void import("./overview-charts.ts");
}

if (document.readyState === "complete") drawCharts();
else addEventListener("load", drawCharts, { once: true });
