import type { LedgerEntry } from "../../schemas/snapshot.ts";
import { createInterner } from "../intern.ts";

/**
 * A parsed snapshot with one copy of each repeated value. JSON.parse and the u64 codec make a new string for every
 * address and a new bigint for every number they read, and a build keeps the snapshot for its whole render, where
 * every full collection marks all of it again: at 10^5 ledger entries the same two thousand donor addresses were
 * 2 × 10^5 strings, and an entry's epoch, time and function name likewise. Values only: the records keep their
 * fields, their order and their identity as records.
 */
export interface ValueSharer {
  /** A ledger entry with its repeated fields shared, all of them in the object itself (no out-of-line store). */
  entry(entry: LedgerEntry): LedgerEntry;
  /** Any other parsed record (plain objects and arrays of strings, bigints, numbers, booleans, null), in place. */
  record<T>(value: T): T;
}

export function createValueSharer(): ValueSharer {
  const text = createInterner<string>();
  const number = createInterner<bigint>();
  const share = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value === "bigint") return number(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = share(value[i]);
    } else if (value !== null && typeof value === "object") {
      const fields = value as Record<string, unknown>;
      for (const key of Object.keys(fields)) fields[key] = share(fields[key]);
    }
    return value;
  };
  return {
    // Sequence, version, amount and hash are (nearly) unique per entry: not worth a lookup each. Same key order as
    // the schema's output.
    entry: (entry) => ({
      stream: entry.stream,
      sequence: entry.sequence,
      version: entry.version,
      timestampUsec: number(entry.timestampUsec),
      epoch: number(entry.epoch),
      amount: entry.amount,
      category: entry.category,
      counterparty: entry.counterparty === null ? null : text(entry.counterparty),
      transferUid: entry.transferUid,
      txHash: entry.txHash,
      txSender: entry.txSender === null ? null : text(entry.txSender),
      txFunction: text(entry.txFunction),
    }),
    record: <T>(value: T) => share(value) as T,
  };
}
