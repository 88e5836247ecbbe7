import type { ProposalRecord, Snapshot, TransferRecord } from "../../schemas/snapshot.ts";
import { compareBigint } from "../compare.ts";
import { formatDayForPeople, formatUtcDateTime } from "../format-time.ts";
import { ballotView } from "../ledger/ballot-state.ts";
import {
  daysLeftAtSnapshot,
  deadlineBoundary,
  epochEnd,
  epochStartVersion,
  formatDaysLeft,
  formatEpochEnd,
  formatEpochEndDate,
} from "../ledger/epoch-dates.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { dayOf, isoUtcOf } from "../periods.ts";

/**
 * The story of one transfer for its permanent page: proposed, approved, scheduled, each donor veto ballot, and the
 * outcome, in ledger-version order, each with the date first and the epoch after it, in plain words.
 *
 * Order: every step has a ledger version it is placed at (`placedAtVersion`), and steps are sorted by it.
 * - A payment is placed at its own transaction's version.
 * - Steps the chain gives no version of their own are placed by the epoch they happened in, at the version that
 *   began that epoch (`epochStartVersion`, a lower bound): a proposal in epoch expiration − 14 (proposals expire
 *   14 epochs after they are made), the approval and scheduling in epoch first deadline − 3 (a transfer is due 3
 *   epochs after approval), an open ballot in epoch deadline − 7 (ballots run 7 epochs; `shared/chain.md` §4).
 * - A boundary outcome is placed at the boundary that closes the epoch (the version that began the next one): an
 *   overdue payment, a ballot that lapsed or was rejected at its deadline.
 * - A status the chain records without an event is placed at the first snapshot that saw it: a vetoed transfer,
 *   a passed ballot. A ballot that lapsed because its transfer was paid is placed at that payment.
 * - A step still to come (a payment waiting for its deadline) has no version yet (null) and follows every other.
 * Ties (one version) are broken by cause before effect: proposed, approved, scheduled, a passed or open ballot,
 * the transfer's outcome, then a ballot that lapsed or was rejected; ballots among themselves by ballot id.
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
  /** Epoch the step belongs to, or null when the snapshot cannot date it. */
  epoch: bigint | null;
  /** ISO 8601 UTC time the step's date stands for, or null when unknown. */
  dateIso: string | null;
  /** True when `dateIso` is an estimate (a boundary not recorded in the snapshot, typically a future one). */
  estimated: boolean;
  /** When, for people: the date first, then the epoch (`"9 Jul 2025, end of epoch 588"`). */
  when: string;
  /**
   * Where an auditor can check the step on chain: the payment transaction's version for `paid`; for `vetoed`, the
   * ledger version of the first snapshot that saw the status; otherwise null.
   */
  ledgerVersion: bigint | null;
  /** The ledger version the step is ordered by (see the rules above); null for a step still to come. */
  placedAtVersion: bigint | null;
  /** Transaction hash, for `paid` when the ledger links the payment. */
  txHash: string | null;
  /** What happened, in plain words. */
  detail: string;
}

type PaymentKey = Pick<TransferRecord, "payee" | "amount" | "description">;

/** Same payee, same amount, same description bytes. */
const keyOf = (a: PaymentKey) => `${a.payee}|${a.amount}|${a.description.hex}`;

const ascending = compareBigint;

interface TimelineIndex {
  transfers: Map<bigint, TransferRecord>;
  /** Transfers by payment key, ascending uid. */
  twins: Map<string, TransferRecord[]>;
  /** Each transfer's position among its twins, by payment key and uid: matching a proposal need not search a group. */
  twinRanks: Map<string, Map<bigint, number>>;
  /** Non-rejected proposals by payment key, ascending id. */
  proposals: Map<string, ProposalRecord[]>;
  /** The withdraw entry that settled each transfer. */
  payments: Map<bigint, Snapshot["ledger"]["entries"][number]>;
  /** Veto ballots by target transfer, ascending ballot id. */
  ballots: Map<bigint, Snapshot["vetoes"]>;
}

/**
 * Built once per snapshot: a site renders one timeline per transfer, and scanning the ledger and every transfer
 * for each of 10^4 pages made the build quadratic.
 */
const indexes = new WeakMap<Snapshot, TimelineIndex>();

function group<T, K>(items: readonly T[], key: (item: T) => K | null, order: (a: T, b: T) => number): Map<K, T[]> {
  const out = new Map<K, T[]>();
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
    const payments = new Map<bigint, Snapshot["ledger"]["entries"][number]>();
    for (const entry of snapshot.ledger.entries) {
      if (entry.stream === "withdraw" && entry.transferUid !== null && !payments.has(entry.transferUid)) {
        payments.set(entry.transferUid, entry);
      }
    }
    const twins = group(snapshot.transfers, keyOf, (a, b) => ascending(a.uid, b.uid));
    const twinRanks = new Map<string, Map<bigint, number>>();
    for (const [key, list] of twins) {
      const ranks = new Map<bigint, number>();
      list.forEach((transfer, rank) => {
        // The first of a repeated uid, as a search of the group would find.
        if (!ranks.has(transfer.uid)) ranks.set(transfer.uid, rank);
      });
      twinRanks.set(key, ranks);
    }
    index = {
      transfers: new Map(snapshot.transfers.map((t) => [t.uid, t])),
      twins,
      twinRanks,
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
  const rank = index.twinRanks.get(key)?.get(transfer.uid) ?? -1;
  return index.proposals.get(key)?.[rank] ?? null;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Epochs the chain counts from (`shared/chain.md` §4). */
const PROPOSAL_EXPIRY_EPOCHS = 14n;
const PAYMENT_DELAY_EPOCHS = 3n;
const VETO_BALLOT_EPOCHS = 7n;

/** Tie-break rank within one ledger version: cause before effect (see the module comment). */
const RANK = { proposed: 0, approved: 1, scheduled: 2, ballotBefore: 3, outcome: 4, ballotAfter: 5 } as const;

interface PlacedStep extends TimelineStep {
  rank: number;
  ballotId: bigint;
}

const byPlacement = (a: PlacedStep, b: PlacedStep): number => {
  if (a.placedAtVersion !== b.placedAtVersion) {
    if (a.placedAtVersion === null) return 1;
    if (b.placedAtVersion === null) return -1;
    const x = a.placedAtVersion;
    const y = b.placedAtVersion;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.rank !== b.rank) return a.rank - b.rank;
  return compareBigint(a.ballotId, b.ballotId);
};

/** The timeline of transfer `uid`, in ledger-version order. Throws when the snapshot has no such transfer. */
export function buildTransferTimeline(snapshot: Snapshot, uid: bigint): TimelineStep[] {
  const index = indexOf(snapshot);
  const transfer = index.transfers.get(uid);
  if (!transfer) throw new RangeError(`no transfer ${JSON.stringify(uid.toString())} in the snapshot`);
  const deadline = transfer.deadlineEpoch;
  const due = epochEnd(snapshot, deadline);
  const dueText = formatEpochEnd(due);
  /** A step at the end of `epoch` (the boundary closing it), exact or estimated, placed at that boundary. */
  const closing = (epoch: bigint) => {
    const end = epochEnd(snapshot, epoch);
    return {
      epoch,
      dateIso: end.iso,
      estimated: end.estimated,
      when: formatEpochEnd(end),
      placedAtVersion: epochStartVersion(snapshot, epoch + 1n),
    };
  };
  /** A step somewhere in `epoch`, dated by the epoch's first and last day, placed where the epoch began. */
  const during = (epoch: bigint) => {
    const start = deadlineBoundary(snapshot, epoch - 1n);
    const end = epochEnd(snapshot, epoch);
    const about = start.estimated || (end.passed && end.estimated) ? "about " : "";
    const from = formatDayForPeople(dayOf(start.usec));
    const to = formatDayForPeople(dayOf(end.usec));
    const span = end.passed ? `${about}${from === to ? from : `${from} to ${to}`}` : `${about}${from} or later`;
    return {
      epoch,
      dateIso: isoUtcOf(start.usec),
      estimated: start.estimated,
      when: `${span}, during epoch ${formatInteger(epoch)}`,
      placedAtVersion: epochStartVersion(snapshot, epoch),
    };
  };
  const steps: PlacedStep[] = [];
  const noBallot = 0n;

  const firstDeadline = transfer.history[0]?.state.deadlineEpoch ?? transfer.deadlineEpoch;
  const scheduledIn = firstDeadline >= PAYMENT_DELAY_EPOCHS ? firstDeadline - PAYMENT_DELAY_EPOCHS : 0n;

  const proposal = matchProposal(index, transfer);
  if (proposal) {
    const expiration = proposal.expirationEpoch;
    const proposedIn = expiration >= PROPOSAL_EXPIRY_EPOCHS ? expiration - PROPOSAL_EXPIRY_EPOCHS : 0n;
    steps.push({
      kind: "proposed",
      title: "Proposed",
      ...during(proposedIn),
      ledgerVersion: null,
      txHash: null,
      detail: `Proposal #${proposal.id}: ${proposal.votes.length} of the wallet's authorities voted to pay ${formatCoins(transfer.amount)} LIBRA. A proposal that is not approved by ${formatEpochEnd(epochEnd(snapshot, expiration))} lapses.`,
      rank: RANK.proposed,
      ballotId: noBallot,
    });
    if (proposal.approved || proposal.status === "approved") {
      const authorities = snapshot.wallet.authorities;
      const rule = authorities
        ? ` (the wallet needs ${authorities.required} of its ${authorities.owners.length} authorities)`
        : "";
      steps.push({
        kind: "approved",
        title: "Approved",
        ...during(scheduledIn),
        ledgerVersion: null,
        txHash: null,
        detail: `Approved with ${plural(proposal.votes.length, "authority vote", "authority votes")}${rule}.`,
        rank: RANK.approved,
        ballotId: noBallot,
      });
    }
  }

  const deadlines = [...new Set(transfer.history.map((h) => h.state.deadlineEpoch))];
  const moved =
    deadlines.length > 1 && deadlines[0] !== undefined
      ? ` The deadline moved from ${formatEpochEnd(epochEnd(snapshot, deadlines[0]))} to ${dueText}.`
      : "";
  steps.push({
    kind: "scheduled",
    title: "Scheduled",
    ...during(scheduledIn),
    ledgerVersion: null,
    txHash: null,
    detail: `Set to be paid ${due.passed ? "on" : "on or after"} ${dueText}. Until then, donors can vote to stop it.${moved}`,
    rank: RANK.scheduled,
    ballotId: noBallot,
  });

  const outcome = outcomeStep(snapshot, index, transfer, closing(deadline), dueText);
  steps.push({ ...outcome, rank: RANK.outcome, ballotId: noBallot });

  // A ballot can only target a scheduled transfer, so none is placed before the scheduling step.
  const scheduledAt = during(scheduledIn).placedAtVersion;
  const notBeforeScheduling = (version: bigint | null): bigint | null =>
    version !== null && scheduledAt !== null && version < scheduledAt ? scheduledAt : version;
  for (const ballot of index.ballots.get(uid) ?? []) {
    const view = ballotView(snapshot, ballot.ballotId);
    const ballotDeadline = ballot.deadlineEpoch;
    const base = {
      kind: "veto-ballot" as const,
      title: `Veto ballot #${ballot.ballotId}`,
      ledgerVersion: null,
      txHash: null,
      detail: `${view.label} (${view.chainListing}). ${view.reason}`,
      ballotId: ballot.ballotId,
    };
    if (view.state === "passed") {
      const seen = ballot.history.find((h) => h.state.status === "passed") ?? ballot.history[0];
      const seenEpoch = seen?.seenAtEpoch ?? ballot.deadlineEpoch;
      steps.push({
        ...base,
        ...during(seenEpoch),
        placedAtVersion: notBeforeScheduling(seen?.seenAtLedgerVersion ?? null),
        rank: RANK.ballotBefore,
      });
    } else if (view.state === "open") {
      const openedIn = ballotDeadline >= VETO_BALLOT_EPOCHS ? ballotDeadline - VETO_BALLOT_EPOCHS : 0n;
      const opened = during(openedIn);
      steps.push({
        ...base,
        ...opened,
        placedAtVersion: notBeforeScheduling(opened.placedAtVersion),
        rank: RANK.ballotBefore,
      });
    } else {
      const atDeadline = closing(ballotDeadline);
      // Lapsed before its own deadline: its transfer was settled first, so it is placed right after that outcome.
      const placedAtVersion =
        atDeadline.placedAtVersion ??
        outcome.placedAtVersion ??
        ballot.history.find((h) => h.state.status === ballot.status)?.seenAtLedgerVersion ??
        null;
      steps.push({
        ...base,
        ...atDeadline,
        placedAtVersion: notBeforeScheduling(placedAtVersion),
        rank: RANK.ballotAfter,
      });
    }
  }

  return steps.sort(byPlacement).map(({ rank: _rank, ballotId: _ballotId, ...step }) => step);
}

type Placed = Pick<TimelineStep, "epoch" | "dateIso" | "estimated" | "when" | "placedAtVersion">;

function outcomeStep(
  snapshot: Snapshot,
  index: TimelineIndex,
  transfer: TransferRecord,
  due: Placed,
  dueText: string,
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
        detail: `Paid ${dueText}; the payment is not linked to a ledger entry in this snapshot.`,
      };
    }
    const paidAt = payment.timestampUsec;
    return {
      kind: "paid",
      title: "Paid",
      epoch: payment.epoch,
      dateIso: isoUtcOf(paidAt),
      estimated: false,
      when: `${formatUtcDateTime(paidAt)}, epoch ${formatInteger(payment.epoch)}`,
      ledgerVersion: payment.version,
      placedAtVersion: payment.version,
      txHash: payment.txHash,
      detail: `Paid: ${formatCoins(payment.amount)} LIBRA left the wallet in transaction ${formatInteger(payment.version)}, during epoch ${formatInteger(payment.epoch)}.`,
    };
  }
  if (transfer.status === "vetoed") {
    const seen = transfer.history.find((h) => h.state.status === "vetoed");
    const seenEpoch = seen ? seen.seenAtEpoch : null;
    const seenStart = seenEpoch === null ? null : deadlineBoundary(snapshot, seenEpoch - 1n);
    return {
      kind: "vetoed",
      title: "Stopped by donors",
      epoch: seen?.seenAtEpoch ?? null,
      dateIso: seenStart ? isoUtcOf(seenStart.usec) : null,
      estimated: seenStart?.estimated ?? false,
      when:
        seenEpoch === null || seenStart === null
          ? "Date not recorded"
          : `By ${formatEpochEndDate(epochEnd(snapshot, seenEpoch))}, recorded during epoch ${formatInteger(seenEpoch)}`,
      ledgerVersion: seen?.seenAtLedgerVersion ?? null,
      // Without an observation of the status, the latest snapshot that saw the record.
      placedAtVersion: seen?.seenAtLedgerVersion ?? transfer.history.at(-1)?.seenAtLedgerVersion ?? null,
      txHash: null,
      detail: `Donors stopped this payment; the coins stayed in the wallet.${seen ? ` First recorded in the chain state at ledger version ${formatInteger(seen.seenAtLedgerVersion)}.` : ""}`,
    };
  }
  if (transfer.status === "overdue") {
    return {
      kind: "overdue",
      title: "Overdue",
      ...due,
      ledgerVersion: null,
      txHash: null,
      detail: `The payment due ${dueText} did not go through: the wallet's balance was short. It is tried again at each following epoch boundary.`,
    };
  }
  const left = daysLeftAtSnapshot(snapshot, transfer.deadlineEpoch);
  return {
    kind: "pending",
    title: "Waiting for payment",
    ...due,
    when: `Due ${due.when}${left === null ? "" : `, ${formatDaysLeft(left)}`}`,
    // Still to come: no ledger version yet.
    placedAtVersion: null,
    ledgerVersion: null,
    txHash: null,
    detail: `Not paid yet: due ${dueText} unless donors stop it.`,
  };
}
