import type { z } from "zod";
import { type DecodedDescription, decodeDescription } from "../lib/description.ts";
import {
  PaymentActionSchema,
  PaymentBallotSchema,
  TimedTransferSchema,
  TxScheduleSchema,
} from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { StateListBuild } from "./state-records.ts";

/**
 * Parsed schedule and proposal entries with the raw JSON they came from, kept from one assembled run to the next. `verify`
 * replays hundreds of runs whose wallet state lists every transfer and proposal ever made, and between two runs
 * almost all of them are unchanged: each run then parses (and decodes the description of) only the entries that
 * changed, instead of the whole state again. An entry is reused only when its raw JSON is the same as the one
 * parsed (same keys in the same order, same values), so the records are those a full parse gives; anything that does not parse falls back to the full parse, whose error
 * names every problem as before. Holds two runs' entries at most (the last run's and this one's).
 */
export interface EntryCache {
  /** The wallet's `TxSchedule` (raw), parsed as `TxScheduleSchema` would. */
  schedule(raw: unknown, context: string): z.output<typeof TxScheduleSchema>;
  /** The wallet's `Action<Payment>` (raw), parsed as `PaymentActionSchema` would. */
  paymentAction(raw: unknown, context: string): z.output<typeof PaymentActionSchema>;
  /** The payment's description decoded, once per parsed entry (a reused entry brings its decoding along). */
  description(payment: { description: string }): DecodedDescription;
  /** A new run starts: entries the last run did not see are dropped. */
  nextRun(): void;
  /** The record last built from this parsed entry (the very object), if any (`assemble-snapshot.ts` reuses it). */
  recordOf(entry: object): unknown;
  /** Remembers the record built from this parsed entry, for as long as the entry is kept. */
  built(entry: object, record: unknown): void;
  /** The last run's build of a record list (`kind`: transfers, proposals), if one was remembered. */
  lastBuild(kind: string): StateListBuild | undefined;
  /** Remembers this run's build of `kind` for the next run, replacing the last one's. */
  rememberBuild(kind: string, build: StateListBuild): void;
}

/** `raw[field]` when `raw` is an object and that field an array (a shape check only: the entries are parsed one by one). */
function arrayField(raw: unknown, field: string): unknown[] | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[field];
  return Array.isArray(value) ? value : undefined;
}

/** Two JSON values (as `JSON.parse` gives them) with the same text. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    if (key !== keysB[i]) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The entry's `creation_num` (a transfer's `uid`, a ballot's `guid.id`), the key it is looked up by. */
function creationNumber(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const entry = raw as { uid?: { creation_num?: unknown }; guid?: { id?: { creation_num?: unknown } } };
  const id = entry.uid?.creation_num ?? entry.guid?.id?.creation_num;
  return typeof id === "string" ? id : undefined;
}

export function createEntryCache(): EntryCache {
  // By kind and creation number: the raw entry last seen and what it parsed to. An entry is reused when the raw
  // JSON is the same (a walk of its few fields, cheaper than parsing it or writing it out as text).
  type Seen = { raw: unknown; parsed: unknown };
  let previous = new Map<string, Seen>();
  let current = new Map<string, Seen>();
  // By the raw entry object itself, per schema: a replay's reusing parser gives an unchanged entry as the same object
  // (`reusing-json-parser.ts`), found here without building its key. Raw entries are never changed after parsing.
  const byRaw = new WeakMap<z.ZodType, WeakMap<object, unknown>>();
  // By the parsed payment object: it lives as long as its entry is kept, and a lookup does not hash the hex again.
  const decoded = new WeakMap<object, DecodedDescription>();
  // By the parsed entry: the record built from it, likewise.
  const records = new WeakMap<object, unknown>();
  // By kind: the last run's build of a record list (one per kind: one run's lists at most).
  const builds = new Map<string, StateListBuild>();
  /** The entry parsed with `schema`, or undefined when it does not parse. `kind` keeps two schemas' keys apart. */
  const entry = <S extends z.ZodType>(kind: string, schema: S, raw: unknown): z.output<S> | undefined => {
    const sameObject = typeof raw === "object" && raw !== null ? byRaw.get(schema) : undefined;
    if (sameObject?.has(raw as object)) return sameObject.get(raw as object) as z.output<S>;
    const parsed = entryByKey(kind, schema, raw);
    if (parsed !== undefined && typeof raw === "object" && raw !== null) {
      const objects = byRaw.get(schema) ?? new WeakMap<object, unknown>();
      byRaw.set(schema, objects);
      objects.set(raw, parsed);
    }
    return parsed;
  };
  const entryByKey = <S extends z.ZodType>(kind: string, schema: S, raw: unknown): z.output<S> | undefined => {
    const id = creationNumber(raw);
    const key = id === undefined ? undefined : `${kind} ${id}`;
    const seen = key === undefined ? undefined : (current.get(key) ?? previous.get(key));
    if (seen !== undefined && sameJson(seen.raw, raw)) {
      if (key !== undefined) current.set(key, seen);
      return seen.parsed as z.output<S>;
    }
    const result = schema.safeParse(raw);
    if (!result.success) return undefined;
    if (key !== undefined) current.set(key, { raw, parsed: result.data });
    return result.data;
  };
  // By list (`slot`): the raw entries last parsed there and what they parsed to. A replay's lists mostly begin with
  // the very raw objects the last run's did (the reusing parser gives unchanged entries as the same objects): that
  // stretch is found by comparing references, and its parsed entries copied, without reading the entries at all
  // (looking each one up costs a read of an object lying anywhere in memory; at 10^3 entries per run that adds up).
  const lastLists = new Map<string, { raws: readonly unknown[]; parsed: readonly unknown[] }>();
  const list = <S extends z.ZodType>(slot: string, kind: string, schema: S, raws: readonly unknown[]) => {
    const last = lastLists.get(slot);
    let same = 0;
    if (last !== undefined) {
      const most = Math.min(raws.length, last.raws.length);
      while (same < most && raws[same] === last.raws[same]) same++;
    }
    const out = (same > 0 ? (last as { parsed: readonly unknown[] }).parsed.slice(0, same) : []) as z.output<S>[];
    for (let i = same; i < raws.length; i++) {
      const parsed = entry(kind, schema, raws[i]);
      if (parsed === undefined) return undefined;
      out.push(parsed);
    }
    lastLists.set(slot, { raws, parsed: out });
    return out;
  };
  return {
    schedule(raw, context) {
      const [scheduledRaw, vetoRaw, paidRaw] = [
        arrayField(raw, "scheduled"),
        arrayField(raw, "veto"),
        arrayField(raw, "paid"),
      ];
      if (scheduledRaw && vetoRaw && paidRaw) {
        const scheduled = list("scheduled", "transfer", TimedTransferSchema, scheduledRaw);
        const veto = list("veto", "transfer", TimedTransferSchema, vetoRaw);
        const paid = list("paid", "transfer", TimedTransferSchema, paidRaw);
        if (scheduled && veto && paid) return { scheduled, veto, paid };
      }
      return parseOrThrow(TxScheduleSchema, raw, context);
    },
    paymentAction(raw, context) {
      const vote = typeof raw === "object" && raw !== null ? (raw as { vote?: unknown }).vote : undefined;
      const [pendingRaw, approvedRaw, rejectedRaw] = [
        arrayField(vote, "ballots_pending"),
        arrayField(vote, "ballots_approved"),
        arrayField(vote, "ballots_rejected"),
      ];
      if (pendingRaw && approvedRaw && rejectedRaw) {
        const pending = list("ballots_pending", "proposal", PaymentBallotSchema, pendingRaw);
        const approved = list("ballots_approved", "proposal", PaymentBallotSchema, approvedRaw);
        const rejected = list("ballots_rejected", "proposal", PaymentBallotSchema, rejectedRaw);
        if (pending && approved && rejected) {
          return { vote: { ballots_pending: pending, ballots_approved: approved, ballots_rejected: rejected } };
        }
      }
      return parseOrThrow(PaymentActionSchema, raw, context);
    },
    description(payment) {
      const known = decoded.get(payment);
      if (known !== undefined) return known;
      const text = decodeDescription(payment.description);
      decoded.set(payment, text);
      return text;
    },
    nextRun() {
      previous = current;
      current = new Map();
    },
    recordOf(entry) {
      return records.get(entry);
    },
    built(entry, record) {
      records.set(entry, record);
    },
    lastBuild(kind) {
      return builds.get(kind);
    },
    rememberBuild(kind, build) {
      builds.set(kind, build);
    },
  };
}
