import type { APIRoute, GetStaticPaths } from "astro";
import type { LedgerList } from "../../../lib/ledger/ledger-lists.ts";
import { type LedgerListCsvs, ledgerListCsvs } from "../../../lib/views/downloads.ts";
import { bytesResponse } from "../../../site/bytes-response.ts";
import { loadSiteData } from "../../../site/site-data.ts";

/** `/data/ledger/<list>.csv`: the rows of each ledger list (`/ledger/…`), all pages, exactly as the pages show them. */
export const getStaticPaths = (async () => {
  const { ledgerLists } = await loadSiteData();
  return ledgerLists.lists.map((list) => ({ params: { list: list.csvName }, props: { list } }));
}) satisfies GetStaticPaths;

/**
 * Every row's record encoded once for all the lists (`ledgerListCsvs`), kept until each list has been written once
 * (the bytes of `all.csv`, ~24 MB at bench scale 1, are not kept for the rest of the build), then made again for a
 * later request (`astro dev`) or another ledger (new site data).
 */
let shared: { all: LedgerList; csvs: LedgerListCsvs; unwritten: Set<string> } | undefined;

export const GET: APIRoute = async ({ props }) => {
  const { list } = props as { list: LedgerList };
  const { ledgerLists } = await loadSiteData();
  if (shared?.all !== ledgerLists.all) {
    shared = {
      all: ledgerLists.all,
      csvs: ledgerListCsvs(ledgerLists.all),
      unwritten: new Set(ledgerLists.lists.map((each) => each.csvName)),
    };
  }
  const bytes = shared.csvs.bytesOf(list);
  shared.unwritten.delete(list.csvName);
  if (shared.unwritten.size === 0) shared = undefined;
  return bytesResponse(bytes, "text/csv; charset=utf-8");
};
