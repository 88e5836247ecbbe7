import type { LedgerCategory, Snapshot, TransferStatus, VetoRecord } from "../../schemas/snapshot.ts";
import { compareBigint, compareText } from "../compare.ts";
import { deadlineBoundary } from "../ledger/epoch-dates.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { dayOf, isoUtcOf, quarterOf, USEC_PER_SECOND } from "../periods.ts";

/**
 * Row builders for the site's tables and their CSV/JSON downloads. Each row carries the raw values (decimal
 * base-unit strings, as in the snapshot files; `…Units` for money) next to display strings (`…Libra` via
 * `formatCoins`, `…Display` for grouped integers), so a download and the HTML table come from the same row and
 * cannot disagree. Every sort is by a unique key (or ends on one), so the order is total and stable across builds.
 */

const byBigintAsc = compareBigint;
const byBigintDesc = (a: bigint, b: bigint) => compareBigint(b, a);

export interface TransferTableRow {
  uid: string;
  status: TransferStatus;
  payee: string;
  /** The program's name for the payee, or null when the address is not a known team. */
  payeeName: string | null;
  amountUnits: string;
  amountLibra: string;
  deadlineEpoch: string;
  deadlineEpochDisplay: string;
  /**
   * When the payment falls due: the boundary that closes the deadline epoch, i.e. the start of epoch deadline + 1
   * (ISO 8601 UTC). `deadlineDateEstimated` is true when that epoch has not started in the snapshot (or is not
   * recorded), and the page must say "estimated".
   */
  deadlineDateIso: string;
  deadlineDateEstimated: boolean;
  /** Calendar quarter of `deadlineDateIso` (the quarter filter). */
  deadlineQuarter: string;
  /** Description as strict UTF-8 text, or null when the bytes are not UTF-8 (then show `descriptionHex`). */
  descriptionText: string | null;
  descriptionHex: string;
}

/** Every transfer, newest first: uid descending (uids are unique and grow with time, so the order is total). */
export function transferRows(snapshot: Snapshot, names: ReadonlyMap<string, string>): TransferTableRow[] {
  return [...snapshot.transfers]
    .sort((a, b) => byBigintDesc(a.uid, b.uid))
    .map((transfer) => {
      const deadline = transfer.deadlineEpoch;
      const due = deadlineBoundary(snapshot, deadline);
      return {
        uid: transfer.uid.toString(),
        status: transfer.status,
        payee: transfer.payee,
        payeeName: names.get(transfer.payee) ?? null,
        amountUnits: transfer.amount.toString(),
        amountLibra: formatCoins(transfer.amount),
        deadlineEpoch: transfer.deadlineEpoch.toString(),
        deadlineEpochDisplay: formatInteger(deadline),
        deadlineDateIso: isoUtcOf(due.usec),
        deadlineDateEstimated: due.estimated,
        deadlineQuarter: quarterOf(due.usec),
        descriptionText: transfer.description.text,
        descriptionHex: transfer.description.hex,
      };
    });
}

export interface DonorTableRow {
  address: string;
  cumulativeUnits: string;
  cumulativeLibra: string;
  /**
   * This donor's cumulative over all donors' cumulatives, in basis points (hundredths of a percent), rounded
   * down: floor(cumulative × 10,000 / total). Flooring never overstates anyone's share, so shares sum to at most
   * 100.00 % (the shortfall is under 0.01 % per donor). "0" when all receipts total zero.
   */
  shareBasisPoints: string;
  /** `shareBasisPoints` as a percentage with two decimals, e.g. `"12.34 %"`. */
  share: string;
  /** UTC day of the last payment (`YYYY-MM-DD`), or null when the receipt records none (timestamp 0). */
  lastPaymentDate: string | null;
  lastPaymentIso: string | null;
  lastPaymentValueUnits: string;
  lastPaymentValueLibra: string;
  /** Weight in veto ballots, or null where the framework does not count the account as a donor. */
  vetoWeightUnits: string | null;
  vetoWeightLibra: string | null;
}

/** Every donor, largest cumulative first; equal cumulatives by address (unique), so the order is total. */
export function donorRows(snapshot: Snapshot): DonorTableRow[] {
  let total = 0n;
  for (const donor of snapshot.donors) total += donor.cumulative;
  return [...snapshot.donors]
    .sort((a, b) => byBigintDesc(a.cumulative, b.cumulative) || compareText(a.address, b.address))
    .map((donor) => {
      const cumulative = donor.cumulative;
      const basisPoints = total === 0n ? 0n : (cumulative * 10_000n) / total;
      const lastSecs = donor.lastPaymentTimestampSecs;
      const lastUsec = lastSecs * USEC_PER_SECOND;
      const weight = donor.vetoWeight;
      return {
        address: donor.address,
        cumulativeUnits: donor.cumulative.toString(),
        cumulativeLibra: formatCoins(cumulative),
        shareBasisPoints: basisPoints.toString(),
        share: formatHundredthsPercent(basisPoints),
        lastPaymentDate: lastSecs === 0n ? null : dayOf(lastUsec),
        lastPaymentIso: lastSecs === 0n ? null : isoUtcOf(lastUsec),
        lastPaymentValueUnits: donor.lastPaymentValue.toString(),
        lastPaymentValueLibra: formatCoins(donor.lastPaymentValue),
        vetoWeightUnits: weight === null ? null : weight.toString(),
        vetoWeightLibra: weight === null ? null : formatCoins(weight),
      };
    });
}

/**
 * One ledger entry as the ledger download (`/data/ledger.csv`, `.json`, the audit bundle) writes it: only its
 * columns. The ledger pages have rows of their own (ledger-movements.ts); these are made twice per build, for 10^5
 * entries, so a field no column reads would be built and dropped 2 × 10^5 times.
 */
export interface LedgerTableRow {
  version: string;
  stream: "deposit" | "withdraw";
  /** Event sequence within its stream (with `stream`, the record's key). */
  sequence: string;
  category: LedgerCategory;
  dateIso: string;
  epoch: string;
  amountUnits: string;
  amountLibra: string;
  /** Running balance after this entry, accumulated from the opening balance (base units). */
  balanceAfterUnits: string;
  counterparty: string | null;
  transferUid: string | null;
  txHash: string;
  txFunction: string;
}

/**
 * Every ledger entry, oldest first, in the ledger's documented total order: version, then deposit before withdraw,
 * then sequence. The running balance is accumulated in that order from the opening balance, so the last row's
 * balance is the reconciled balance at V.
 */
export function ledgerRows(snapshot: Snapshot): LedgerTableRow[] {
  const streamRank = (stream: "deposit" | "withdraw") => (stream === "deposit" ? 0 : 1);
  const ordered = [...snapshot.ledger.entries].sort(
    (a, b) =>
      byBigintAsc(a.version, b.version) ||
      streamRank(a.stream) - streamRank(b.stream) ||
      byBigintAsc(a.sequence, b.sequence),
  );
  let running = snapshot.ledger.opening.amount;
  // A block's entries share its time, and ledger order keeps them together: each time is formatted once.
  let time: { usec: bigint; iso: string } | undefined;
  return ordered.map((entry) => {
    const amount = entry.amount;
    running += entry.stream === "deposit" ? amount : -amount;
    if (time?.usec !== entry.timestampUsec) time = { usec: entry.timestampUsec, iso: isoUtcOf(entry.timestampUsec) };
    return {
      version: entry.version.toString(),
      stream: entry.stream,
      sequence: entry.sequence.toString(),
      category: entry.category,
      dateIso: time.iso,
      epoch: entry.epoch.toString(),
      amountUnits: amount.toString(),
      amountLibra: formatCoins(amount),
      balanceAfterUnits: running.toString(),
      counterparty: entry.counterparty,
      transferUid: entry.transferUid === null ? null : entry.transferUid.toString(),
      txHash: entry.txHash,
      txFunction: entry.txFunction,
    };
  });
}

export interface VetoTableRow {
  ballotId: string;
  transferUid: string;
  /**
   * The chain's own status (`pending` = listed under `ballots_pending`). Not what the ballot means today: a pending
   * ballot may have lapsed; `readBallots` (`ballot-state.ts`) gives the real state for display.
   */
  status: VetoRecord["status"];
  /** The chain's ×100 integers (10000 = 100 %) and their display, e.g. `"1250"` / `"12.50 %"`. */
  approvalPct: string;
  approval: string;
  turnoutPct: string;
  turnout: string;
  requiredThresholdPct: string;
  requiredThreshold: string;
  minTurnoutPct: string;
  minTurnout: string;
  votesApproveUnits: string;
  votesRejectUnits: string;
  maxVotesUnits: string;
  deadlineEpoch: string;
  deadlineEpochDisplay: string;
}

/** Every veto ballot, newest first: ballot id descending (ids are unique). Percentages are exact, not rounded. */
export function vetoRows(snapshot: Snapshot): VetoTableRow[] {
  return [...snapshot.vetoes]
    .sort((a, b) => byBigintDesc(a.ballotId, b.ballotId))
    .map((ballot) => ({
      ballotId: ballot.ballotId.toString(),
      transferUid: ballot.transferUid.toString(),
      status: ballot.status,
      approvalPct: ballot.approvalPct.toString(),
      approval: formatHundredthsPercent(ballot.approvalPct),
      turnoutPct: ballot.turnoutPct.toString(),
      turnout: formatHundredthsPercent(ballot.turnoutPct),
      requiredThresholdPct: ballot.requiredThresholdPct.toString(),
      requiredThreshold: formatHundredthsPercent(ballot.requiredThresholdPct),
      minTurnoutPct: ballot.minTurnoutPct.toString(),
      minTurnout: formatHundredthsPercent(ballot.minTurnoutPct),
      votesApproveUnits: ballot.votesApprove.toString(),
      votesRejectUnits: ballot.votesReject.toString(),
      maxVotesUnits: ballot.maxVotes.toString(),
      deadlineEpoch: ballot.deadlineEpoch.toString(),
      deadlineEpochDisplay: formatInteger(ballot.deadlineEpoch),
    }));
}
