import type { APIRoute, GetStaticPaths } from "astro";
import { buildDownloads, downloadCsv, downloadJson } from "../../lib/downloads.ts";
import { loadSiteData } from "../../site/site-data.ts";

/** `/data/<table>.csv` and `/data/<table>.json`: every table of the site as a download. */
export const getStaticPaths = (async () => {
  const { snapshot, payeeNames } = await loadSiteData();
  return buildDownloads(snapshot, payeeNames).flatMap((download) =>
    (["csv", "json"] as const).map((format) => ({ params: { table: download.name, format }, props: { download } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, props }) => {
  const { download } = props as { download: ReturnType<typeof buildDownloads>[number] };
  return params.format === "csv"
    ? new Response(downloadCsv(download), { headers: { "content-type": "text/csv; charset=utf-8" } })
    : new Response(downloadJson(download), { headers: { "content-type": "application/json; charset=utf-8" } });
};
