/**
 * Pairs the records of two lists by key without an index: state record lists (transfers, proposals, vetoes) are
 * sorted by id, and `verify` relates each run's lists to the last run's on every one of a thousand runs, where a map
 * of thousands of bigint keys per list and run cost more than the rest of the comparison. A walk of both lists in
 * step gives the same pairs, in linear time with no allocation per record, but only for lists whose keys strictly
 * increase: that is checked as it walks, and otherwise the caller pairs them by a map, as before. Pure.
 */

/** Keys strictly increasing: sorted, and each key once (bigints, or texts by UTF-16 code unit). */
export function strictlyIncreasing<R, K extends bigint | string>(
  records: readonly R[],
  key: (record: R) => K,
): boolean {
  for (let i = 1; i < records.length; i++) {
    if (key(records[i - 1] as R) >= key(records[i] as R)) return false;
  }
  return true;
}

/**
 * The records of two lists paired by key: for each record of `next`, the record of `previous` with its key
 * (`before`, by position in `next`), and for each record of `previous`, the record of `next` with its key (`after`,
 * by position in `previous`); undefined where there is none. Undefined when either list's keys do not strictly
 * increase.
 */
export function pairByKey<R>(
  previous: readonly R[],
  next: readonly R[],
  key: (record: R) => bigint,
): { before: Array<R | undefined>; after: Array<R | undefined> } | undefined {
  if (!strictlyIncreasing(previous, key) || !strictlyIncreasing(next, key)) return undefined;
  const before = new Array<R | undefined>(next.length).fill(undefined);
  const after = new Array<R | undefined>(previous.length).fill(undefined);
  let i = 0;
  for (let j = 0; j < next.length; j++) {
    const now = next[j] as R;
    // The same object in both lists has the same key: no key is read.
    if (previous[i] === now) {
      before[j] = now;
      after[i++] = now;
      continue;
    }
    const id = key(now);
    while (i < previous.length && key(previous[i] as R) < id) i++;
    const old = previous[i];
    if (old !== undefined && key(old) === id) {
      before[j] = old;
      after[i++] = now;
    }
  }
  return { before, after };
}

/** The index of the record whose key is `id` in `records` (keys strictly increasing), or -1: a binary search. */
export function indexOfKey<R>(records: readonly R[], id: bigint, key: (record: R) => bigint): number {
  let low = 0;
  let high = records.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = key(records[middle] as R);
    if (at === id) return middle;
    if (at < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
