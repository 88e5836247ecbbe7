import type { ProposalRecord, Snapshot, TransferRecord } from "../schemas/snapshot.ts";
import { formatCoins, formatInteger, parseU64 } from "./money.ts";
import { isoUtcOf } from "./periods.ts";
import { deadlineBoundary, formatHundredthsPercent } from "./tables.ts";

/**
 * The story of one transfer for its permanent page: proposed, approved, scheduled, each donor veto ballot, and the
 * outcome, with the epoch and (exact or estimated) UTC date of each step and plain-English text for the public.
 */

export type TimelineStepKind =
  | "proposed"
  | "approved"
  | "scheduled"
  | "veto-ballot"
  | "paid"
  | "vetoed"
  | "overdue"
  /** Outcome not known yet: still scheduled, waiting for its deadline. */
  | "pending";

export interface TimelineStep {
  kind: TimelineStepKind;
  /** Short heading, e.g. "Veto ballot #12". */
  title: string;
  /** Epoch the step belongs to (decimal string), or null when the snapshot cannot date it. */
  epoch: string | null;
  /** ISO 8601 UTC time of the step, or null when unknown. */
  dateIso: string | null;
  /** True when `dateIso` is an estimate (a boundary not recorded in the snapshot, typically a future one). */
  estimated: boolean;
  /**
   * Where an auditor can check the step on chain: the payment transaction's version for `paid`; for `vetoed`, the
   * ledger version of the first snapshot that saw the status; otherwise null.
   */
  ledgerVersion: string | null;
  /** Transaction hash, for `paid` when the ledger links the payment. */
  txHash: string | null;
  /** What happened, in plain words. */
  detail: string;
}

type PaymentKey = Pick<TransferRecord, "payee" | "amount" | "description">;

/** Same payee, same amount, same description bytes. */
const keyOf = (a: PaymentKey) => `${a.payee}|${a.amount}|${a.description.hex}`;

const ascending = (a: string, b: string) => {
  const x = parseU64(a);
  const y = parseU64(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

interface TimelineIndex {
  transfers: Map<string, TransferRecord>;
  /** Transfers by payment key, ascending uid. */
  twins: Map<string, TransferRecord[]>;
  /** Non-rejected proposals by payment key, ascending id. */
  proposals: Map<string, ProposalRecord[]>;
  /** The withdraw entry that settled each transfer. */
  payments: Map<string, Snapshot["ledger"]["entries"][number]>;
  /** Veto ballots by target transfer, ascending ballot id. */
  ballots: Map<string, Snapshot["vetoes"]>;
}

/**
 * Built once per snapshot: a site renders one timeline per transfer, and scanning the ledger and every transfer
 * for each of 10^4 pages made the build quadratic.
 */
const indexes = new WeakMap<Snapshot, TimelineIndex>();

function group<T>(
  items: readonly T[],
  key: (item: T) => string | null,
  order: (a: T, b: T) => number,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  for (const list of out.values()) list.sort(order);
  return out;
}

function indexOf(snapshot: Snapshot): TimelineIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    const payments = new Map<string, Snapshot["ledger"]["entries"][number]>();
    for (const entry of snapshot.ledger.entries) {
      if (entry.stream === "withdraw" && entry.transferUid !== null && !payments.has(entry.transferUid)) {
        payments.set(entry.transferUid, entry);
      }
    }
    index = {
      transfers: new Map(snapshot.transfers.map((t) => [t.uid, t])),
      twins: group(snapshot.transfers, keyOf, (a, b) => ascending(a.uid, b.uid)),
      proposals: group(
        snapshot.proposals,
        (p) => (p.status === "rejected" ? null : keyOf(p)),
        (a, b) => ascending(a.id, b.id),
      ),
      payments,
      ballots: group(
        snapshot.vetoes,
        (v) => v.transferUid,
        (a, b) => ascending(a.ballotId, b.ballotId),
      ),
    };
    indexes.set(snapshot, index);
  }
  return index;
}

/**
 * The proposal a transfer came from. The chain keeps no link between the two, so they are matched by payee,
 * amount and exact description bytes. Identical payments (same team, amount and text, e.g. a monthly grant) pair
 * in order: the k-th such transfer by uid with the k-th such proposal by id; rejected proposals never became
 * transfers and are left out. Null when nothing matches (e.g. proposals older than the snapshot's history).
 */
function matchProposal(index: TimelineIndex, transfer: TransferRecord): ProposalRecord | null {
  const key = keyOf(transfer);
  const twins = index.twins.get(key) ?? [];
  return index.proposals.get(key)?.[twins.findIndex((t) => t.uid === transfer.uid)] ?? null;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The timeline of transfer `uid`, oldest step first. Throws when the snapshot has no such transfer. */
export function buildTransferTimeline(snapshot: Snapshot, uid: string): TimelineStep[] {
  const index = indexOf(snapshot);
  const transfer = index.transfers.get(uid);
  if (!transfer) throw new RangeError(`no transfer ${JSON.stringify(uid)} in the snapshot`);
  const deadline = parseU64(transfer.deadlineEpoch);
  const deadlineText = formatInteger(deadline);
  /** Epoch `epoch`, dated by the boundary that closes it (the start of the next epoch), exact or estimated. */
  const closing = (epoch: bigint) => {
    const start = deadlineBoundary(snapshot, epoch);
    return { epoch: epoch.toString(), dateIso: isoUtcOf(start.usec), estimated: start.estimated };
  };
  const undated = { epoch: null, dateIso: null, estimated: false };
  const steps: TimelineStep[] = [];

  const proposal = matchProposal(index, transfer);
  if (proposal) {
    steps.push({
      kind: "proposed",
      title: "Proposed",
      ...undated,
      ledgerVersion: null,
      txHash: null,
      detail: `Proposal #${proposal.id}: ${proposal.votes.length} of the wallet's authorities voted to pay ${formatCoins(parseU64(transfer.amount))} LIBRA. A proposal that is not approved by the end of epoch ${formatInteger(parseU64(proposal.expirationEpoch))} lapses.`,
    });
    if (proposal.approved || proposal.status === "approved") {
      const authorities = snapshot.wallet.authorities;
      const rule = authorities
        ? ` (the wallet needs ${parseU64(authorities.required)} of its ${authorities.owners.length} authorities)`
        : "";
      steps.push({
        kind: "approved",
        title: "Approved",
        ...undated,
        ledgerVersion: null,
        txHash: null,
        detail: `Approved with ${plural(proposal.votes.length, "authority vote", "authority votes")}${rule}.`,
      });
    }
  }

  const deadlines = [...new Set(transfer.history.map((h) => h.state.deadlineEpoch))];
  const moved =
    deadlines.length > 1 && deadlines[0] !== undefined
      ? ` The deadline moved from epoch ${formatInteger(parseU64(deadlines[0]))} to epoch ${deadlineText}.`
      : "";
  steps.push({
    kind: "scheduled",
    title: "Scheduled",
    // The deadline epoch, dated by the boundary that closes it.
    ...closing(deadline),
    ledgerVersion: null,
    txHash: null,
    detail: `Set to be paid at the end of epoch ${deadlineText}. Until then, donors can vote to stop it.${moved}`,
  });

  const ballots = index.ballots.get(uid) ?? [];
  for (const ballot of ballots) {
    const pct = (value: string) => formatHundredthsPercent(parseU64(value));
    const ballotDeadline = parseU64(ballot.deadlineEpoch);
    const outcome =
      ballot.status === "passed"
        ? "The ballot passed."
        : ballot.status === "failed"
          ? "The ballot closed without stopping the payment."
          : `Voting is open until the end of epoch ${formatInteger(ballotDeadline)}.`;
    steps.push({
      kind: "veto-ballot",
      title: `Veto ballot #${ballot.ballotId}`,
      ...closing(ballotDeadline),
      ledgerVersion: null,
      txHash: null,
      detail: `Donors holding ${pct(ballot.turnoutPct)} of all donations voted, and ${pct(ballot.approvalPct)} of their votes asked to stop this payment; ${pct(ballot.requiredThresholdPct)} was needed at that level of participation, and at least ${pct(ballot.minTurnoutPct)} of donations must take part. ${outcome}`,
    });
  }

  steps.push(outcomeStep(index, transfer, closing(deadline), deadlineText));
  return steps;
}

function outcomeStep(
  index: TimelineIndex,
  transfer: TransferRecord,
  due: { epoch: string; dateIso: string; estimated: boolean },
  deadlineText: string,
): TimelineStep {
  if (transfer.status === "paid") {
    const payment = index.payments.get(transfer.uid);
    if (!payment) {
      return {
        kind: "paid",
        title: "Paid",
        ...due,
        ledgerVersion: null,
        txHash: null,
        detail: `Paid at the end of epoch ${deadlineText}; the payment is not linked to a ledger entry in this snapshot.`,
      };
    }
    return {
      kind: "paid",
      title: "Paid",
      epoch: payment.epoch,
      dateIso: isoUtcOf(parseU64(payment.timestampUsec)),
      estimated: false,
      ledgerVersion: payment.version,
      txHash: payment.txHash,
      detail: `Paid: ${formatCoins(parseU64(payment.amount))} LIBRA left the wallet in transaction ${formatInteger(parseU64(payment.version))}, during epoch ${formatInteger(parseU64(payment.epoch))}.`,
    };
  }
  if (transfer.status === "vetoed") {
    const seen = transfer.history.find((h) => h.state.status === "vetoed");
    return {
      kind: "vetoed",
      title: "Stopped by donors",
      epoch: seen?.seenAtEpoch ?? null,
      dateIso: null,
      estimated: false,
      ledgerVersion: seen?.seenAtLedgerVersion ?? null,
      txHash: null,
      detail: `Donors stopped this payment; the coins stayed in the wallet.${seen ? ` First recorded in the chain state at ledger version ${formatInteger(parseU64(seen.seenAtLedgerVersion))}.` : ""}`,
    };
  }
  if (transfer.status === "overdue") {
    return {
      kind: "overdue",
      title: "Overdue",
      ...due,
      ledgerVersion: null,
      txHash: null,
      detail: `The payment due at epoch ${deadlineText}'s boundary did not go through: the wallet's balance was short. It is tried again at each following epoch boundary.`,
    };
  }
  return {
    kind: "pending",
    title: "Waiting for payment",
    ...due,
    ledgerVersion: null,
    txHash: null,
    detail: `Not paid yet: due at the end of epoch ${deadlineText} unless donors stop it.`,
  };
}
