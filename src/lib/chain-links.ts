/**
 * Links to the chain itself, so a reader can fetch the record a figure came from from any node they trust.
 * Paths are the node REST API's (Aptos API v1, as 0L nodes serve it).
 */

/**
 * `GET {node}/transactions/by_version/{version}` for a node base URL ending in `/v1`, or null when the base URL is
 * not http(s): a configured URL becomes a link on every donor page, and only web URLs may.
 */
export function transactionUrl(nodeUrl: string, version: string): string | null {
  let base: URL;
  try {
    base = new URL(nodeUrl);
  } catch {
    return null;
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") return null;
  if (!/^(0|[1-9][0-9]*)$/.test(version)) throw new RangeError(`not a ledger version: ${JSON.stringify(version)}`);
  return `${base.href.replace(/\/+$/, "")}/transactions/by_version/${version}`;
}
