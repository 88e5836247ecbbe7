/**
 * Which list another one starts with: a list made as `base`'s first elements (the very objects), then others, is
 * recorded with `base` and how many it shares, so a check comparing the two (the append-only rule, which a `verify`
 * replay runs on every recorded run over a ledger of 10^4 entries) can skip what they share instead of walking it
 * element by element. The claim holds because these lists are never changed once recorded: whoever records a list
 * records it after its last change, and only with the count of elements it knows to be the very ones. Pure.
 */
// By base, then by list: neither holds the other (a list held `base` strongly would keep every earlier list of a
// thousand-run replay alive through its base's own entry).
const prefixes = new WeakMap<readonly unknown[], WeakMap<readonly unknown[], number>>();

/** `list[0..length)` are the very elements of `base[0..length)`; neither list changes from now on. */
export function recordSharedPrefix<T>(list: readonly T[], base: readonly T[], length: number): void {
  if (length < 0 || length > list.length || length > base.length) {
    throw new Error(`a shared prefix of ${length} elements between lists of ${list.length} and ${base.length}`);
  }
  let lists = prefixes.get(base);
  if (lists === undefined) {
    lists = new WeakMap();
    prefixes.set(base, lists);
  }
  lists.set(list, length);
}

/** How many first elements `list` is known to share with `base` (the very objects, in order): 0 when not known. */
export function sharedPrefixLength<T>(list: readonly T[], base: readonly T[]): number {
  if (list === base) return list.length;
  return prefixes.get(base)?.get(list) ?? 0;
}
