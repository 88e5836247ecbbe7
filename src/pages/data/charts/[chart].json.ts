import type { APIRoute, GetStaticPaths } from "astro";
import { exploreData } from "../../../lib/views/chart-explore.ts";
import type { OverviewChart } from "../../../lib/views/overview-charts.ts";
import { loadSiteData } from "../../../site/site-data.ts";

/**
 * `/data/charts/<id>.json`: the exact series of each home chart that has data, as "Explore the values" draws it
 * (fetched on tap by src/browser/explore-chart.ts). The very charts the home page draws as SVG (built once, in the
 * site data).
 */
export const getStaticPaths = (async () =>
  (await loadSiteData()).overviewCharts
    .filter((chart) => chart.hasData)
    .map((chart) => ({ params: { chart: chart.id }, props: { chart } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { chart } = props as { chart: OverviewChart };
  return new Response(JSON.stringify(exploreData(chart.drawing)), {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
};
