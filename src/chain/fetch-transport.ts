import { declaredTooLarge, decodedTooLarge, type Transport } from "./transport.ts";

/**
 * A transport over a `fetch` (undici in Node, or a fake one in unit tests). fetch inflates gzip/br/deflate itself, so
 * the bytes counted against the limit are the decoded ones, as they arrive.
 */
export function fetchTransport(doFetch: typeof fetch): Transport {
  return async (url, request) => {
    const response = await doFetch(url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body as BodyInit }),
      signal: request.signal,
      // A read never moves to another host: a redirect is an answer we refuse, not one we follow.
      redirect: "manual",
    });
    const answer = {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
    };
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      return { ...answer, bytes: Buffer.alloc(0) };
    }
    return { ...answer, bytes: await readBodyWithin(response, request.maxBytes) };
  };
}

/** Reads a body as it arrives, counting decoded bytes, and gives up at `limit` without buffering the rest. */
async function readBodyWithin(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  const encoding = response.headers.get("content-encoding") ?? "identity";
  const encoded = encoding !== "identity";
  if (!encoded && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw declaredTooLarge(declared, limit);
  }
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => {});
      throw decodedTooLarge(encoded ? encoding : undefined, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, received);
}
