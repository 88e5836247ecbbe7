import type { APIRoute, GetStaticPaths } from "astro";
import type { LedgerList } from "../../../lib/ledger/ledger-lists.ts";
import { ledgerListCsvStream } from "../../../lib/views/downloads.ts";
import { loadSiteData } from "../../../site/site-data.ts";

/** `/data/ledger/<list>.csv`: the rows of each ledger list (`/ledger/…`), all pages, exactly as the pages show them. */
export const getStaticPaths = (async () => {
  const { ledgerLists } = await loadSiteData();
  return ledgerLists.lists.map((list) => ({ params: { list: list.csvName }, props: { list } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { list } = props as { list: LedgerList };
  return new Response(ledgerListCsvStream(list), {
    headers: { "content-type": "text/csv; charset=utf-8" },
  });
};
