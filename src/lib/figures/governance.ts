import type { ProgramConfig } from "../../schemas/program.ts";
import type { ProposalRecord, Snapshot } from "../../schemas/snapshot.ts";
import { compareBigint } from "../compare.ts";
import { formatUtcDateTime } from "../format-time.ts";
import { deadlineBoundary } from "../ledger/epoch-dates.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { isoUtcOf, USEC_PER_SECOND } from "../periods.ts";
import { countOf } from "../words.ts";
import { type FigureSource, recordSource } from "./figure-source.ts";

/**
 * Who decides about the wallet's money, as the chain records it: the authorities and their n-of-m threshold, the
 * steward(s) the program names, the advance position, the freeze state and the donors' reauthorization; and, per
 * transfer, which authorities approved its proposal. Names come from `program.yaml` (the chain knows addresses
 * only). Pure: pages render what these functions return.
 */

/** Vetoes in a row after which the chain freezes the wallet (`donor_voice_txs`: 3 consecutive rejections). */
export const FREEZE_AFTER_REJECTIONS = 3n;

/** An account as the site shows it: the full address and, when the program names it, that name. */
export interface NamedAccount {
  address: string;
  name: string | null;
}

/** The program's names for authorities, by canonical address. */
export function authorityNames(config: Pick<ProgramConfig, "authorities">): Map<string, string> {
  return new Map(config.authorities.map((authority) => [authority.address, authority.name]));
}

/**
 * Fails, naming the key, when `program.yaml` names an authority the snapshot does not know: an address that is
 * neither one of the wallet's authorities now nor a voter on any recorded proposal (a former authority keeps its
 * name, since its votes are still shown). A typo in an address would otherwise name nobody, silently.
 */
export function assertAuthorityNames(
  snapshot: Pick<Snapshot, "wallet" | "proposals">,
  config: Pick<ProgramConfig, "authorities">,
  file: string,
): void {
  const known = new Set(snapshot.wallet.authorities?.owners ?? []);
  for (const proposal of snapshot.proposals) for (const voter of proposal.votes) known.add(voter);
  config.authorities.forEach((authority, index) => {
    if (!known.has(authority.address)) {
      throw new Error(
        `${file}: authorities[${index}].address ${authority.address} (${authority.name}) is not an authority of the wallet nor a voter on any of its proposals in the snapshot.`,
      );
    }
  });
}

/** "any 2 of these 3 must approve a payment", in plain words; the page lists "these". */
export function thresholdSentence(required: bigint, total: number): string {
  const count = BigInt(total);
  if (count === 0n) return "no authorities are recorded, so no payment can be approved";
  if (required > count) {
    return `${formatInteger(required)} approvals are needed but there are only ${formatInteger(count)} authorities, so no payment can be approved`;
  }
  if (required === count) {
    return count === 1n
      ? "this one authority alone approves a payment"
      : `all ${formatInteger(count)} must approve a payment`;
  }
  return `any ${formatInteger(required)} of these ${formatInteger(count)} must approve a payment`;
}

/** The freeze state in words: frozen or not, and the vetoes in a row out of the 3 that freeze the wallet. */
export function freezeSentence(isFrozen: boolean, consecutiveRejections: bigint): string {
  const inARow = `${countOf(consecutiveRejections, "payment", "payments")} in a row ${consecutiveRejections === 1n ? "was" : "were"} vetoed (the chain freezes the wallet at ${formatInteger(FREEZE_AFTER_REJECTIONS)} in a row; any payment made resets the count)`;
  return isFrozen ? `Frozen. ${inARow}.` : `Not frozen. ${inARow}.`;
}

export interface GovernanceFigure {
  /** Exact machine value (base units, a count, or a flag as text). */
  value: string;
  /** As people read it. */
  text: string;
  source: FigureSource;
}

export interface GovernanceView {
  authorities: {
    members: NamedAccount[];
    required: GovernanceFigure;
    count: GovernanceFigure;
    sentence: string;
    source: FigureSource;
  } | null;
  stewards: NamedAccount[];
  advances: {
    outstanding: GovernanceFigure;
    lifetimeWithdrawals: GovernanceFigure;
    lifetimeDeposits: GovernanceFigure;
  } | null;
  freeze: {
    isFrozen: GovernanceFigure;
    consecutiveRejections: GovernanceFigure;
    sentence: string;
  };
  reauthorization: {
    lastAuthorized: GovernanceFigure;
    required: GovernanceFigure;
    sentence: string;
  } | null;
}

const walletFigure = (snapshot: Snapshot, record: string, value: string, text: string): GovernanceFigure => ({
  value,
  text,
  source: recordSource(snapshot, "wallet.json", record),
});

const coins = (snapshot: Snapshot, record: string, units: bigint): GovernanceFigure =>
  walletFigure(snapshot, record, units.toString(), formatCoins(units));

/** Everything the governance page shows, each figure with its source in `wallet.json`. */
export function buildGovernanceView(
  snapshot: Snapshot,
  config: Pick<ProgramConfig, "authorities" | "stewards">,
): GovernanceView {
  const names = authorityNames(config);
  const { wallet } = snapshot;
  const authorities = wallet.authorities;
  const required = authorities ? authorities.required : 0n;
  const freezeCount = wallet.freeze.consecutiveRejections;
  const reauth = wallet.reauthorization;
  const reauthSecs = reauth ? reauth.timestampSecs : 0n;
  const lastAuthorizedText =
    reauthSecs === 0n ? "never (since the V8 upgrade)" : formatUtcDateTime(reauthSecs * USEC_PER_SECOND);
  return {
    authorities: authorities && {
      members: authorities.owners.map((address) => ({ address, name: names.get(address) ?? null })),
      required: walletFigure(snapshot, "authorities.required", required.toString(), formatInteger(required)),
      count: walletFigure(
        snapshot,
        "count(authorities.owners)",
        authorities.owners.length.toString(),
        formatInteger(BigInt(authorities.owners.length)),
      ),
      sentence: thresholdSentence(required, authorities.owners.length),
      source: recordSource(snapshot, "wallet.json", "authorities.owners"),
    },
    stewards: config.stewards.map((address) => ({ address, name: null })),
    advances: wallet.advances && {
      outstanding: coins(snapshot, "advances.balanceOutstanding", wallet.advances.balanceOutstanding),
      lifetimeWithdrawals: coins(snapshot, "advances.lifetimeWithdrawals", wallet.advances.lifetimeWithdrawals),
      lifetimeDeposits: coins(snapshot, "advances.lifetimeDeposits", wallet.advances.lifetimeDeposits),
    },
    freeze: {
      isFrozen: walletFigure(
        snapshot,
        "freeze.isFrozen",
        String(wallet.freeze.isFrozen),
        wallet.freeze.isFrozen ? "yes" : "no",
      ),
      consecutiveRejections: walletFigure(
        snapshot,
        "freeze.consecutiveRejections",
        freezeCount.toString(),
        `${formatInteger(freezeCount)} of ${formatInteger(FREEZE_AFTER_REJECTIONS)}`,
      ),
      sentence: freezeSentence(wallet.freeze.isFrozen, freezeCount),
    },
    reauthorization: reauth && {
      lastAuthorized: walletFigure(
        snapshot,
        "reauthorization.timestampSecs",
        reauthSecs.toString(),
        lastAuthorizedText,
      ),
      required: walletFigure(
        snapshot,
        "reauthorization.reauthRequired",
        String(reauth.reauthRequired),
        reauth.reauthRequired ? "yes" : "no",
      ),
      sentence: reauth.reauthRequired
        ? "Donors must vote to reauthorize the wallet before the authorities can propose any new payment."
        : "No new vote is needed: the authorities may propose payments.",
    },
  };
}

/** One voter on a transfer's proposal. */
export interface Approver extends NamedAccount {
  /** False for a voter who is no longer among the wallet's authorities at the snapshot. */
  isAuthority: boolean;
}

export interface TransferApprovals {
  proposalId: bigint;
  approvers: Approver[];
  /** n of n-of-m at the snapshot, or null when the wallet's authorities were not read. */
  required: bigint | null;
  source: FigureSource;
}

/**
 * Proposals by id, built once per proposal list: every transfer page asks for its own proposal, and scanning the
 * list for each of 10^4 pages made the build quadratic. The first proposal with an id wins, as a scan would find.
 */
const proposalIndexes = new WeakMap<readonly ProposalRecord[], ReadonlyMap<bigint, ProposalRecord>>();

/** The snapshot's proposals by id (see `proposalIndexes`). */
export function proposalsById(snapshot: Pick<Snapshot, "proposals">): ReadonlyMap<bigint, ProposalRecord> {
  let index = proposalIndexes.get(snapshot.proposals);
  if (!index) {
    const byId = new Map<bigint, ProposalRecord>();
    for (const proposal of snapshot.proposals) if (!byId.has(proposal.id)) byId.set(proposal.id, proposal);
    index = byId;
    proposalIndexes.set(snapshot.proposals, index);
  }
  return index;
}

/**
 * Who approved a transfer: the voters of the proposal with the transfer's uid as id (`proposals.json`), in the
 * order the chain lists them; null when the snapshot has no proposal for that uid (approved before its history).
 */
export function transferApprovals(
  snapshot: Snapshot,
  uid: bigint,
  names: ReadonlyMap<string, string>,
): TransferApprovals | null {
  const proposal = proposalsById(snapshot).get(uid);
  if (!proposal) return null;
  const owners = new Set(snapshot.wallet.authorities?.owners ?? []);
  return {
    proposalId: proposal.id,
    approvers: proposal.votes.map((address) => ({
      address,
      name: names.get(address) ?? null,
      isAuthority: owners.has(address),
    })),
    required: snapshot.wallet.authorities ? snapshot.wallet.authorities.required : null,
    source: recordSource(snapshot, "proposals.json", `[id=${uid}].votes`),
  };
}

/** The entry function a donor calls to propose a veto, with the Move names of its two arguments. */
export const VETO_ENTRY_FUNCTION = "0x1::donor_voice_txs::propose_veto_tx(wallet, uid)";

/**
 * The 0L command-line tool's command for a veto, as libra-framework documents it (`framework/libra-framework/
 * entry_functions.md`: `txs community veto --community-wallet <ADDRESS> --proposal-id <ID>`, run by the `libra`
 * binary). The proposal id is the transfer's uid.
 */
export function vetoCommand(wallet: string, uid: string): string {
  return `libra txs community veto --community-wallet ${wallet} --proposal-id ${uid}`;
}

/**
 * A donation with the 0L tool (`txs transfer --to-account <ADDRESS> --amount <AMOUNT>`, `ol_account::transfer`):
 * the transfer that leaves the donor a receipt, which is what gives a donor a say in vetoes.
 */
export function donateCommand(wallet: string): string {
  return `libra txs transfer --to-account ${wallet} --amount <coins>`;
}

/** A scheduled transfer and the last moment a veto can stop it. */
export interface VetoDeadlineRow {
  uid: bigint;
  payee: NamedAccount;
  amountUnits: bigint;
  amountText: string;
  /** The epoch whose closing boundary pays the transfer (its deadline, or the snapshot's epoch if that is later). */
  closingEpoch: bigint;
  closingEpochDisplay: string;
  /** When that boundary happens (ISO UTC); estimated when the snapshot has not seen it. */
  boundaryIso: string;
  estimated: boolean;
  /** "about 2 Dec 2025, 17:32 UTC, end of epoch 733": date first, then epoch. */
  deadlineText: string;
  /** The veto ballot already open against it, if any (a second donor may be unable to open another). */
  openBallotId: bigint | null;
  command: string;
}

/**
 * Every scheduled transfer with the deadline by which a veto must pass, soonest first (then by uid). A transfer
 * is paid at the boundary that closes its deadline epoch; a veto does not push that back (chain.md §4, caveat
 * a), so it must reach the threshold before then. A transfer still scheduled after its deadline (the balance was
 * short) is retried at every boundary, so for it the next boundary, the one closing the snapshot's epoch, counts.
 */
export function vetoDeadlines(
  snapshot: Snapshot,
  payeeNames: ReadonlyMap<string, string>,
  wallet: string,
): VetoDeadlineRow[] {
  const currentEpoch = snapshot.meta.epoch;
  const openBallots = new Map(
    snapshot.vetoes.filter((ballot) => ballot.status === "pending").map((ballot) => [ballot.transferUid, ballot]),
  );
  return snapshot.transfers
    .filter((transfer) => transfer.status === "scheduled")
    .map((transfer) => {
      const deadline = transfer.deadlineEpoch;
      // bigint epochs: Math.max would take them as numbers.
      let closing = deadline;
      if (closing < currentEpoch) closing = currentEpoch;
      const boundary = deadlineBoundary(snapshot, closing);
      const iso = isoUtcOf(boundary.usec);
      const date = `${boundary.estimated ? "about " : ""}${formatUtcDateTime(boundary.usec)}`;
      return {
        uid: transfer.uid,
        payee: { address: transfer.payee, name: payeeNames.get(transfer.payee) ?? null },
        amountUnits: transfer.amount,
        amountText: formatCoins(transfer.amount),
        closingEpoch: closing,
        closingEpochDisplay: formatInteger(closing),
        boundaryIso: iso,
        estimated: boundary.estimated,
        deadlineText: `${date}, end of epoch ${formatInteger(closing)}`,
        openBallotId: openBallots.get(transfer.uid)?.ballotId ?? null,
        command: vetoCommand(wallet, transfer.uid.toString()),
      };
    })
    .sort((a, b) => compareBigint(a.closingEpoch, b.closingEpoch) || compareBigint(a.uid, b.uid));
}

/** Minimum turnout of a veto ballot, in hundredths of a percent of all donations (`cfg_min_turnout`, 12.5 %). */
export const VETO_MIN_TURNOUT_HUNDREDTHS = 1250n;

/**
 * The turnout a veto needs today: all donations ever made (`cumulativeDeposits.value`, the ballot's `max_votes`)
 * and the least weight of vetoing donors that reaches 12.5 % of it. The chain compares `votes × 10000 / max`
 * (integer division) with 1250, which holds exactly when `votes × 10000 ≥ max × 1250`, so the least weight is
 * the ceiling of `max × 1250 / 10000`: exact, no display rounding.
 */
export function vetoTurnout(snapshot: Snapshot): {
  totalDonations: GovernanceFigure;
  minimumTurnout: GovernanceFigure;
} {
  const total = snapshot.wallet.cumulativeDeposits.value;
  const scaled = total * VETO_MIN_TURNOUT_HUNDREDTHS;
  const minimum = scaled / 10_000n + (scaled % 10_000n === 0n ? 0n : 1n);
  return {
    totalDonations: coins(snapshot, "cumulativeDeposits.value", total),
    minimumTurnout: walletFigure(
      snapshot,
      "ceil(cumulativeDeposits.value × 1250 / 10000)",
      minimum.toString(),
      formatCoins(minimum),
    ),
  };
}
