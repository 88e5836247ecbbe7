import type { Snapshot } from "../../schemas/snapshot.ts";
import { toCanonicalJson } from "../canonical-json.ts";

/**
 * Record-by-record comparison of two snapshots of the same wallet (a committed one and one rebuilt from the
 * chain). Byte equality of the files is the verdict; this explains a difference in words an auditor can act on:
 * which file, which record (by its permanent key), which field, and both values.
 */

export interface RecordDifference {
  file: string;
  /** The record's permanent key in words, e.g. "transfer #23" or "deposit #12 (version 345)". */
  record: string;
  /** Dotted path of the first differing field inside the record, or null when the whole record is missing. */
  field: string | null;
  /** Canonical JSON of the committed value, or null when the committed snapshot lacks the record. */
  committed: string | null;
  /** Canonical JSON of the rebuilt value, or null when the rebuilt snapshot lacks the record. */
  rebuilt: string | null;
}

export interface SnapshotComparison {
  /** Records compared (every list entry, plus wallet, opening balance and meta as one record each). */
  records: number;
  differences: RecordDifference[];
}

interface KeyedFile {
  file: string;
  records: (snapshot: Snapshot) => ReadonlyArray<{ key: string | bigint; label: string; value: unknown }>;
}

/**
 * A record as its file writes it: every bigint (each one a u64 of the schema's codec) as its decimal string, so
 * records compare and print exactly as the committed bytes do.
 */
export function asWritten(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(asWritten);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asWritten(item)]));
  }
  return value;
}

/** Canonical JSON of a record as written (see `asWritten`). */
export const writtenJson = (value: unknown): string => toCanonicalJson(asWritten(value));

/**
 * Files in the order a difference is looked for: history first (the coin movements themselves), then the state
 * derived from it, then the run log and metadata, so the first difference named is the likeliest cause.
 */
const FILES: readonly KeyedFile[] = [
  {
    file: "ledger.json",
    records: (s) => [
      { key: "opening", label: "opening balance", value: s.ledger.opening },
      ...s.ledger.entries.map((e) => ({
        key: `${e.stream}:${e.sequence}`,
        label: `${e.stream === "deposit" ? "deposit" : "withdrawal"} #${e.sequence} (version ${e.version})`,
        value: e,
      })),
    ],
  },
  {
    file: "transfers.json",
    records: (s) => s.transfers.map((t) => ({ key: t.uid, label: `transfer #${t.uid}`, value: t })),
  },
  {
    file: "proposals.json",
    records: (s) => s.proposals.map((p) => ({ key: p.id, label: `proposal #${p.id}`, value: p })),
  },
  {
    file: "vetoes.json",
    records: (s) => s.vetoes.map((v) => ({ key: v.ballotId, label: `veto ballot #${v.ballotId}`, value: v })),
  },
  {
    file: "donors.json",
    records: (s) => s.donors.map((d) => ({ key: d.address, label: `donor ${d.address}`, value: d })),
  },
  {
    file: "epochs.json",
    records: (s) => s.epochs.map((e) => ({ key: e.epoch, label: `epoch ${e.epoch}`, value: e })),
  },
  { file: "wallet.json", records: (s) => [{ key: "wallet", label: "wallet state", value: s.wallet }] },
  {
    file: "changes.json",
    records: (s) =>
      s.changes.map((c) => ({ key: c.ledgerVersion, label: `change record at version ${c.ledgerVersion}`, value: c })),
  },
  { file: "meta.json", records: (s) => [{ key: "meta", label: "snapshot metadata", value: s.meta }] },
];

/** The number of records a snapshot holds, counted as `compareSnapshots` counts them. */
export function countRecords(snapshot: Snapshot): number {
  return FILES.reduce((sum, keyed) => sum + keyed.records(snapshot).length, 0);
}

/** Dotted path and both values of the first leaf where `a` and `b` differ (keys in sorted order), or null. */
export function firstDifferingField(a: unknown, b: unknown, at = ""): { field: string; a: unknown; b: unknown } | null {
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object";
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
    return writtenJson(a) === writtenJson(b) ? null : { field: at, a, b };
  }
  const keys = Array.isArray(a)
    ? Array.from({ length: Math.max(a.length, (b as unknown[]).length) }, (_, i) => String(i))
    : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  for (const key of keys) {
    const found = firstDifferingField(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      at === "" ? key : Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`,
    );
    if (found) return found;
  }
  return null;
}

const json = (value: unknown) => (value === undefined ? "(absent)" : writtenJson(value).trim());

/** Every differing record, in file order then record order of the committed snapshot (missing ones after). */
export function compareSnapshots(committed: Snapshot, rebuilt: Snapshot): SnapshotComparison {
  const differences: RecordDifference[] = [];
  let records = 0;
  for (const keyed of FILES) {
    const mine = keyed.records(committed);
    const theirs = new Map(keyed.records(rebuilt).map((r) => [r.key, r]));
    records += mine.length;
    for (const record of mine) {
      const other = theirs.get(record.key);
      theirs.delete(record.key);
      if (!other) {
        differences.push({
          file: keyed.file,
          record: record.label,
          field: null,
          committed: json(record.value),
          rebuilt: null,
        });
        continue;
      }
      const found = firstDifferingField(record.value, other.value);
      if (found) {
        differences.push({
          file: keyed.file,
          record: record.label,
          field: found.field === "" ? null : found.field,
          committed: json(found.a),
          rebuilt: json(found.b),
        });
      }
    }
    for (const extra of theirs.values()) {
      differences.push({
        file: keyed.file,
        record: extra.label,
        field: null,
        committed: null,
        rebuilt: json(extra.value),
      });
    }
  }
  return { records, differences };
}

/** One difference in a sentence: "transfers.json, transfer #23, field amount: committed "1000", chain "1001"." */
export function describeDifference(difference: RecordDifference, rebuiltName = "chain"): string {
  const where = `${difference.file}, ${difference.record}${difference.field === null ? "" : `, field ${difference.field}`}`;
  if (difference.committed === null) return `${where}: on the ${rebuiltName} but not in the committed snapshot.`;
  if (difference.rebuilt === null) return `${where}: in the committed snapshot but not on the ${rebuiltName}.`;
  return `${where}: committed ${difference.committed}, ${rebuiltName} ${difference.rebuilt}.`;
}
