import type { APIRoute, GetStaticPaths } from "astro";
import {
  buildDownload,
  DOWNLOAD_TABLES,
  type DownloadTable,
  downloadCsvStream,
  downloadJsonStream,
  type TableDownload,
} from "../../lib/views/downloads.ts";
import { loadSiteData } from "../../site/site-data.ts";

/** `/data/<table>.csv` and `/data/<table>.json`: every table of the site as a download. */
export const getStaticPaths = (() =>
  DOWNLOAD_TABLES.flatMap((table) =>
    (["csv", "json"] as const).map((format) => ({ params: { table: table.name, format }, props: { table } })),
  )) satisfies GetStaticPaths;

/**
 * The rows of the table rendered last: its CSV and JSON are rendered one after the other and share them, and only
 * one table's rows are alive at a time.
 */
let last: TableDownload | undefined;

export const GET: APIRoute = async ({ params, props }) => {
  const { table } = props as { table: DownloadTable };
  if (last?.name !== table.name) {
    last = undefined;
    const { snapshot, payeeNames } = await loadSiteData();
    last = buildDownload(table, snapshot, payeeNames);
  }
  return params.format === "csv"
    ? new Response(downloadCsvStream(last), { headers: { "content-type": "text/csv; charset=utf-8" } })
    : new Response(downloadJsonStream(last), { headers: { "content-type": "application/json; charset=utf-8" } });
};
