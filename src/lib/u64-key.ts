/**
 * A u64 (a ledger version, an event sequence number) as a Map key. A Map hashes a number far faster than a bigint,
 * and a snapshot run looks up each of its 10^5 events by version and by sequence number several times (as its page
 * arrives, in the chain-facts check, when it is attributed). Pure: no I/O.
 */

/** A Map key standing for one u64 (`u64Key`). */
export type U64Key = number | bigint;

const MAX_EXACT_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The value as a number when it is exact as one (every version a chain has reached, every sequence number of a
 * stream), else the value itself; a number never equals a bigint as a key, so two values never share one.
 */
export function u64Key(value: bigint): U64Key {
  return value <= MAX_EXACT_NUMBER ? Number(value) : value;
}
