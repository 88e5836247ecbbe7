import type { APIRoute, GetStaticPaths } from "astro";
import { walletsCsv, walletsJson } from "../../lib/state/wallet-downloads.ts";
import { loadCommunityWallets } from "../../site/community-wallets.ts";
import { loadSiteData } from "../../site/site-data.ts";

/**
 * `/data/community-wallets.csv` and `.json`: the community wallets index in exact base units; none without
 * `content/state/`.
 */
export const getStaticPaths = (async () => {
  const { site } = await loadSiteData();
  if (!site.isMain || (await loadCommunityWallets()) === null) return [];
  return (["csv", "json"] as const).map((format) => ({ params: { format } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const data = await loadCommunityWallets();
  if (data === null) throw new Error("the community wallets downloads are built only with content/state/");
  return params.format === "csv"
    ? new Response(walletsCsv(data.rows, data.latest), { headers: { "content-type": "text/csv; charset=utf-8" } })
    : new Response(walletsJson(data.rows, data.latest), {
        headers: { "content-type": "application/json; charset=utf-8" },
      });
};
