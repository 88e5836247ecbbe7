import type { APIRoute, GetStaticPaths } from "astro";
import { donorDonationsDownload, downloadCsvBytes } from "../../../lib/views/downloads.ts";
import { bytesResponse } from "../../../site/bytes-response.ts";
import { loadSiteData } from "../../../site/site-data.ts";

/** `/data/donors/<address>.csv`: every donation of one donor (their page shows only the newest). */
export const getStaticPaths = (async () => {
  const { snapshot } = await loadSiteData();
  return snapshot.donors.map((donor) => ({ params: { address: donor.address } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const address = String(params.address);
  const { donationsByDonor } = await loadSiteData();
  const download = donorDonationsDownload(address, donationsByDonor.get(address) ?? []);
  return bytesResponse(downloadCsvBytes(download), "text/csv; charset=utf-8");
};
