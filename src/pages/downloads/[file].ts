import type { APIRoute, GetStaticPaths } from "astro";
import { loadAuditBundle, takeAuditBundleBytes } from "../../site/audit-bundle.ts";
import { bytesResponse } from "../../site/bytes-response.ts";

/** `/downloads/ledgerlight-audit-<wallet>-<version>.zip`: everything an auditor needs, one file (see the data page). */
export const getStaticPaths = (async () => [
  { params: { file: (await loadAuditBundle()).fileName } },
]) satisfies GetStaticPaths;

export const GET: APIRoute = async () => {
  return bytesResponse(await takeAuditBundleBytes(), "application/zip");
};
