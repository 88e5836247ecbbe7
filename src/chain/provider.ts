import type { Client, ClientRequest, ClientResponse } from "@aptos-labs/ts-sdk";

/**
 * The HTTP transport we hand to the SDK (`AptosConfig.client.provider`). Using our own keeps every request to
 * the node under our control: a per-request timeout, plain `fetch`, and response headers returned to the caller
 * (0L sends `X-Diem-*` where Aptos sends `X-Aptos-*`).
 */
export interface ProviderOptions {
  /** Abort a request that has not completed within this many milliseconds. */
  timeoutMs: number;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

function buildUrl(base: string, params: unknown): URL {
  const url = new URL(base);
  if (params && typeof params === "object") {
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
  }
  return url;
}

function serializeBody(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return body;
  return JSON.stringify(body);
}

export function createProvider(options: ProviderOptions): Client {
  const doFetch = options.fetch ?? fetch;
  return {
    async provider<Req, Res>(request: ClientRequest<Req>): Promise<ClientResponse<Res>> {
      const url = buildUrl(request.url, request.params);
      const headers = new Headers();
      for (const [key, value] of Object.entries(request.headers ?? {})) {
        if (value !== undefined) headers.set(key, String(value));
      }
      const body = serializeBody(request.body);
      const response = await doFetch(url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body: body as BodyInit }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      let data: unknown = text;
      if (text.length > 0) {
        try {
          data = JSON.parse(text);
        } catch {
          // Left as text: the caller's schema rejects it with the URL, which says more than a JSON error here.
        }
      }
      return {
        status: response.status,
        statusText: response.statusText,
        data: data as Res,
        headers: Object.fromEntries(response.headers.entries()),
      };
    },
  };
}
