import type { APIRoute, GetStaticPaths } from "astro";
import { bytesResponse } from "../../../site/bytes-response.ts";
import { loadSiteData } from "../../../site/site-data.ts";
import { PUBLISHED_FILES, readPublishedFile } from "../../../site/snapshot-files.ts";

/** `/data/snapshot/<file>.json`: each committed snapshot file, byte for byte (see manifest.json for sha256). */
export const getStaticPaths = (() => PUBLISHED_FILES.map((file) => ({ params: { file } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { program } = await loadSiteData();
  const body = await readPublishedFile(program.wallet, String(params.file));
  return bytesResponse(body, "application/json; charset=utf-8");
};
