/**
 * Pairs the records of two lists by key without an index: state record lists (transfers, proposals, vetoes) are
 * sorted by id, and `verify` relates each run's lists to the last run's on every one of a thousand runs, where a map
 * of thousands of bigint keys per list and run cost more than the rest of the comparison. A walk of both lists in
 * step gives the same pairs, in linear time with no allocation per record, but only for lists whose keys strictly
 * increase: that is checked as it walks, and otherwise the caller pairs them by a map, as before. Pure.
 *
 * Each run's checks pair the same two lists several times (the append-only rule, the change record, the payout rules,
 * which records were checked before) and test the same lists' order: both answers are kept per key function and
 * list(s), so a run pays for each once. That relies on what the snapshot's lists already promise: a list is never
 * changed once assembled or read. Callers share a key function (`recordIds`) for the memo to serve them all.
 */

/** The id of each kind of state record, one function per kind (the memos below are by function). */
export const recordIds = {
  transfer: (transfer: { uid: bigint }) => transfer.uid,
  proposal: (proposal: { id: bigint }) => proposal.id,
  veto: (veto: { ballotId: bigint }) => veto.ballotId,
} as const;

// By key function, then list (then list): nothing here keeps a list alive.
const increasingLists = new WeakMap<object, WeakSet<readonly unknown[]>>();
const pairsOf = new WeakMap<object, WeakMap<readonly unknown[], WeakMap<readonly unknown[], Pairs<unknown>>>>();

type Pairs<R> = { before: Array<R | undefined>; after: Array<R | undefined> };

/** Keys strictly increasing: sorted, and each key once (bigints, or texts by UTF-16 code unit). */
export function strictlyIncreasing<R, K extends bigint | string>(
  records: readonly R[],
  key: (record: R) => K,
): boolean {
  let known = increasingLists.get(key);
  if (known?.has(records)) return true;
  for (let i = 1; i < records.length; i++) {
    if (key(records[i - 1] as R) >= key(records[i] as R)) return false;
  }
  if (known === undefined) {
    known = new WeakSet();
    increasingLists.set(key, known);
  }
  known.add(records);
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
): Readonly<Pairs<R>> | undefined {
  const known = pairsOf.get(key)?.get(previous)?.get(next);
  if (known !== undefined) return known as Pairs<R>;
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
  const pairs: Pairs<R> = { before, after };
  let byPrevious = pairsOf.get(key);
  if (byPrevious === undefined) {
    byPrevious = new WeakMap();
    pairsOf.set(key, byPrevious);
  }
  let byNext = byPrevious.get(previous);
  if (byNext === undefined) {
    byNext = new WeakMap();
    byPrevious.set(previous, byNext);
  }
  byNext.set(next, pairs as Pairs<unknown>);
  return pairs;
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
