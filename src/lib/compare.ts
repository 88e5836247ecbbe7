/**
 * The one comparator for bigints (ledger versions, epochs, ids, amounts), for `Array.prototype.sort`. Sorting
 * bigints needs it: the default sort compares their decimal text ("10" before "9"), and `a - b` is a bigint,
 * which `sort` does not accept.
 */

/** Negative when `a` comes first, positive when `b` does, 0 when equal; `compareBigint(b, a)` sorts descending. */
export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The one comparator for text keys (addresses, names, ids, paths): by UTF-16 code unit, as canonical JSON sorts
 * keys, never by locale (the same order on every machine).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
