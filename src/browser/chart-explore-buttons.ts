/**
 * Shows each overview chart's "Explore the values" button (rendered `hidden`: without JavaScript the SVG and the
 * table are the whole story) and, on the first tap, fetches Chart.js and that chart's exact series and draws it
 * interactively (explore-chart.ts). Nothing of Chart.js or the series is fetched before a reader asks.
 */
for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-chart-explore]")) {
  button.hidden = false;
  button.addEventListener("click", () => {
    if (button.disabled) return;
    button.disabled = true;
    import("./explore-chart.ts")
      .then(({ exploreChart }) => exploreChart(button))
      .catch(() => {
        // A failed fetch (offline) of the script or the series leaves the SVG in place; the reader can try again.
        button.disabled = false;
      });
  });
}
