/**
 * Versioned state for the simulator: every resource keeps an append-only list of (version, record), so "resource
 * at version v" is a binary search and old versions stay readable forever.
 *
 * Records are immutable once stored. Vectors that only ever grow on chain (paid transfers, depositors, completed
 * ballots) live in a shared `AppendLog`; a record holds the log plus the length visible at its version, so a new
 * version costs O(1) instead of a copy of the whole vector.
 */

import { compareText } from "../../lib/compare.ts";
import type { MoveJson } from "../model.ts";

/** How one resource type is named on chain and encoded as the node's JSON. */
export interface ResourceKind<T> {
  /** Struct tag as the node prints it, e.g. `0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>`. */
  readonly tag: string;
  /** `addr` is the 64-hex address holding the resource (handles and ids embed it). */
  encode(rec: T, addr: string): MoveJson;
}

/** A vector that only grows; readers see the prefix their record's length allows. */
export class AppendLog<T> {
  readonly items: T[] = [];

  /**
   * Append after the first `len` items and return the new length. Items past `len` were left by an aborted
   * transaction (never visible to any stored record), so they are dropped first.
   */
  append(len: number, item: T): number {
    if (this.items.length > len) this.items.length = len;
    this.items.push(item);
    return len + 1;
  }

  prefix(len: number): T[] {
    return this.items.slice(0, len);
  }
}

/** A growing vector as seen by one record. */
export interface LogView<T> {
  readonly log: AppendLog<T>;
  readonly len: number;
}

export function emptyLog<T>(): LogView<T> {
  return { log: new AppendLog<T>(), len: 0 };
}

export function appendTo<T>(view: LogView<T>, item: T): LogView<T> {
  return { log: view.log, len: view.log.append(view.len, item) };
}

export function logItems<T>(view: LogView<T>): T[] {
  return view.log.prefix(view.len);
}

interface Cell {
  readonly kind: ResourceKind<unknown>;
  readonly versions: number[];
  readonly recs: unknown[];
  /**
   * `kind.encode` of each record, made on first read: a record never changes once stored (a new value is a new
   * record), and the node serves the same state many times (every event page looks its handle up in the wallet's
   * resources at head), so each is encoded once rather than per request.
   */
  readonly encoded: Array<MoveJson | undefined>;
}

/** Index of the last element of sorted `xs` that is ≤ `v`, or -1. */
export function lastAtOrBefore(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= v) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export class VersionedStore {
  /** Per kind, per address; keyed by the kind object so lookups need no string building. */
  private readonly cells = new Map<ResourceKind<unknown>, Map<string, Cell>>();
  private readonly kindsByAddr = new Map<string, Array<ResourceKind<unknown>>>();

  private cell(addr: string, kind: ResourceKind<unknown>): Cell | undefined {
    return this.cells.get(kind)?.get(addr);
  }

  /** Store `rec` as the value of the resource from `version` on (replacing a write at the same version). */
  put<T>(addr: string, kind: ResourceKind<T>, version: number, rec: T): void {
    const k = kind as ResourceKind<unknown>;
    let byAddr = this.cells.get(k);
    if (byAddr === undefined) {
      byAddr = new Map();
      this.cells.set(k, byAddr);
    }
    let cell = byAddr.get(addr);
    if (cell === undefined) {
      cell = { kind: k, versions: [], recs: [], encoded: [] };
      byAddr.set(addr, cell);
      const kinds = this.kindsByAddr.get(addr);
      if (kinds === undefined) this.kindsByAddr.set(addr, [k]);
      else kinds.push(k);
    }
    const last = cell.versions.length - 1;
    if (last >= 0 && (cell.versions[last] as number) > version) {
      throw new Error(`VersionedStore.put: version ${version} is older than ${cell.versions[last]} for ${kind.tag}`);
    }
    if (last >= 0 && cell.versions[last] === version) {
      cell.recs[last] = rec;
      cell.encoded[last] = undefined;
    } else {
      cell.versions.push(version);
      cell.recs.push(rec);
    }
  }

  /** The record at `version`, or undefined when the resource did not exist then. */
  get<T>(addr: string, kind: ResourceKind<T>, version: number): T | undefined {
    const cell = this.cell(addr, kind as ResourceKind<unknown>);
    if (cell === undefined) return undefined;
    const i = lastAtOrBefore(cell.versions, version);
    return i < 0 ? undefined : (cell.recs[i] as T);
  }

  /** The newest record (what the next transaction reads). */
  latest<T>(addr: string, kind: ResourceKind<T>): T | undefined {
    const cell = this.cell(addr, kind as ResourceKind<unknown>);
    if (cell === undefined) return undefined;
    return cell.recs[cell.recs.length - 1] as T | undefined;
  }

  /** Every resource of `addr` that exists at `version`, encoded, sorted by type tag. */
  encodedAt(addr: string, version: number): Array<{ type: string; data: MoveJson }> {
    const kinds = [...(this.kindsByAddr.get(addr) ?? [])].sort((x, y) => compareText(x.tag, y.tag));
    const out: Array<{ type: string; data: MoveJson }> = [];
    for (const kind of kinds) {
      const cell = this.cell(addr, kind);
      if (cell === undefined) continue;
      const i = lastAtOrBefore(cell.versions, version);
      if (i < 0) continue;
      let data = cell.encoded[i];
      if (data === undefined) {
        data = kind.encode(cell.recs[i], addr);
        cell.encoded[i] = data;
      }
      out.push({ type: kind.tag, data });
    }
    return out;
  }
}
