import { request as httpRequest } from "node:http";

/** Test-side helpers for talking to the fake node over real HTTP. */

/** The seven ledger headers a node sends on every successful answer (lower-case, as `Headers` exposes them). */
export const LEDGER_HEADERS = [
  "x-diem-chain-id",
  "x-diem-ledger-version",
  "x-diem-ledger-oldest-version",
  "x-diem-ledger-timestampusec",
  "x-diem-epoch",
  "x-diem-block-height",
  "x-diem-oldest-block-height",
] as const;

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** `fetch(baseUrl + path)` and read the whole body. `path` starts with `/` and is appended to the `/v1` base. */
export async function call(baseUrl: string, path: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST a JSON view request. */
export function postView(baseUrl: string, body: unknown, query = "", contentType = "application/json") {
  return call(baseUrl, `/view${query}`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Which ledger headers are present on a response. */
export function presentLedgerHeaders(headers: Headers): string[] {
  return LEDGER_HEADERS.filter((name) => headers.has(name));
}

/**
 * A GET with `node:http` (no retries, no connection pooling) that resolves with the status or rejects with the
 * socket error, so tests can see a reset as the client library sees it (`ECONNRESET`).
 */
export function rawGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("aborted", () => reject(new Error("response aborted")));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** A struct tag percent-encoded for a path segment, as clients must send it (`<` → %3C, `>` → %3E, `,` → %2C). */
export function encodeTag(tag: string): string {
  return encodeURIComponent(tag);
}
