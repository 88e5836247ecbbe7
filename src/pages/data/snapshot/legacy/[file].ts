import type { APIRoute, GetStaticPaths } from "astro";
import { textResponse } from "../../../../site/bytes-response.ts";
import { loadSiteData } from "../../../../site/site-data.ts";

/**
 * `/data/snapshot/legacy/<file>.json`: each imported legacy file, byte for byte as committed (the legacy
 * manifest.json lists their sha256). None when the wallet has no legacy folder.
 */
export const getStaticPaths = (async () => {
  const { legacy } = await loadSiteData();
  return legacy === null ? [] : [...legacy.texts.keys()].sort().map((file) => ({ params: { file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { legacy } = await loadSiteData();
  const body = legacy?.texts.get(String(params.file));
  if (body === undefined) throw new Error(`${String(params.file)} is not a legacy file`);
  return textResponse(body, "application/json; charset=utf-8");
};
