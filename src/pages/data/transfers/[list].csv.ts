import type { APIRoute, GetStaticPaths } from "astro";
import { downloadCsvBytes, transferListDownload } from "../../../lib/views/downloads.ts";
import { bytesResponse } from "../../../site/bytes-response.ts";
import { loadSiteData } from "../../../site/site-data.ts";
import { type TransferList, transferListCsvName, transferListsOf } from "../../../site/transfer-lists.ts";

/** `/data/transfers/<list>.csv`: the rows of each transfer list (all, by status, waiting, by quarter), every page. */
export const getStaticPaths = (async () => {
  const { transfers } = await loadSiteData();
  const { all, byStatus, waiting, byQuarter } = transferListsOf(transfers);
  return [all, ...byStatus.values(), waiting, ...byQuarter.values()].map((list) => ({
    params: { list: transferListCsvName(list) },
    props: { list },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { list } = props as { list: TransferList };
  const download = transferListDownload(transferListCsvName(list), list.heading, list.rows);
  return bytesResponse(downloadCsvBytes(download), "text/csv; charset=utf-8");
};
