import type { Snapshot } from "../schemas/snapshot.ts";
import { toCanonicalJson } from "./canonical-json.ts";

/**
 * Committed snapshots are the audit trail: a new snapshot may add history, never drop or rewrite it. This
 * compares a new snapshot with the committed one and returns every violation, each naming the file and record,
 * so the run can refuse to write. State may only move forward along the lifecycle (chain.md §4).
 */

const same = (a: unknown, b: unknown) => toCanonicalJson(a) === toCanonicalJson(b);

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
  for (let i = 0; i < previous.length; i++) {
    const old = previous[i] as T;
    const now = next[i];
    if (now === undefined) {
      problems.push(`${file}: ${name(old)} is missing from the new snapshot.`);
      return;
    }
    if (!same(old, now)) {
      problems.push(
        `${file}: ${name(old)} changed (was ${toCanonicalJson(old).trim()}, now ${toCanonicalJson(now).trim()}).`,
      );
      return;
    }
  }
}

function checkHistory(
  problems: string[],
  label: string,
  previous: readonly unknown[],
  next: readonly unknown[],
  moves: Record<string, readonly string[]>,
  statusOf: (observation: unknown) => string,
) {
  if (next.length < previous.length || !previous.every((observation, i) => same(observation, next[i]))) {
    problems.push(`${label}: its recorded history was rewritten.`);
    return;
  }
  for (let i = Math.max(1, previous.length); i < next.length; i++) {
    const from = statusOf(next[i - 1]);
    const to = statusOf(next[i]);
    if (from !== to && !(moves[from] ?? []).includes(to)) {
      problems.push(`${label}: status moved from ${from} to ${to}, which the chain's rules do not allow.`);
    }
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
  if (BigInt(next.meta.ledgerVersion) < BigInt(previous.meta.ledgerVersion)) {
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

  const transfers = new Map(next.transfers.map((t) => [t.uid, t]));
  for (const old of previous.transfers) {
    const label = `transfers.json: transfer ${old.uid}`;
    const now = transfers.get(old.uid);
    if (!now) {
      problems.push(`${label} is missing from the new snapshot.`);
      continue;
    }
    for (const field of ["payee", "amount", "description"] as const) {
      if (!same(old[field], now[field])) problems.push(`${label}: ${field} changed.`);
    }
    checkHistory(
      problems,
      label,
      old.history,
      now.history,
      TRANSFER_MOVES,
      (o) => (o as { state: { status: string } }).state.status,
    );
  }

  const proposals = new Map(next.proposals.map((p) => [p.id, p]));
  for (const old of previous.proposals) {
    const label = `proposals.json: proposal ${old.id}`;
    const now = proposals.get(old.id);
    if (!now) {
      problems.push(`${label} is missing from the new snapshot.`);
      continue;
    }
    for (const field of ["payee", "amount", "description"] as const) {
      if (!same(old[field], now[field])) problems.push(`${label}: ${field} changed.`);
    }
    checkHistory(
      problems,
      label,
      old.history,
      now.history,
      PROPOSAL_MOVES,
      (o) => (o as { state: { status: string } }).state.status,
    );
  }

  const vetoes = new Map(next.vetoes.map((v) => [v.ballotId, v]));
  for (const old of previous.vetoes) {
    const label = `vetoes.json: veto ballot ${old.ballotId}`;
    const now = vetoes.get(old.ballotId);
    if (!now) {
      problems.push(`${label} is missing from the new snapshot.`);
      continue;
    }
    if (old.transferUid !== now.transferUid) problems.push(`${label}: the transfer it targets changed.`);
    checkHistory(
      problems,
      label,
      old.history,
      now.history,
      VETO_MOVES,
      (o) => (o as { state: { status: string } }).state.status,
    );
  }

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
