import type { Client, ClientRequest, ClientResponse } from "@aptos-labs/ts-sdk";
import { ChainRequestError } from "../errors.ts";
import {
  type AttemptOutcome,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry-policy.ts";

/**
 * The HTTP transport we hand to the SDK (`AptosConfig.client.provider`) and use for our own paged reads. Using
 * our own keeps every request to the node under one policy: a per-request timeout, a deadline for the whole run,
 * retries with capped exponential backoff and jitter that honour `Retry-After`, and response headers returned to
 * the caller (0L sends `X-Diem-*` where Aptos sends `X-Aptos-*`).
 */
export interface ProviderOptions {
  /** Abort one attempt that has not completed within this many milliseconds. */
  timeoutMs: number;
  /** Give up (no further retries) once the clock passes this instant, in ms since the unix epoch. */
  deadlineMs?: number;
  retry?: RetryPolicy;
  /** Injected for tests; default global `fetch`, `Date.now`, `Math.random`, `setTimeout`. */
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once per HTTP attempt (for request counts in tests and benchmarks). */
  onAttempt?: (url: string) => void;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** Parsed JSON body (or the raw text when the node answered something that is not JSON). */
  data: unknown;
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  params?: unknown;
  headers?: Record<string, unknown>;
  body?: unknown;
}

/** Sends one logical request, retrying transient failures; resolves with the final answer (any status). */
export function createHttp(options: ProviderOptions) {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;

  return async function send(request: HttpRequest): Promise<RawResponse> {
    const url = buildUrl(request.url, request.params);
    const headers = new Headers();
    for (const [key, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers.set(key, String(value));
    }
    const body = serializeBody(request.body);
    let lastProblem = "no attempt was made";
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let answer: RawResponse | undefined;
      options.onAttempt?.(url.toString());
      try {
        const response = await doFetch(url, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body: body as BodyInit }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await response.text();
        const responseHeaders = Object.fromEntries(response.headers.entries());
        let data: unknown = text;
        let parsed = false;
        try {
          data = text.length > 0 ? JSON.parse(text) : null;
          parsed = true;
        } catch {
          // Not JSON: a truncated or proxied body. Retried below when the status says it should have been JSON.
        }
        const errorCode =
          data && typeof data === "object" && "error_code" in data ? String(data.error_code) : undefined;
        outcome =
          response.ok && !parsed
            ? { kind: "bad-body" }
            : { kind: "response", status: response.status, errorCode, retryAfter: response.headers.get("retry-after") };
        answer = { status: response.status, statusText: response.statusText, headers: responseHeaders, data };
        const message =
          data && typeof data === "object" && "message" in data ? `: ${String(data.message).slice(0, 300)}` : "";
        lastProblem = parsed
          ? `HTTP ${response.status}${errorCode ? ` ${errorCode}` : ""}${message}`
          : "a body that is not JSON";
      } catch (error) {
        const name = (error as Error).name;
        outcome = name === "TimeoutError" || name === "AbortError" ? { kind: "timeout" } : { kind: "network" };
        lastProblem =
          outcome.kind === "timeout"
            ? `no answer within ${options.timeoutMs} ms`
            : `a network error (${(error as Error).message}${(error as Error).cause ? `: ${String((error as { cause: unknown }).cause)}` : ""})`;
      }
      if (answer && !isRetryable(outcome)) return answer;
      const retryAfterMs =
        outcome.kind === "response" ? parseRetryAfter(outcome.retryAfter ?? undefined, now()) : undefined;
      const delay = backoffDelayMs(policy, attempt, random, retryAfterMs);
      const outOfTime = options.deadlineMs !== undefined && now() + delay > options.deadlineMs;
      if (attempt >= policy.maxAttempts || outOfTime) {
        throw new ChainRequestError(
          `${request.method} ${url} failed after ${attempt} attempt${attempt === 1 ? "" : "s"}; the last one got ${lastProblem}.` +
            (outOfTime ? " The run's deadline leaves no time for another retry." : "") +
            " The node may be overloaded or unreachable: try again later, or another node with --node.",
          { url: url.toString(), ...(answer ? { status: answer.status } : {}) },
        );
      }
      await sleep(delay);
    }
  };
}

/**
 * For answers that are well-formed but not yet complete (a lagging node's empty event page): waits the policy's
 * backoff before try `attempt + 1` and resolves true, or resolves false when attempts or the deadline are used up.
 */
export function createRetryPause(options: ProviderOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  return async function pause(attempt: number): Promise<boolean> {
    if (attempt >= policy.maxAttempts) return false;
    const delay = backoffDelayMs(policy, attempt, random);
    if (options.deadlineMs !== undefined && now() + delay > options.deadlineMs) return false;
    await sleep(delay);
    return true;
  };
}

/** The SDK-facing provider over `createHttp`. */
export function createProvider(send: ReturnType<typeof createHttp>): Client {
  return {
    async provider<Req, Res>(request: ClientRequest<Req>): Promise<ClientResponse<Res>> {
      const answer = await send({
        url: request.url,
        method: request.method,
        params: request.params,
        ...(request.headers ? { headers: request.headers } : {}),
        body: request.body,
      });
      // 0L names the paging cursor X-Diem-Cursor; the SDK's pagination only reads x-aptos-cursor.
      const headers = { ...answer.headers };
      const cursor = headers["x-diem-cursor"];
      if (cursor !== undefined && headers["x-aptos-cursor"] === undefined) headers["x-aptos-cursor"] = cursor;
      return { status: answer.status, statusText: answer.statusText, data: answer.data as Res, headers };
    },
  };
}
