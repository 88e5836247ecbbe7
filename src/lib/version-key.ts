/**
 * A ledger version as a Map key. A Map hashes a number far faster than a bigint, and a snapshot run looks up each of
 * its 10^5 events by version several times (as its page arrives, in the chain-facts check). Pure: no I/O.
 */

/** A Map key standing for one ledger version (`versionKey`). */
export type VersionKey = number | bigint;

const MAX_EXACT_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The version as a number when it is exact as one (every version a chain has reached), else the version itself; a
 * number never equals a bigint as a key, so two versions never share one.
 */
export function versionKey(version: bigint): VersionKey {
  return version <= MAX_EXACT_NUMBER ? Number(version) : version;
}
