import { compareBigint } from "../lib/compare.ts";
import { indexOfKey } from "../lib/ledger/sorted-pairs.ts";
import type { EntryCache } from "./entry-cache.ts";

/**
 * A run's list of state records (transfers or proposals) from the wallet's lists of entries (a transfer's
 * `TxSchedule.scheduled/paid/veto`, a proposal's `ballots_pending/approved/rejected`): one record per id, sorted by id;
 * the id's record comes from its last listing (lists in order); a committed record the chain no longer lists is kept
 * as it was (the append-only check reports it). Pure: no I/O, no clock.
 *
 * A replay's earlier run (`AssembleContext.reuseUnchanged`) keeps a record whose entry is the very parsed object it
 * was built from, at the same path, with the same status (`sameAsBuilt`). `verify` replays a thousand runs over lists
 * of thousands of entries, of which a run changes a few; so such a run, when the last run's build is at hand
 * (`StateListBuild`), compares each entry with the one at the same place last run (an identity test, no lookup by
 * id) and builds, looks up and places only the records of the entries that differ. It gives exactly what the full
 * build gives, or takes the full build: see `updateBuild`.
 */

/** One of the wallet's lists of entries: the parsed entries, the status their records get, their paths' stem. */
export interface StateList<E> {
  entries: readonly E[];
  /** The status of every entry of the list, or of each entry by itself (a scheduled transfer's moves with the epoch). */
  status: string | ((entry: E) => string);
  listPath: string;
}

const statusOf = <E>(list: StateList<E>, entry: E) =>
  typeof list.status === "string" ? list.status : list.status(entry);

export interface StateRecordRules<E extends object, R extends StateRecordLike> {
  /** The id an entry's record gets. */
  idOf(entry: E): bigint;
  /** A record's id. */
  recordId(record: R): bigint;
  /** The record of `entry` built anew (`before`: the previous run's record of its id, if any). */
  build(entry: E, status: string, path: string, before: R | undefined): R;
}

export interface StateRecordLike {
  status: string;
  provenance: { path: string };
}

/**
 * What one run's build made, for the next run of the same replay: the sorted list it returned and, per list and
 * position, the entry there and the record given for it. `clean`: every id appeared once across the lists and no
 * committed record was carried over unlisted, so each record of `result` stands at exactly one position.
 */
export interface StateListBuild {
  result: readonly unknown[];
  lists: Array<{ entries: readonly object[]; records: readonly unknown[] }>;
  clean: boolean;
}

/** `${list}/${index}`, made once per list and index (every run builds a path per entry of the wallet's state). */
const entryPaths = new Map<string, string[]>();
export function entryPath(list: string, index: number): string {
  let paths = entryPaths.get(list);
  if (paths === undefined) {
    paths = [];
    entryPaths.set(list, paths);
  }
  let path = paths[index];
  if (path === undefined) {
    path = `${list}/${index}`;
    paths[index] = path;
  }
  return path;
}

/**
 * The records of `lists`. `reuse`: a replay's earlier run, with the cache of its parsed entries and the name its
 * build is remembered under there (`kind`).
 */
export function buildStateRecords<E extends object, R extends StateRecordLike>(
  previous: readonly R[] | undefined,
  lists: ReadonlyArray<StateList<E>>,
  rules: StateRecordRules<E, R>,
  reuse?: { entries: EntryCache; kind: string },
): R[] {
  const last = reuse?.entries.lastBuild(reuse.kind);
  const updated =
    reuse && last?.clean && previous !== undefined && last.result === previous
      ? updateBuild(previous, lists, rules, last)
      : undefined;
  const build = updated ?? fullBuild(previous, lists, rules, reuse?.entries);
  if (reuse) reuse.entries.rememberBuild(reuse.kind, build.memo);
  return build.result;
}

/**
 * The record last built from `entry` when it may be kept: the previous run's record of its id, built from this very
 * parsed entry (its other fields come from the entry alone), read at the same path, with the same status (its history
 * would get no observation, as the last one is that status).
 */
function sameAsBuilt<R extends StateRecordLike>(
  entries: EntryCache | undefined,
  entry: object,
  before: R | undefined,
  status: string,
  path: string,
): R | undefined {
  if (entries === undefined || before === undefined) return undefined;
  return entries.recordOf(entry) === before && before.status === status && before.provenance.path === path
    ? before
    : undefined;
}

function fullBuild<E extends object, R extends StateRecordLike>(
  previous: readonly R[] | undefined,
  lists: ReadonlyArray<StateList<E>>,
  rules: StateRecordRules<E, R>,
  entries: EntryCache | undefined,
): { result: R[]; memo: StateListBuild } {
  const old = new Map((previous ?? []).map((record) => [rules.recordId(record), record]));
  const records = new Map<bigint, R>();
  const memoLists: StateListBuild["lists"] = [];
  let listed = 0;
  for (const list of lists) {
    const given: R[] = [];
    list.entries.forEach((entry, index) => {
      const id = rules.idOf(entry);
      const status = statusOf(list, entry);
      const path = entryPath(list.listPath, index);
      const before = old.get(id);
      const record = sameAsBuilt(entries, entry, before, status, path) ?? rules.build(entry, status, path, before);
      records.set(id, record);
      given.push(record);
    });
    listed += list.entries.length;
    memoLists.push({ entries: list.entries, records: given });
  }
  const unique = records.size === listed;
  for (const [id, record] of old) if (!records.has(id)) records.set(id, record);
  const result = [...records.values()].sort((a, b) => compareBigint(rules.recordId(a), rules.recordId(b)));
  return { result, memo: { result, lists: memoLists, clean: unique && records.size === listed } };
}

/**
 * The full build's result, made from the last run's (`last`, clean, whose result is `previous`) by looking only at the
 * entries that are not the very entry at the same place last run with its record's status; undefined (take the full
 * build) when an id would be listed twice or a committed record left unlisted. Why it is the same:
 * - An entry that is the very one at the same list and index, with the status its record there has: that record is
 *   the previous run's record of its id (the build was clean: one position per id) and the one last built from this
 *   entry, at the same path, so the full build keeps it too (`sameAsBuilt`).
 * - Any other entry: the full build builds it anew (the one record built from it, if any, stands at another path or
 *   has another status), from `before` = the previous record of its id. Those records are the ones whose positions
 *   were not matched ("left"): found here by id among them, a few; an id not among them and not in `previous` is new,
 *   and one in `previous` is held by a matched position, so the id is listed twice: the full build decides.
 * - Every left record must be claimed by an entry of its id, or it would be carried over unlisted: the full build.
 * So the ids are unique, every previous record is either kept or replaced by its id's new record, and new ids are
 * added: `previous` (sorted by id) with those replacements and additions, in id order.
 */
function updateBuild<E extends object, R extends StateRecordLike>(
  previous: readonly R[],
  lists: ReadonlyArray<StateList<E>>,
  rules: StateRecordRules<E, R>,
  last: StateListBuild,
): { result: R[]; memo: StateListBuild } | undefined {
  if (last.lists.length !== lists.length) return undefined;
  const changed: Array<{ list: number; index: number; entry: E; status: string }> = [];
  const matched: Uint8Array[] = [];
  lists.forEach((list, at) => {
    const before = last.lists[at] as StateListBuild["lists"][number];
    const hits = new Uint8Array(before.entries.length);
    const current = list.entries;
    const fixed = typeof list.status === "string" ? list.status : undefined;
    for (let index = 0; index < current.length; index++) {
      const entry = current[index] as E;
      // In a list of one status, the record given last run for the entry at this place has that status (it was built
      // or kept with it): the very entry is a hit without reading either object.
      if (fixed !== undefined && entry === before.entries[index]) {
        hits[index] = 1;
        continue;
      }
      const status = statusOf(list, entry);
      if (entry === before.entries[index] && (before.records[index] as R).status === status) hits[index] = 1;
      else changed.push({ list: at, index, entry, status });
    }
    matched.push(hits);
  });
  const left = new Map<bigint, R>();
  last.lists.forEach((list, at) => {
    const hits = matched[at] as Uint8Array;
    for (let index = 0; index < list.records.length; index++) {
      if (hits[index] === 0) {
        const record = list.records[index] as R;
        left.set(rules.recordId(record), record);
      }
    }
  });
  if (changed.length === 0 && left.size === 0) {
    // Every entry is the very one at the same place, with its status: the very list (the checks then skip it).
    return { result: previous as R[], memo: last };
  }
  const plan: Array<{ entry: E; status: string; path: string; before: R | undefined; list: number; index: number }> =
    [];
  const claimed = new Set<bigint>();
  for (const { list, index, entry, status } of changed) {
    const id = rules.idOf(entry);
    if (claimed.has(id)) return undefined;
    claimed.add(id);
    const before = left.get(id);
    if (before === undefined && indexOfKey(previous, id, rules.recordId) >= 0) return undefined;
    plan.push({ entry, status, path: entryPath((lists[list] as StateList<E>).listPath, index), before, list, index });
  }
  for (const id of left.keys()) if (!claimed.has(id)) return undefined;
  // Every condition holds: only now are records built (building tells the entry cache).
  const result = previous.slice();
  const added: R[] = [];
  const memoLists = lists.map((list, at) => {
    const before = last.lists[at] as StateListBuild["lists"][number];
    return { entries: list.entries, records: before.records.slice(0, list.entries.length) };
  });
  for (const step of plan) {
    const record = rules.build(step.entry, step.status, step.path, step.before);
    (memoLists[step.list] as { records: unknown[] }).records[step.index] = record;
    if (step.before === undefined) added.push(record);
    else result[indexOfKey(result, rules.recordId(record), rules.recordId)] = record;
  }
  const byId = (a: R, b: R) => compareBigint(rules.recordId(a), rules.recordId(b));
  added.sort(byId);
  const lastHeld = result[result.length - 1];
  const first = added[0];
  const sorted =
    first === undefined || lastHeld === undefined || rules.recordId(first) > rules.recordId(lastHeld)
      ? result.concat(added)
      : result.concat(added).sort(byId);
  return { result: sorted, memo: { result: sorted, lists: memoLists, clean: true } };
}
