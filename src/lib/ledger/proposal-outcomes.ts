import type { Snapshot } from "../../schemas/snapshot.ts";
import { abbreviateAddress } from "../address.ts";
import { compareBigint } from "../compare.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { movementRowHref } from "./ledger-lists.ts";

/**
 * What became of the payment proposals that are not transfers, and what every other missing transfer number is.
 * Transfer uids, proposal ids and veto, reauthorization and liquidation ballot ids all come from one counter of the
 * wallet (chain.md §4), so the transfers list has gaps; this names each one instead of leaving it unexplained.
 */

/** Unapproved proposals expire after this many epochs and are then rejected lazily (multi_action). */
export const PROPOSAL_LIFETIME_EPOCHS = 14n;

export type ProposalOutcome = "advance" | "approved" | "expired" | "rejected" | "pending";

export interface UnscheduledProposal {
  id: bigint;
  outcome: ProposalOutcome;
  /** The outcome in a sentence. */
  words: string;
  amountUnits: bigint;
  amountText: string;
  payee: string;
  payeeName: string | null;
  payeeShort: string;
  descriptionText: string | null;
  descriptionHex: string;
  /** For an advance: its row on the ledger page. */
  ledgerHref: string | null;
}

export interface NumberGap {
  id: bigint;
  /** The last number of a run of numbers nothing recorded (the same as `id` for one number). */
  lastId: bigint;
  /** What the number is, in a sentence. */
  words: string;
  href: string | null;
}

export interface ProposalOutcomes {
  proposals: UnscheduledProposal[];
  /** Every number between the first and the last known one that is not a transfer, in order. */
  gaps: NumberGap[];
}

type Input = Pick<Snapshot, "transfers" | "proposals" | "vetoes" | "wallet" | "ledger">;

const byId = (a: { id: bigint }, b: { id: bigint }) => compareBigint(a.id, b.id);

/**
 * Every proposal whose id is not a transfer uid, with its outcome, and every gap in the transfer numbers. An
 * approved proposal without a transfer was paid at once as an advance when the ledger has an advance of its amount
 * to its payee (each advance matched once, oldest first).
 */
export function proposalOutcomes(snapshot: Input, names: ReadonlyMap<string, string>): ProposalOutcomes {
  const transferIds = new Set(snapshot.transfers.map((transfer) => transfer.uid));
  const required = snapshot.wallet.authorities?.required ?? null;
  const advances = snapshot.ledger.entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.category === "advance");
  const used = new Set<number>();
  const proposals = snapshot.proposals
    .filter((proposal) => !transferIds.has(proposal.id))
    .map((proposal): UnscheduledProposal => {
      const votes = proposal.votes.length;
      const expiry = proposal.expirationEpoch;
      let outcome: ProposalOutcome;
      let words: string;
      let ledgerHref: string | null = null;
      if (proposal.status === "approved") {
        const match = advances.find(
          ({ entry, index }) =>
            !used.has(index) && entry.counterparty === proposal.payee && entry.amount === proposal.amount,
        );
        if (match) {
          used.add(match.index);
          outcome = "advance";
          ledgerHref = movementRowHref(snapshot.ledger.entries, match.index);
          words = `Approved and paid at once as an advance (no waiting period, no veto) at ledger version ${formatInteger(match.entry.version)}; it is on the ledger, not in the transfers list.`;
        } else {
          outcome = "approved";
          words = "Approved, but no scheduled transfer or advance of it is recorded in this snapshot.";
        }
      } else if (proposal.status === "rejected") {
        const rejected = proposal.history.find((observation) => observation.state.status === "rejected");
        const expired = rejected !== undefined && rejected.seenAtEpoch > expiry;
        outcome = expired ? "expired" : "rejected";
        const approvals =
          required === null
            ? `${formatInteger(BigInt(votes))} ${votes === 1 ? "approval" : "approvals"}`
            : `${formatInteger(BigInt(votes))} of the ${formatInteger(required)} approvals needed`;
        words = expired
          ? `Expired: it had ${approvals} when its ${PROPOSAL_LIFETIME_EPOCHS} epochs ran out (end of epoch ${formatInteger(expiry)}), so the authorities did not approve it. Nothing was paid.`
          : `Rejected by the wallet's authorities with ${approvals}. Nothing was paid.`;
      } else {
        outcome = "pending";
        words = `Still collecting approvals: ${formatInteger(BigInt(votes))}${required === null ? "" : ` of ${formatInteger(required)}`} so far; it expires at the end of epoch ${formatInteger(expiry)} unless approved.`;
      }
      return {
        id: proposal.id,
        outcome,
        words,
        amountUnits: proposal.amount,
        amountText: formatCoins(proposal.amount),
        payee: proposal.payee,
        payeeName: names.get(proposal.payee) ?? null,
        payeeShort: abbreviateAddress(proposal.payee),
        descriptionText: proposal.description.text,
        descriptionHex: proposal.description.hex,
        ledgerHref,
      };
    })
    .sort(byId);

  const known = new Map<bigint, NumberGap>();
  for (const proposal of proposals) {
    known.set(proposal.id, {
      id: proposal.id,
      lastId: proposal.id,
      words: "a payment proposal that never became a transfer (above)",
      href: `#proposal-${proposal.id}`,
    });
  }
  for (const ballot of snapshot.vetoes) {
    known.set(ballot.ballotId, {
      id: ballot.ballotId,
      lastId: ballot.ballotId,
      words: `a donors' veto ballot against transfer #${ballot.transferUid}, not a payment`,
      href: `/transfers/${ballot.transferUid}/`,
    });
  }
  for (const ballot of snapshot.wallet.otherBallots) {
    known.set(ballot.ballotId, {
      id: ballot.ballotId,
      lastId: ballot.ballotId,
      words: `a donors' ${ballot.kind === "reauthorization" ? "reauthorization" : "liquidation"} ballot, not a payment`,
      href: null,
    });
  }
  // Walk the numbers in use, not every number between the first and the last: the ids are committed data, and one
  // id of 2^64 − 1 must not make the build count to it. A run of numbers nothing recorded is one gap (`id`–`lastId`).
  const ids = [...new Set([...transferIds, ...known.keys()])].sort(compareBigint);
  const gaps: NumberGap[] = [];
  let previous: bigint | undefined;
  for (const id of ids) {
    if (previous !== undefined && id > previous + 1n) {
      gaps.push({
        id: previous + 1n,
        lastId: id - 1n,
        words: "not in this snapshot: the counter was used by something Ledgerlight does not record",
        href: null,
      });
    }
    const record = known.get(id);
    if (!transferIds.has(id) && record) gaps.push(record);
    previous = id;
  }
  return { proposals, gaps };
}
