import type { Client, ClientRequest, ClientResponse } from "@aptos-labs/ts-sdk";
import { ChainRequestError } from "../errors.ts";
import { fetchTransport } from "./fetch-transport.ts";
import { nodeHttpTransport } from "./node-http-transport.ts";
import {
  type AttemptOutcome,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry-policy.ts";
import { createRunStop, type RunStop, sleepUnlessStopped } from "./run-stop.ts";
import { BodyTooLarge, type Transport } from "./transport.ts";

/**
 * The HTTP transport we hand to the SDK (`AptosConfig.client.provider`) and use for our own paged reads. Using
 * our own keeps every request to the node under one policy: a per-request timeout (body included), a deadline for
 * the whole run, retries with capped exponential backoff and jitter that honour a `Retry-After` within the
 * deadline, a size limit on every body, no redirects, one stop for the whole run once a read failed for good, and
 * response headers returned to the caller (0L sends `X-Diem-*` where Aptos sends `X-Aptos-*`).
 */
export interface ProviderOptions {
  /** Abort one attempt (headers and the whole body) that has not completed within this many milliseconds. */
  timeoutMs: number;
  /** Give up (no further retries, in-flight attempts aborted) once the clock passes this instant, in ms since the unix epoch. */
  deadlineMs?: number;
  retry?: RetryPolicy;
  /** The run's stop switch: a read that fails for good stops it, and a stopped run sends nothing more. */
  run?: RunStop;
  /** Largest body accepted, counted as decoded (inflated) bytes while they arrive; default 16 MiB. */
  maxResponseBytes?: number;
  /** Longest single `Retry-After` wait accepted (a longer one fails the read at once); default 5 minutes. */
  maxRetryAfterMs?: number;
  /** How attempts are sent; default `node:http`/`node:https` (`node-http-transport.ts`). */
  transport?: Transport;
  /** Injected for tests: attempts sent through this `fetch` instead of the transport. */
  fetch?: typeof fetch;
  /** Injected for tests; default `Date.now`, `Math.random`, `setTimeout`. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called once per HTTP attempt (for request counts in tests and benchmarks). */
  onAttempt?: (url: string) => void;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60_000;

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

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  params?: unknown;
  headers?: Record<string, unknown>;
  body?: unknown;
  /**
   * Parses the answer's bytes in place of `JSON.parse` of their UTF-8 text (it must give the same value, and throw
   * where it throws), so that a large answer need not become one string (`verify`'s reusing parser).
   */
  parseJson?: (bytes: Uint8Array) => unknown;
  /** Where to receive a body of declared length (`TransportRequest.bodyBuffer`; the reusing parser's buffers). */
  bodyBuffer?: (length: number) => Buffer;
}

/** A request's own way to receive and parse its answer's bytes (a large answer read again and again). */
export type AnswerReading = Pick<HttpRequest, "parseJson" | "bodyBuffer">;

/** Whole seconds, rounded up, for messages ("asked to wait 3 s"). */
const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;
/**
 * The signal of one attempt: aborted by the run's stop, or with a `TimeoutError` after `ms`. `release` clears the
 * timer and the listener once the attempt is over (body read or failed). One controller and one timer instead of
 * `AbortSignal.any` over `AbortSignal.timeout`, whose composite signals Node keeps track of until they are
 * collected: at 10^4 requests a run that cost measurable CPU and garbage collection.
 */
function attemptSignal(run: AbortSignal, ms: number): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onStop = () => controller.abort(run.reason);
  if (run.aborted) onStop();
  else run.addEventListener("abort", onStop, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")),
    Math.min(ms, 2 ** 31 - 1),
  );
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      run.removeEventListener("abort", onStop);
    },
  };
}

/** Sends one logical request, retrying transient failures; resolves with the final answer (any status). */
export function createHttp(options: ProviderOptions) {
  const transport = options.fetch ? fetchTransport(options.fetch) : (options.transport ?? nodeHttpTransport);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepUnlessStopped;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const run = options.run ?? createRunStop();
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;

  /** A read that failed for good: the run stops, and this is the failure it reports. */
  function fail(message: string, url: URL, status?: number): never {
    const error = new ChainRequestError(message, { url: url.toString(), ...(status === undefined ? {} : { status }) });
    run.stop(error);
    throw run.signal.reason;
  }

  const deadlinePassed = (what: string, url: URL): never =>
    fail(
      `${what} ${url}: the run's deadline (--deadline-s) passed before the node answered. The node is too slow or unreachable: try again later, or another node with --node.`,
      url,
    );

  return async function send(request: HttpRequest): Promise<RawResponse> {
    const url = buildUrl(request.url, request.params);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[key.toLowerCase()] = String(value);
    }
    const body = serializeBody(request.body);
    let lastProblem = "no attempt was made";
    for (let attempt = 1; ; attempt++) {
      run.throwIfStopped();
      const left = options.deadlineMs === undefined ? Number.POSITIVE_INFINITY : options.deadlineMs - now();
      if (left <= 0) deadlinePassed(request.method, url);
      // One timer covers the attempt, body included (a node trickling bytes cannot hold a read open); it is cut
      // short by the run's deadline, and the run's stop aborts it at once.
      const cappedByDeadline = left < options.timeoutMs;
      const attemptStop = attemptSignal(run.signal, Math.min(options.timeoutMs, left));
      let outcome: AttemptOutcome;
      let answer: RawResponse | undefined;
      options.onAttempt?.(url.toString());
      try {
        const response = await transport(url, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: attemptStop.signal,
          maxBytes,
          ...(request.bodyBuffer ? { bodyBuffer: request.bodyBuffer } : {}),
        });
        const ok = response.status >= 200 && response.status < 300;
        if (response.status >= 300 && response.status < 400) {
          fail(
            `${request.method} ${url}: the node answered ${response.status} and pointed to ${response.headers.location ?? "no Location"}. Redirects are not followed, so that reads never move to another host; point --node at the node that serves the data.`,
            url,
            response.status,
          );
        }
        const { bytes, headers: responseHeaders } = response;
        // The text is made only when needed: a request's own parser reads the bytes, unless they open with 0xEF (a
        // byte order mark, which the decoder drops: the text may then be empty, which is null, not a parse).
        let text: string | undefined;
        const bodyText = () => {
          text ??= new TextDecoder().decode(bytes);
          return text;
        };
        const byOwnParser = request.parseJson !== undefined && bytes.length > 0 && bytes[0] !== 0xef;
        let data: unknown;
        let parsed = false;
        try {
          data = byOwnParser ? request.parseJson?.(bytes) : bodyText().length > 0 ? JSON.parse(bodyText()) : null;
          parsed = true;
        } catch {
          // Not JSON: a truncated or proxied body. Retried below when the status says it should have been JSON.
          data = bodyText();
        }
        const errorCode =
          data && typeof data === "object" && "error_code" in data ? String(data.error_code) : undefined;
        outcome =
          ok && !parsed
            ? { kind: "bad-body" }
            : { kind: "response", status: response.status, errorCode, retryAfter: responseHeaders["retry-after"] };
        answer = { status: response.status, statusText: response.statusText, headers: responseHeaders, data };
        const message =
          data && typeof data === "object" && "message" in data ? `: ${String(data.message).slice(0, 300)}` : "";
        lastProblem =
          response.status === 429
            ? "rate limited (HTTP 429)"
            : parsed
              ? `HTTP ${response.status}${errorCode ? ` ${errorCode}` : ""}${message}`
              : "a body that is not JSON";
      } catch (error) {
        if (run.stopped) throw run.signal.reason;
        if (error instanceof BodyTooLarge) {
          fail(
            `${request.method} ${url}: the node sent ${error.message}. Ledgerlight stops reading there (a 0L answer is far smaller); the node or a proxy in front of it is misbehaving: try another node with --node.`,
            url,
          );
        }
        const name = (error as Error).name;
        outcome = name === "TimeoutError" || name === "AbortError" ? { kind: "timeout" } : { kind: "network" };
        if (outcome.kind === "timeout" && cappedByDeadline) deadlinePassed(request.method, url);
        lastProblem =
          outcome.kind === "timeout"
            ? `no answer within ${options.timeoutMs} ms (--timeout-ms, the whole body included)`
            : `a network error (${(error as Error).message}${(error as Error).cause ? `: ${String((error as { cause: unknown }).cause)}` : ""})`;
      } finally {
        attemptStop.release();
      }
      if (answer && !isRetryable(outcome)) return answer;
      const retryAfterMs =
        outcome.kind === "response" ? parseRetryAfter(outcome.retryAfter ?? undefined, now()) : undefined;
      if (retryAfterMs !== undefined) {
        const untilDeadline = options.deadlineMs === undefined ? undefined : options.deadlineMs - now();
        const asked = `${request.method} ${url} got ${lastProblem}, and the node asked to wait ${seconds(retryAfterMs)} (Retry-After)`;
        if (untilDeadline !== undefined && retryAfterMs > untilDeadline) {
          fail(
            `${asked}, beyond the run's deadline in ${seconds(Math.max(0, untilDeadline))}. Try again later, or another node with --node.`,
            url,
            answer?.status,
          );
        }
        if (retryAfterMs > maxRetryAfterMs) {
          fail(
            `${asked}, longer than the longest wait Ledgerlight accepts (${seconds(maxRetryAfterMs)}). Try again later, or another node with --node.`,
            url,
            answer?.status,
          );
        }
      }
      const delay = backoffDelayMs(policy, attempt, random, retryAfterMs);
      const outOfTime = options.deadlineMs !== undefined && now() + delay > options.deadlineMs;
      if (attempt >= policy.maxAttempts || outOfTime) {
        fail(
          `${request.method} ${url} failed after ${attempt} attempt${attempt === 1 ? "" : "s"}; the last one got ${lastProblem}.` +
            (outOfTime ? " The run's deadline leaves no time for another retry." : "") +
            " The node may be overloaded or unreachable: try again later, or another node with --node.",
          url,
          answer?.status,
        );
      }
      await sleep(delay, run.signal);
    }
  };
}

/**
 * For answers that are well-formed but not yet complete (a lagging node's empty event page): waits the policy's
 * backoff before try `attempt + 1` and resolves true, or resolves false when attempts or the deadline are used up.
 * The wait ends (rejecting with the run's failure) as soon as the run stops.
 */
export function createRetryPause(options: ProviderOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepUnlessStopped;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const run = options.run ?? createRunStop();
  return async function pause(attempt: number): Promise<boolean> {
    run.throwIfStopped();
    if (attempt >= policy.maxAttempts) return false;
    const delay = backoffDelayMs(policy, attempt, random);
    if (options.deadlineMs !== undefined && now() + delay > options.deadlineMs) return false;
    await sleep(delay, run.signal);
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
