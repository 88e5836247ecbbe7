import type { APIRoute, GetStaticPaths } from "astro";
import {
  buildDownload,
  DOWNLOAD_TABLES,
  type DownloadTable,
  downloadCsvBytes,
  downloadJsonBytes,
  type TableDownload,
} from "../../lib/views/downloads.ts";
import { takeAuditTableCsv } from "../../site/audit-bundle.ts";
import { bytesResponse } from "../../site/bytes-response.ts";
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

async function rowsOf(table: DownloadTable): Promise<TableDownload> {
  if (last?.name !== table.name) {
    last = undefined;
    const { snapshot, payeeNames } = await loadSiteData();
    last = buildDownload(table, snapshot, payeeNames);
  }
  return last;
}

export const GET: APIRoute = async ({ params, props }) => {
  const { table } = props as { table: DownloadTable };
  if (params.format === "csv") {
    // The audit zip made this CSV already (its `tables/` folder holds the same bytes) when it was built this run.
    const csv = takeAuditTableCsv(table.name) ?? downloadCsvBytes(await rowsOf(table));
    return bytesResponse(csv, "text/csv; charset=utf-8");
  }
  return bytesResponse(downloadJsonBytes(await rowsOf(table)), "application/json; charset=utf-8");
};
