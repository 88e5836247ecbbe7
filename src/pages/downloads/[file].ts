import type { APIRoute, GetStaticPaths } from "astro";
import { loadAuditBundle } from "../../site/audit-bundle.ts";

/** `/downloads/ledgerlight-audit-<wallet>-<version>.zip`: everything an auditor needs, one file (see the data page). */
export const getStaticPaths = (async () => [
  { params: { file: (await loadAuditBundle()).fileName } },
]) satisfies GetStaticPaths;

export const GET: APIRoute = async () => {
  const { bytes } = await loadAuditBundle();
  return new Response(new Uint8Array(bytes), { headers: { "content-type": "application/zip" } });
};
