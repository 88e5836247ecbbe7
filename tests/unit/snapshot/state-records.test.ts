import { describe, expect, it } from "vitest";
import { createEntryCache, type EntryCache } from "../../../src/snapshot/entry-cache.ts";
import { buildStateRecords, type StateList, type StateRecordRules } from "../../../src/snapshot/state-records.ts";

/**
 * A replay's earlier runs build their record lists from the last run's build (the entries at the same places) instead
 * of indexing every entry by id: the result must be what the full build gives, run after run, whatever the lists do.
 */

interface Entry {
  id: bigint;
  status: string;
}
interface Rec {
  id: bigint;
  status: string;
  run: number;
  provenance: { path: string };
}

const entry = (id: number, status = "a"): Entry => ({ id: BigInt(id), status });

/** Runs `runs` (each: its lists of entries) through one cache; `remember: false` never keeps a build (full builds). */
function replay(runs: Entry[][][], remember: boolean, secondListStatus?: string) {
  const cache = createEntryCache();
  const entries: EntryCache = remember ? cache : { ...cache, rememberBuild() {}, lastBuild: () => undefined };
  let previous: Rec[] | undefined;
  const results: Rec[][] = [];
  let built = 0;
  runs.forEach((lists, run) => {
    const rules: StateRecordRules<Entry, Rec> = {
      idOf: (e) => e.id,
      recordId: (r) => r.id,
      build(e, status, path) {
        built++;
        const record = { id: e.id, status, run, provenance: { path } };
        entries.built(e, record);
        return record;
      },
    };
    const stateLists: StateList<Entry>[] = lists.map((list, at) => ({
      entries: list,
      // Entry 3's status moves at run 3 with the entry unchanged (as a scheduled transfer becomes overdue).
      status:
        at === 1 && secondListStatus !== undefined
          ? secondListStatus
          : (e) => (e.id === 3n && run >= 3 ? "late" : e.status),
      listPath: `list${at}`,
    }));
    previous = buildStateRecords(previous, stateLists, rules, { entries, kind: "records" });
    results.push(previous);
  });
  return { results, built };
}

/** The same entry objects from run to run, as the replay's parser gives unchanged entries. */
function history(): Entry[][][] {
  const [e1, e2, e3, e4, e5, e6] = [1, 2, 3, 4, 5, 6].map((id) => entry(id)) as [
    Entry,
    Entry,
    Entry,
    Entry,
    Entry,
    Entry,
  ];
  const e2b = entry(2, "b");
  const e7 = entry(7);
  const e0 = entry(0);
  return [
    [[e1, e2], [e3]],
    [[e1, e2], [e3]], // nothing changed
    [
      [e1, e2],
      [e3, e4],
    ], // appended
    [[e1], [e3, e4, e2b]], // moved to another list: e2 rebuilt, e1 kept
    [
      [e1, e5],
      [e3, e4, e2b],
    ], // appended
    [[e5], [e3, e4, e2b, e1]], // removed from the front: e5 shifts, rebuilt
    [
      [e5, e0],
      [e3, e4, e2b, e1],
    ], // an id below the others: sorted in
    [
      [e5, e0, e6],
      [e3, e4, e2b, e1, e6],
    ], // an id listed twice: the last listing wins
    [
      [e5, e0],
      [e3, e4, e2b],
    ], // e1 unlisted: carried over
    [
      [e5, e0, e1, e7],
      [e3, e4, e2b, e6],
    ], // listed again
  ];
}

describe("buildStateRecords", () => {
  it("gives the full build's records run after run, building only what changed", () => {
    const updated = replay(history(), true);
    const full = replay(history(), false);
    // Equal records, each made by the same run (`run`): the kept ones are kept by both.
    expect(updated.results).toEqual(full.results);
    expect(updated.built).toBe(full.built);
  });

  it("gives the full build's records when a list gives all its entries one status", () => {
    const updated = replay(history(), true, "held");
    const full = replay(history(), false, "held");
    expect(updated.results).toEqual(full.results);
    expect(updated.built).toBe(full.built);
    expect(updated.results[8]?.map((r) => `${r.id}:${r.status}`)).toEqual([
      "0:a",
      "1:held",
      "2:held",
      "3:held",
      "4:held",
      "5:a",
      "6:held",
    ]);
  });

  it("returns the very list when no entry changed, and a sorted list by id", () => {
    const { results } = replay(history(), true);
    expect(results[1]).toBe(results[0]);
    expect(results[6]?.map((r) => r.id)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
    expect(results[8]?.map((r) => `${r.id}:${r.status}`)).toEqual(["0:a", "1:a", "2:b", "3:late", "4:a", "5:a", "6:a"]);
    expect(results[2]?.find((r) => r.id === 3n)?.status).toBe("a");
  });

  it("looks at entries by identity: an equal copy in place of an entry is built anew", () => {
    const e1 = entry(1);
    const { results } = replay([[[e1]], [[{ ...e1 }]]], true);
    expect(results[1]?.[0]).not.toBe(results[0]?.[0]);
    expect(results[1]?.[0]?.run).toBe(1);
  });
});
