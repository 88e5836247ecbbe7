import type { APIRoute, GetStaticPaths } from "astro";
import { textResponse } from "../../../site/bytes-response.ts";
import { loadCommunityWallets } from "../../../site/community-wallets.ts";
import { loadSiteData } from "../../../site/site-data.ts";

/**
 * `/data/state/<file>`: every committed file of `content/state/` byte for byte (its manifest too), so anyone can
 * check a community wallet's figures against what the importer wrote, and the file against its sha256.
 */
export const getStaticPaths = (async () => {
  const { site } = await loadSiteData();
  const data = await loadCommunityWallets();
  if (!site.isMain || data === null) return [];
  return [...data.state.texts.keys()].map((file) => ({ params: { file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const data = await loadCommunityWallets();
  const text = data?.state.texts.get(params.file ?? "");
  if (text === undefined) throw new Error(`no committed state file ${params.file}`);
  return textResponse(text, "application/json; charset=utf-8");
};
