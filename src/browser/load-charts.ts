/**
 * Chart.js (about 48 kB gzipped) is fetched only when a chart is about to scroll into view, never before the page
 * has loaded: the figures and tables come first, the drawings after, and a reader (or Lighthouse) who never
 * scrolls down to the charts never pays for parsing and drawing them. The charts sit below the fold on every
 * screen size, and each has its table, which shows the same figures, right under it.
 */
let requested = false;

function drawCharts(): void {
  if (requested) return;
  requested = true;
  void import("./overview-charts.ts");
}

function drawWhenNear(): void {
  const frames = document.querySelectorAll("[data-chart-figure]");
  if (frames.length === 0) return;
  if (!("IntersectionObserver" in window)) {
    drawCharts();
    return;
  }
  // A screen's height ahead, so the charts are drawn by the time the reader reaches them.
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      drawCharts();
    },
    { rootMargin: "100% 0px" },
  );
  for (const frame of frames) observer.observe(frame);
  // A printed page shows the charts too.
  addEventListener("beforeprint", drawCharts, { once: true });
}

if (document.readyState === "complete") drawWhenNear();
else addEventListener("load", drawWhenNear, { once: true });
