/**
 * When and how long to wait before retrying a request to a node. Pure: the caller supplies the random source
 * and the clock, so the schedule is testable and a run's output never depends on timing.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff, doubled on each retry. */
  baseDelayMs: number;
  /** Cap on one backoff (a Retry-After longer than this is still honoured, up to the run's deadline). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "response"; status: number; errorCode?: string | undefined; retryAfter?: string | null | undefined }
  | { kind: "network" }
  | { kind: "timeout" }
  | { kind: "bad-body" };

/**
 * Transient failures are retried; answers that would be the same next time are not.
 * A 404 `version_not_found` comes from a node lagging behind the version we pinned elsewhere: it catches up.
 */
export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== "response") return true;
  if (outcome.status === 429 || outcome.status === 408) return true;
  if (outcome.status >= 500 && outcome.status !== 501) return true;
  return outcome.status === 404 && outcome.errorCode === "version_not_found";
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`; undefined if absent/bad. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only the HTTP-date form (RFC 9110 IMF-fixdate); Date.parse alone would read "-1" as a year.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): "full jitter" exponential backoff, capped, or the
 * server's Retry-After when it asks for longer.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}
