import type { Snapshot, TransferRecord, TransferStatus, VetoRecord } from "../../schemas/snapshot.ts";
import { formatInteger } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { daysLeftAtSnapshot, type EpochEnd, epochEnd, formatDaysLeft, formatEpochEnd } from "./epoch-dates.ts";

/**
 * A donor veto ballot's real state, read from the snapshot, next to what the chain lists.
 *
 * The chain keeps a ballot under `ballots_pending` until someone votes or tallies it, so a ballot nobody touched
 * after its deadline stays "pending" for ever (`donor_voice_governance`, `turnout_tally`; `shared/chain.md` §4).
 * The site reads it like this:
 * - `passed`: the chain moved it to `ballots_approved` (its transfer was vetoed);
 * - `rejected`: the chain moved it to `ballots_rejected` (it closed without enough turnout or approval);
 * - `lapsed`: still listed as pending, but it can no longer stop anything, because its deadline epoch has ended
 *   (the snapshot is in a later epoch: no vote can be cast any more) or because the transfer it targets was
 *   already paid (or stopped) at the boundary closing the transfer's own deadline: a veto does not delay payment
 *   (caveat (a)), so a ballot that had not passed by then can stop nothing;
 * - `open`: still listed as pending, its deadline epoch has not ended (up to and including the snapshot's own
 *   epoch) and its transfer is still waiting: donors can still vote.
 */

export type BallotState = "open" | "passed" | "rejected" | "lapsed";

/** The chain's list a ballot is in (`Governance<TurnoutTally<Veto>>.tracker`), by the snapshot's status. */
export type ChainBallotList = "ballots_pending" | "ballots_approved" | "ballots_rejected";

const CHAIN_LISTS: Record<VetoRecord["status"], ChainBallotList> = {
  pending: "ballots_pending",
  passed: "ballots_approved",
  failed: "ballots_rejected",
};

/** Plain words for each state, as the pages show them. */
export const BALLOT_STATE_LABELS: Record<BallotState, string> = {
  open: "Open",
  passed: "Passed: payment stopped",
  rejected: "Rejected: did not pass",
  lapsed: "Lapsed: can no longer stop anything",
};

export interface BallotReading {
  state: BallotState;
  label: string;
  chainList: ChainBallotList;
  /** `"listed by the chain under ballots_pending"`. */
  chainListing: string;
  /** Why the page reads the ballot so, in plain words (one or two sentences). */
  reason: string;
}

export interface BallotContext {
  /** The epoch the snapshot was read in (`meta.epoch`). */
  snapshotEpoch: bigint;
  /** The transfer the ballot targets, or undefined when the snapshot does not hold it. */
  target: TransferRecord | undefined;
  /** An epoch's end for the public, date first: `"9 Jul 2025, end of epoch 588"`. */
  epochEndText: (epoch: bigint) => string;
  /** Days left until the ballot's deadline as of the snapshot (for open ballots), or null. */
  daysLeft: bigint | null;
}

const pct = (value: bigint) => formatHundredthsPercent(value);
const epochs = (count: bigint) => `${formatInteger(count)} ${count === 1n ? "epoch" : "epochs"}`;

/** How far the ballot is from the rule: turnout first (nothing counts below it), then approval. */
function shortfall(ballot: VetoRecord): string {
  if (ballot.turnoutPct < ballot.minTurnoutPct) {
    return `with ${pct(ballot.turnoutPct)} turnout, below the ${pct(ballot.minTurnoutPct)} needed`;
  }
  return `with ${pct(ballot.turnoutPct)} turnout and ${pct(ballot.approvalPct)} in favour, below the ${pct(ballot.requiredThresholdPct)} needed at that turnout`;
}

/**
 * The state alone, by the rules above: the chain's status, the ballot's deadline epoch, the epoch the snapshot was
 * read in, and the target transfer's status then (undefined when unknown).
 */
export function ballotState(input: {
  status: VetoRecord["status"];
  deadlineEpoch: bigint;
  snapshotEpoch: bigint;
  targetStatus: TransferStatus | undefined;
}): BallotState {
  if (input.status === "passed") return "passed";
  if (input.status === "failed") return "rejected";
  if (input.snapshotEpoch > input.deadlineEpoch) return "lapsed";
  if (input.targetStatus === "paid" || input.targetStatus === "vetoed") return "lapsed";
  return "open";
}

/** The real state of one ballot. Pure: everything it needs is in `ballot` and `context`. */
export function readBallot(ballot: VetoRecord, context: BallotContext): BallotReading {
  const chainList = CHAIN_LISTS[ballot.status];
  const chainListing = `listed by the chain under ${chainList}`;
  const deadline = ballot.deadlineEpoch;
  const uid = ballot.transferUid;
  const reading = (state: BallotState, reason: string): BallotReading => ({
    state,
    label: BALLOT_STATE_LABELS[state],
    chainList,
    chainListing,
    reason,
  });

  const state = ballotState({
    status: ballot.status,
    deadlineEpoch: deadline,
    snapshotEpoch: context.snapshotEpoch,
    targetStatus: context.target?.status,
  });
  if (state === "passed") {
    return reading(
      "passed",
      `It reached ${pct(ballot.turnoutPct)} turnout with ${pct(ballot.approvalPct)} in favour, where ${pct(ballot.requiredThresholdPct)} was needed at that turnout, so the chain moved it to ballots_approved and transfer #${uid} was stopped.`,
    );
  }
  if (state === "rejected") {
    return reading(
      "rejected",
      `It closed ${shortfall(ballot)}, so the chain moved it to ballots_rejected; it did not stop transfer #${uid}.`,
    );
  }

  const stillListed =
    "The chain still lists it as pending because it moves a ballot only when someone votes or tallies.";
  const target = context.target;
  const settled = target?.status === "paid" || target?.status === "vetoed" ? target : undefined;
  const settledText = settled
    ? settled.status === "paid"
      ? `transfer #${uid} was paid at its deadline, ${context.epochEndText(settled.deadlineEpoch)}`
      : `transfer #${uid} had already been stopped`
    : null;

  if (state === "lapsed" && context.snapshotEpoch > deadline) {
    const after = `${epochs(context.snapshotEpoch - deadline)} before this snapshot`;
    const already = settledText ? ` Besides, ${settledText}.` : "";
    return reading(
      "lapsed",
      `Its deadline, ${context.epochEndText(deadline)}, passed ${after} ${shortfall(ballot)}, so it lapsed and can no longer stop anything.${already} ${stillListed}`,
    );
  }
  if (state === "lapsed") {
    return reading(
      "lapsed",
      `Before it reached the rule (it stands ${shortfall(ballot)}), ${settledText ?? `transfer #${uid} was settled`}, so it lapsed and can no longer stop anything, although its own deadline, ${context.epochEndText(deadline)}, has not passed. ${stillListed}`,
    );
  }
  const left = context.daysLeft === null ? "" : ` (${formatDaysLeft(context.daysLeft)})`;
  return reading(
    "open",
    `Donors can vote until ${context.epochEndText(deadline)}${left}. So far ${pct(ballot.turnoutPct)} of all donations took part (at least ${pct(ballot.minTurnoutPct)} must) and ${pct(ballot.approvalPct)} of their votes are in favour (${pct(ballot.requiredThresholdPct)} needed at that turnout).`,
  );
}

/** A reading with the ballot and its deadline, for pages and downloads. */
export interface BallotView extends BallotReading {
  ballot: VetoRecord;
  deadline: EpochEnd;
  /** Days left as of the snapshot while the ballot is open, else null. */
  daysLeft: bigint | null;
}

const views = new WeakMap<Snapshot, Map<bigint, BallotView>>();

/** Every ballot of the snapshot read once, by ballot id (cached per snapshot). */
export function readBallots(snapshot: Snapshot): Map<bigint, BallotView> {
  let out = views.get(snapshot);
  if (!out) {
    out = new Map();
    const transfers = new Map(snapshot.transfers.map((t) => [t.uid, t]));
    const snapshotEpoch = snapshot.meta.epoch;
    const epochEndText = (epoch: bigint) => formatEpochEnd(epochEnd(snapshot, epoch));
    for (const ballot of snapshot.vetoes) {
      const deadline = ballot.deadlineEpoch;
      const remaining = daysLeftAtSnapshot(snapshot, deadline);
      const reading = readBallot(ballot, {
        snapshotEpoch,
        target: transfers.get(ballot.transferUid),
        epochEndText,
        daysLeft: remaining,
      });
      out.set(ballot.ballotId, {
        ...reading,
        ballot,
        deadline: epochEnd(snapshot, deadline),
        daysLeft: reading.state === "open" ? remaining : null,
      });
    }
    views.set(snapshot, out);
  }
  return out;
}

/** The reading of one ballot of the snapshot; throws when the snapshot has no such ballot. */
export function ballotView(snapshot: Snapshot, ballotId: bigint): BallotView {
  const view = readBallots(snapshot).get(ballotId);
  if (!view) throw new RangeError(`no veto ballot ${JSON.stringify(ballotId.toString())} in the snapshot`);
  return view;
}
