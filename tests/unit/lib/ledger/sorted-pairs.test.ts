import { describe, expect, it } from "vitest";
import { indexOfKey, pairByKey, strictlyIncreasing } from "../../../../src/lib/ledger/sorted-pairs.ts";

const r = (id: number, tag = "") => ({ id: BigInt(id), tag });
const key = (record: { id: bigint }) => record.id;

describe("pairByKey", () => {
  it("pairs records by key both ways: kept, changed, added and dropped ones", () => {
    const kept = r(1);
    const previous = [kept, r(3, "old"), r(5), r(7)];
    const next = [r(0), kept, r(3, "new"), r(4), r(7, "new")];
    const pairs = pairByKey(previous, next, key);
    expect(pairs?.before).toEqual([undefined, kept, r(3, "old"), undefined, r(7)]);
    expect(pairs?.before[1]).toBe(kept);
    expect(pairs?.after).toEqual([kept, r(3, "new"), undefined, r(7, "new")]);
  });

  it("gives what a map by key gives, for any sorted lists", () => {
    for (let seed = 1; seed < 200; seed++) {
      const pick = (salt: number) =>
        [...Array(12).keys()].filter((i) => ((i + 1) * 7919 * (seed + salt)) % 5 < 2).map((i) => r(i, `${salt}`));
      const previous = pick(0);
      const next = pick(1);
      const byId = (list: typeof previous) => new Map(list.map((x) => [x.id, x]));
      const pairs = pairByKey(previous, next, key);
      expect(pairs?.before).toEqual(next.map((x) => byId(previous).get(x.id)));
      expect(pairs?.after).toEqual(previous.map((x) => byId(next).get(x.id)));
    }
  });

  it("declines lists whose keys do not strictly increase (unsorted, or a key twice)", () => {
    expect(pairByKey([r(2), r(1)], [r(1)], key)).toBeUndefined();
    expect(pairByKey([r(1)], [r(1), r(1)], key)).toBeUndefined();
    expect(strictlyIncreasing(["a", "b", "c"], (x) => x)).toBe(true);
    expect(strictlyIncreasing(["a", "a"], (x) => x)).toBe(false);
    expect(strictlyIncreasing([], key)).toBe(true);
  });
});

describe("indexOfKey", () => {
  it("finds a record by key in a list sorted by key, or -1", () => {
    const list = [r(1), r(4), r(9), r(12)];
    expect(list.map((x) => indexOfKey(list, x.id, key))).toEqual([0, 1, 2, 3]);
    expect([0, 5, 13].map((id) => indexOfKey(list, BigInt(id), key))).toEqual([-1, -1, -1]);
    expect(indexOfKey([], 1n, key)).toBe(-1);
  });
});

describe("pairByKey and strictlyIncreasing, asked again", () => {
  it("give one run's checks the pairs of two lists once: the same answer for the same lists and key", () => {
    const previous = [r(1), r(2)];
    const next = [previous[0] as ReturnType<typeof r>, r(2, "new"), r(3)];
    const pairs = pairByKey(previous, next, key);
    expect(pairByKey(previous, next, key)).toBe(pairs);
    expect(pairByKey(previous, next.slice(), key)).not.toBe(pairs);
    expect(pairByKey(previous, next.slice(), key)).toEqual(pairs);
    expect(pairByKey(previous, next, (record: { id: bigint }) => -record.id)).toBeUndefined();
  });

  it("remember a list found in order only for its key function", () => {
    const list = [r(1), r(2), r(3)];
    expect(strictlyIncreasing(list, key)).toBe(true);
    expect(strictlyIncreasing(list, key)).toBe(true);
    expect(strictlyIncreasing(list, (record: { id: bigint }) => -record.id)).toBe(false);
    expect(strictlyIncreasing([r(2), r(1)], key)).toBe(false);
  });
});
