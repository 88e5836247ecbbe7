import type { EventJson, MoveJson } from "../model.ts";
import { apiError, type LedgerInfo, messages } from "./reply.ts";

/**
 * Paging exactly as the node pages (0LNetworkCommunity/diem `api/src/page.rs`, `api/src/context.rs`,
 * `config/src/config/api_config.rs`): pure functions over what `FakeChain` returns.
 */

/** `page.rs` DEFAULT_PAGE_SIZE. */
export const DEFAULT_PAGE_SIZE = 25n;
/** `api_config.rs` DEFAULT_MAX_PAGE_SIZE: the silent cap for transactions and events. */
export const MAX_PAGE_SIZE = 100n;
/** `api_config.rs` DEFAULT_MAX_ACCOUNT_RESOURCES_PAGE_SIZE: both the default and the cap for resources. */
export const MAX_RESOURCES_PAGE_SIZE = 9999n;

/**
 * `determine_limit`: no limit means the default, 0 is a 400 `invalid_input` (with ledger headers), anything
 * above the cap is silently clamped to the cap.
 */
export function determineLimit(
  requested: bigint | undefined,
  defaultLimit: bigint,
  maxLimit: bigint,
  ledger: LedgerInfo,
): bigint {
  const limit = requested ?? defaultLimit;
  if (limit === 0n) throw apiError(400, "invalid_input", messages.limitZero(), ledger);
  return limit > maxLimit ? maxLimit : limit;
}

/**
 * `Page::compute_start` for `GET /transactions`: without `start` the newest page (ending at the head); a start
 * above the head is a 400 `invalid_input` (the message says "< head" although start == head is accepted).
 */
export function computeTransactionsStart(
  start: bigint | undefined,
  limit: bigint,
  head: bigint,
  ledger: LedgerInfo,
): bigint {
  const lastPageStart = head - (limit - 1n) > 0n ? head - (limit - 1n) : 0n;
  const value = start ?? lastPageStart;
  if (value > head) throw apiError(400, "invalid_input", messages.startTooHigh(value, head), ledger);
  return value;
}

/**
 * One page of an event stream (`Context::get_events`): with `start`, ascending from that sequence number; without,
 * the newest `limit` events. Only events at versions ≤ head exist for the node; a start past the end gives [].
 */
export function pageEvents(events: readonly EventJson[], start: bigint | undefined, limit: bigint, head: bigint) {
  // A stream is ordered by sequence number and so by version: binary searches keep a page O(log n + limit),
  // which matters for streams of 10^5 events paged 100 at a time.
  const visible = firstIndex(events, (event) => BigInt(event.version) > head);
  if (start === undefined) {
    return events.slice(Math.max(0, visible - toIndex(limit)), visible);
  }
  const from = firstIndex(events, (event) => BigInt(event.sequence_number) >= start);
  return events.slice(from, Math.min(visible, from + toIndex(limit)));
}

/** Index of the first element for which `after` holds, given that it holds for a suffix of `items`. */
function firstIndex<T>(items: readonly T[], after: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(items[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * One page of the transactions SENT by an account (`Context::get_account_transactions`): `start` is an account
 * sequence number; without it the page starts at `sequence_number(head) - limit`, i.e. the newest page.
 */
export function pageAccountTransactions(
  transactions: ReadonlyArray<Record<string, MoveJson>>,
  start: bigint | undefined,
  limit: bigint,
  head: bigint,
  sequenceNumberAtHead: bigint,
) {
  const from = start ?? (sequenceNumberAtHead > limit ? sequenceNumberAtHead - limit : 0n);
  return transactions
    .filter((tx) => versionOf(tx) <= head)
    .filter((tx) => {
      const sequence = bigintField(tx, "sequence_number");
      return sequence !== undefined && sequence >= from && sequence < from + limit;
    });
}

/**
 * One page of an account's resources (`Context::get_resources_by_pagination`): the cursor names the first
 * resource of the page (inclusive); the next cursor is the first resource not returned.
 */
export function pageResources<R extends { type: string }>(
  resources: readonly R[],
  startType: string | undefined,
  limit: bigint,
  canonical: (type: string) => string,
): { page: R[]; nextType: string | undefined } {
  let from = 0;
  if (startType !== undefined) {
    const wanted = canonical(startType);
    const exact = resources.findIndex((resource) => canonical(resource.type) === wanted);
    // A cursor for a resource that has since disappeared seeks to the next one in order, as a DB iterator would.
    from = exact >= 0 ? exact : resources.findIndex((resource) => canonical(resource.type) > wanted);
    if (from < 0) from = resources.length;
  }
  const end = from + toIndex(limit);
  return { page: resources.slice(from, end), nextType: resources[end]?.type };
}

/** The `version` field of a transaction JSON (pending transactions have none: treated as beyond any head). */
export function versionOf(tx: Record<string, MoveJson>): bigint {
  return bigintField(tx, "version") ?? 0xffff_ffff_ffff_ffffn;
}

function bigintField(record: Record<string, MoveJson>, key: string): bigint | undefined {
  const value = record[key];
  return typeof value === "string" && /^[0-9]+$/.test(value) ? BigInt(value) : undefined;
}

/** Page sizes are ≤ 9999 after `determineLimit`, so they are safe as array indexes. */
function toIndex(limit: bigint): number {
  return Number(limit);
}

/** `Math.max` for u64 values (Math.max does not take bigint). */
export function maxBigInt(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** `Math.min` for u64 values. */
export function minBigInt(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
