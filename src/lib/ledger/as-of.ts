import { ValidationError } from "../../errors.ts";
import type {
  ChangeRecord,
  DonorRecord,
  LedgerEntry,
  ProposalRecord,
  Snapshot,
  TransferRecord,
  VetoRecord,
} from "../../schemas/snapshot.ts";
import { compareBigint } from "../compare.ts";

/**
 * The committed snapshot as it stood at one of its own recorded runs: what a published report is computed from, so
 * that a later snapshot never changes it. History files are cut at the run's ledger version V; state records keep
 * the state their `history` last observed at or before V. What the files do not record over time is documented
 * below (and on the methodology page): it is either derived exactly from the ledger or kept from the latest reading.
 *
 * - Derived exactly: the balance (opening + movements ≤ V, checked against the run's own record), each donor's
 *   cumulative receipt and veto weight (latest − their donations after V), the wallet's all-time donations, the
 *   depositor count, the event cursors (latest − events after V), each donor's last payment when they gave after V.
 * - Not recorded over time, kept from the latest reading: the wallet's unlocked amount, freeze, reauthorization,
 *   advances, authorities and other ballots, the time-weighted deposit index; a veto ballot's weighted votes and
 *   required threshold (its status, approval and turnout are in its history); a proposal's voter list beyond the
 *   recorded vote count (the first `votes` addresses of the latest list, which the chain appends in voting order).
 *   None of these enters a report's figures or statement.
 */

/** The ledger versions of every recorded snapshot run (`changes.json`), oldest first. */
export function recordedRunVersions(snapshot: { changes: readonly ChangeRecord[] }): bigint[] {
  return snapshot.changes.map((change) => change.ledgerVersion).sort(compareBigint);
}

/** The observations at or before `version` (none when the record was first seen after it). */
function stateAt<T extends { seenAtLedgerVersion: bigint }>(history: readonly T[], version: bigint): T[] {
  return history.filter((observation) => observation.seenAtLedgerVersion <= version);
}

function transferAsOf(transfer: TransferRecord, version: bigint): TransferRecord | undefined {
  const history = stateAt(transfer.history, version);
  const last = history[history.length - 1];
  if (!last) return undefined;
  return {
    ...transfer,
    status: last.state.status,
    deadlineEpoch: last.state.deadlineEpoch,
    history,
    provenance: { ...transfer.provenance, ledgerVersion: version },
  };
}

function proposalAsOf(proposal: ProposalRecord, version: bigint): ProposalRecord | undefined {
  const history = stateAt(proposal.history, version);
  const last = history[history.length - 1];
  if (!last) return undefined;
  return {
    ...proposal,
    status: last.state.status,
    votes: proposal.votes.slice(0, last.state.votes),
    approved: last.state.status === proposal.status ? proposal.approved : last.state.status === "approved",
    history,
    provenance: { ...proposal.provenance, ledgerVersion: version },
  };
}

function vetoAsOf(veto: VetoRecord, version: bigint): VetoRecord | undefined {
  const history = stateAt(veto.history, version);
  const last = history[history.length - 1];
  if (!last) return undefined;
  return {
    ...veto,
    status: last.state.status,
    approvalPct: last.state.approvalPct,
    turnoutPct: last.state.turnoutPct,
    history,
    provenance: { ...veto.provenance, ledgerVersion: version },
  };
}

/** Donations after V by donor, to take back out of the latest receipts. */
function donationsAfter(later: readonly LedgerEntry[]): Map<string, { total: bigint }> {
  const byDonor = new Map<string, { total: bigint }>();
  for (const entry of later) {
    if (entry.category !== "donation" || entry.counterparty === null) continue;
    const item = byDonor.get(entry.counterparty) ?? { total: 0n };
    item.total += entry.amount;
    byDonor.set(entry.counterparty, item);
  }
  return byDonor;
}

function donorsAsOf(
  donors: readonly DonorRecord[],
  earlier: readonly LedgerEntry[],
  later: readonly LedgerEntry[],
  version: bigint,
): DonorRecord[] {
  const after = donationsAfter(later);
  const lastDonation = new Map<string, LedgerEntry>();
  for (const entry of earlier) {
    if (entry.category === "donation" && entry.counterparty !== null) lastDonation.set(entry.counterparty, entry);
  }
  const result: DonorRecord[] = [];
  for (const donor of donors) {
    const taken = after.get(donor.address)?.total ?? 0n;
    if (taken > donor.cumulative) {
      throw new ValidationError(
        `donors.json, donor ${donor.address}: cumulative ${donor.cumulative} is less than the donations after ledger version ${version} (${taken}); the snapshot contradicts its ledger.`,
      );
    }
    const cumulative = donor.cumulative - taken;
    // A donor with nothing given by V was not a depositor yet.
    if (cumulative === 0n) continue;
    const provenance = { ...donor.provenance, ledgerVersion: version };
    if (taken === 0n) {
      result.push({ ...donor, provenance });
      continue;
    }
    const last = lastDonation.get(donor.address);
    result.push({
      ...donor,
      cumulative,
      // Without a donation in the ledger by V, the last payment was before the ledger's record: not known here.
      lastPaymentTimestampSecs: last ? last.timestampUsec / 1_000_000n : 0n,
      lastPaymentValue: last ? last.amount : 0n,
      vetoWeight: donor.vetoWeight === null ? null : donor.vetoWeight > taken ? donor.vetoWeight - taken : 0n,
      provenance,
    });
  }
  return result;
}

function balanceAt(opening: bigint, entries: readonly LedgerEntry[]): bigint {
  let balance = opening;
  for (const entry of entries) balance += entry.stream === "deposit" ? entry.amount : -entry.amount;
  return balance;
}

function runAt(changes: readonly ChangeRecord[], version: bigint): ChangeRecord {
  const run = changes.find((change) => change.ledgerVersion === version);
  if (!run) {
    const recorded = recordedRunVersions({ changes }).join(", ");
    throw new ValidationError(
      `ledger version ${version} is not a recorded snapshot run (changes.json records ${recorded || "none"}); a report can only be pinned to a version the snapshot was read at.`,
    );
  }
  return run;
}

/**
 * `snapshot` as it stood at its recorded run at ledger version `version`. Refuses (ValidationError) a version that
 * is not one of the runs in `changes.json`, or where the books at V do not give the balance that run recorded.
 */
export function snapshotAsOf(snapshot: Snapshot, version: bigint): Snapshot {
  const run = runAt(snapshot.changes, version);
  const entries = snapshot.ledger.entries.filter((entry) => entry.version <= version);
  const later = snapshot.ledger.entries.filter((entry) => entry.version > version);
  const balance = balanceAt(snapshot.ledger.opening.amount, entries);
  if (balance !== run.balance.after) {
    throw new ValidationError(
      `ledger.json at ledger version ${version}: opening + movements = ${balance}, but the run at ${version} recorded a balance of ${run.balance.after}; the books do not balance there.`,
    );
  }
  const epochs = snapshot.epochs.filter((epoch) => epoch.version <= version);
  const laterEpochs = snapshot.epochs.length - epochs.length;
  const count = (stream: LedgerEntry["stream"]) => BigInt(later.filter((entry) => entry.stream === stream).length);
  const cursors = snapshot.meta.eventCursors;
  const donors = donorsAsOf(snapshot.donors, entries, later, version);
  const donatedLater = [...donationsAfter(later).values()].reduce((sum, item) => sum + item.total, 0n);
  const wallet = snapshot.wallet;
  const keep = <T>(items: readonly T[], asOf: (item: T) => T | undefined): T[] =>
    items.flatMap((item) => asOf(item) ?? []);
  return {
    meta: {
      ...snapshot.meta,
      ledgerVersion: version,
      ledgerTimestampUsec: run.timestampUsec,
      epoch: run.epoch,
      previousLedgerVersion: run.previousLedgerVersion,
      eventCursors: {
        deposits: cursors.deposits - count("deposit"),
        withdrawals: cursors.withdrawals - count("withdraw"),
        newEpochs: cursors.newEpochs - BigInt(laterEpochs),
      },
    },
    wallet: {
      ...wallet,
      balance: {
        ...wallet.balance,
        coinStoreValue: balance,
        total: balance,
        provenance: { ...wallet.balance.provenance, ledgerVersion: version },
      },
      cumulativeDeposits: {
        ...wallet.cumulativeDeposits,
        value: wallet.cumulativeDeposits.value - donatedLater,
        depositorCount: donors.length,
        provenance: { ...wallet.cumulativeDeposits.provenance, ledgerVersion: version },
      },
    },
    ledger: { opening: snapshot.ledger.opening, entries },
    transfers: keep(snapshot.transfers, (transfer) => transferAsOf(transfer, version)),
    proposals: keep(snapshot.proposals, (proposal) => proposalAsOf(proposal, version)),
    vetoes: keep(snapshot.vetoes, (veto) => vetoAsOf(veto, version)),
    donors,
    epochs,
    changes: snapshot.changes.filter((change) => change.ledgerVersion <= version),
  };
}
