/**
 * What the provider needs of an HTTP client, so that the retry, deadline and stop policy (`provider.ts`) is one
 * thing and moving bytes over a socket another. The default is `node-http-transport.ts`; `fetch-transport.ts`
 * wraps a `fetch` (the unit tests inject fake ones).
 */
export interface TransportRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborting it ends the attempt at once, headers or body; the rejection is the signal's reason. */
  signal: AbortSignal;
  /** Largest body accepted, counted as decoded (inflated) bytes while they arrive. */
  maxBytes: number;
  /**
   * Where to receive a body whose length the answer declares (no content coding): a buffer of at least that many
   * bytes, of which the answer's `bytes` is then a view, instead of chunks copied into a fresh one. Optional for a
   * transport (the fetch one ignores it).
   */
  bodyBuffer?: (length: number) => Buffer;
}

export interface TransportAnswer {
  status: number;
  statusText: string;
  /** Names lower-cased, in name order; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The decoded body, whole; empty for a redirect (3xx), whose body is not read. */
  bytes: Buffer;
}

/**
 * Sends one attempt. Rejects with `BodyTooLarge` past `maxBytes`, with the signal's reason once it aborts, and with
 * any other error for a network failure (refused, reset, a body cut short).
 */
export type Transport = (url: URL, request: TransportRequest) => Promise<TransportAnswer>;

/** A body past the limit: not retried (the next answer would be as large) and it stops the run. */
export class BodyTooLarge extends Error {}

/** A byte limit in plain words (the limits are whole MiB or KiB; shown as MB/kB as people say it). */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} kB`;
  return `${bytes} bytes`;
}

export const declaredTooLarge = (declared: number, limit: number) =>
  new BodyTooLarge(`a body of ${declared} bytes, larger than the ${describeBytes(limit)} limit for one answer`);

export const decodedTooLarge = (encoding: string | undefined, limit: number) =>
  new BodyTooLarge(
    encoding !== undefined
      ? `a ${encoding}-compressed body that inflates past the ${describeBytes(limit)} limit for one answer`
      : `a body larger than the ${describeBytes(limit)} limit for one answer`,
  );
