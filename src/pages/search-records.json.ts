import type { APIRoute } from "astro";
import { donorSearchRecord, transferSearchRecord } from "../lib/views/search-records.ts";
import type { SearchRecordsFile } from "../schemas/search-records.ts";
import { loadSiteData } from "../site/site-data.ts";

/**
 * The search records the build hands to the search step (src/integrations/search-index.ts, SEARCH_RECORDS_FILE):
 * one small record per transfer and donor page, from the rows those pages render. Written by the build itself from
 * the data it already holds (the integration reading its own copy read and checked the whole snapshot a second
 * time); the search step removes the file once read, so it is not part of the published site.
 */
export const GET: APIRoute = async () => {
  const { program, transfers, donors, feeReport } = await loadSiteData();
  const file: SearchRecordsFile = {
    records: [
      ...transfers.map((row) => {
        const disbursement = feeReport.awards.get(row.uid)?.award ?? feeReport.fees.get(row.uid)?.fee;
        return transferSearchRecord(row, program.coinSymbol, disbursement?.classification.kind === "fee");
      }),
      ...donors.map((row) => donorSearchRecord(row, program.coinSymbol)),
    ],
  };
  return new Response(JSON.stringify(file));
};
