import type { Snapshot } from "../../schemas/snapshot.ts";
import { sharedPrefixLength } from "./list-lineage.ts";
import { asWritten, firstDifferingField, writtenJson } from "./snapshot-compare.ts";
import { pairByKey, recordIds } from "./sorted-pairs.ts";

/**
 * Committed snapshots are the audit trail: a new snapshot may add history, never drop or rewrite it. This
 * compares a new snapshot with the committed one and returns every violation, each naming the file and record,
 * so the run can refuse to write. State may only move forward along the lifecycle (chain.md §4).
 */

// Compared and printed as the files write them (bigint amounts as decimal strings). The same object, two
// primitives of one type, or two flat records whose fields are those (a description, an observation's state)
// compare without being written out: a run keeps the records it did not touch and rebuilds the rest from the
// same values, so a comparison of the whole history costs a few checks per record instead of serializing it.
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === typeof b && (typeof a !== "object" || a === null)) return false;
  if (sameFlatFields(a, b)) return true;
  return writtenJson(a) === writtenJson(b);
}

/** Two plain objects with the same keys whose values are identical (===): the same written record. */
function sameFlatFields(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) => Object.hasOwn(b, key) && (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key],
  );
}

const oneLine = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(asWritten(value)));

const TRANSFER_MOVES: Record<string, readonly string[]> = {
  scheduled: ["overdue", "paid", "vetoed"],
  // An overdue transfer is retried at each boundary until paid; a failed veto can push its deadline out.
  overdue: ["scheduled", "paid", "vetoed"],
  paid: [],
  vetoed: [],
};
const PROPOSAL_MOVES: Record<string, readonly string[]> = {
  pending: ["approved", "rejected"],
  approved: [],
  rejected: [],
};
const VETO_MOVES: Record<string, readonly string[]> = { pending: ["passed", "failed"], passed: [], failed: [] };

function checkPrefix<T>(
  problems: string[],
  file: string,
  previous: readonly T[],
  next: readonly T[],
  name: (record: T) => string,
) {
  // What the new list is known to start with (the very elements of the committed one) needs no look.
  for (let i = sharedPrefixLength(next, previous); i < previous.length; i++) {
    const old = previous[i] as T;
    const now = next[i];
    if (now === undefined) {
      problems.push(`${file}: ${name(old)} is missing from the new snapshot.`);
      return;
    }
    if (!same(old, now)) {
      const field = firstDifferingField(old, now);
      const where = field && field.field !== "" ? ` field ${field.field}` : "";
      problems.push(
        `${file}: ${name(old)} changed:${where} was ${oneLine(field?.a ?? old)}, now ${oneLine(field?.b ?? now)}.`,
      );
      return;
    }
  }
}

type History = ReadonlyArray<{ state: { status: string } }>;

function checkHistory(
  problems: string[],
  label: () => string,
  previous: History,
  next: History,
  moves: Record<string, readonly string[]>,
) {
  if (next.length < previous.length || !previous.every((observation, i) => same(observation, next[i]))) {
    problems.push(`${label()}: its recorded history was rewritten.`);
    return;
  }
  for (let i = Math.max(1, previous.length); i < next.length; i++) {
    const from = next[i - 1]?.state.status ?? "";
    const to = next[i]?.state.status ?? "";
    if (from !== to && !(moves[from] ?? []).includes(to)) {
      problems.push(`${label()}: status moved from ${from} to ${to}, which the chain's rules do not allow.`);
    }
  }
}

interface StateRecord {
  history: History;
}

/**
 * Every committed state record must still exist, keep its `fixed` fields, and extend its history with legal
 * status moves only.
 */
function checkStateRecords<R extends StateRecord>(
  problems: string[],
  previous: readonly R[],
  next: readonly R[],
  rules: {
    label: (record: R) => string;
    key: (record: R) => bigint;
    fixed: ReadonlyArray<keyof R>;
    moves: Record<string, readonly string[]>;
  },
) {
  // The very list (a replayed run that changed none of its records): every record is itself, nothing moved.
  if (previous === next) return;
  // Sorted lists (as snapshots hold them) are paired in one walk; others through a map by key.
  const pairs = pairByKey(previous, next, rules.key);
  const current = pairs ? undefined : new Map(next.map((record) => [rules.key(record), record]));
  for (const [index, old] of previous.entries()) {
    // Named only when a rule breaks: every record is visited on every run a verify replays.
    const label = () => rules.label(old);
    const now = pairs ? pairs.after[index] : current?.get(rules.key(old));
    if (!now) {
      problems.push(`${label()} is missing from the new snapshot.`);
      continue;
    }
    // The very record (a replay keeps the ones its run did not change): nothing about it can have moved.
    if (now === old) continue;
    for (const field of rules.fixed) {
      if (!same(old[field], now[field])) {
        problems.push(`${label()}: ${String(field)} changed (was ${oneLine(old[field])}, now ${oneLine(now[field])}).`);
      }
    }
    checkHistory(problems, label, old.history, now.history, rules.moves);
  }
}

export function checkAppendOnly(previous: Snapshot, next: Snapshot): string[] {
  const problems: string[] = [];
  if (previous.meta.chainId !== next.meta.chainId) {
    problems.push(`meta.json: chain id changed from ${previous.meta.chainId} to ${next.meta.chainId}.`);
  }
  if (previous.meta.wallet !== next.meta.wallet) {
    problems.push(`meta.json: wallet changed from ${previous.meta.wallet} to ${next.meta.wallet}.`);
  }
  if (next.meta.ledgerVersion < previous.meta.ledgerVersion) {
    problems.push(
      `meta.json: ledger version ${next.meta.ledgerVersion} is older than the committed ${previous.meta.ledgerVersion}.`,
    );
  }
  if (!same(previous.ledger.opening, next.ledger.opening)) {
    problems.push("ledger.json: the opening balance changed.");
  }
  checkPrefix(
    problems,
    "ledger.json",
    previous.ledger.entries,
    next.ledger.entries,
    (e) => `${e.stream} event #${e.sequence} (tx version ${e.version})`,
  );
  checkPrefix(problems, "epochs.json", previous.epochs, next.epochs, (e) => `epoch ${e.epoch}`);
  checkPrefix(
    problems,
    "changes.json",
    previous.changes,
    next.changes,
    (c) => `change record at version ${c.ledgerVersion}`,
  );

  checkStateRecords(problems, previous.transfers, next.transfers, {
    label: (t) => `transfers.json: transfer ${t.uid}`,
    key: recordIds.transfer,
    fixed: ["payee", "amount", "description"],
    moves: TRANSFER_MOVES,
  });
  checkStateRecords(problems, previous.proposals, next.proposals, {
    label: (p) => `proposals.json: proposal ${p.id}`,
    key: recordIds.proposal,
    fixed: ["payee", "amount", "description"],
    moves: PROPOSAL_MOVES,
  });
  checkStateRecords(problems, previous.vetoes, next.vetoes, {
    label: (v) => `vetoes.json: veto ballot ${v.ballotId}`,
    key: recordIds.veto,
    fixed: ["transferUid"],
    moves: VETO_MOVES,
  });

  const donors = new Map(next.donors.map((d) => [d.address, d]));
  for (const old of previous.donors) {
    const now = donors.get(old.address);
    if (!now) problems.push(`donors.json: donor ${old.address} is missing from the new snapshot.`);
    else if (BigInt(now.cumulative) < BigInt(old.cumulative)) {
      problems.push(
        `donors.json: donor ${old.address} cumulative donations went down from ${old.cumulative} to ${now.cumulative}.`,
      );
    }
  }
  return problems;
}
