import type {
  ChangeRecord,
  LedgerEntry,
  Snapshot,
  TransferRecord,
  TransferStatus,
  VetoRecord,
} from "../../schemas/snapshot.ts";
import { normalizeAddress } from "../address.ts";
import { compareBigint } from "../compare.ts";
import { type FeeConfig, listDisbursements } from "../figures/fees.ts";
import { type BallotState, ballotState } from "../ledger/ballot-state.ts";
import { movementRowHref } from "../ledger/ledger-lists.ts";
import { pairByKey, recordIds } from "../ledger/sorted-pairs.ts";

/**
 * The difference between two snapshots of one wallet, in two steps: `diffSnapshots` computes the change record a
 * snapshot run stores in `changes.json` (counts and totals, from the two snapshots alone), and `explainChange`
 * fills in the detail a reader wants from the newer snapshot: amounts and payees of new transfers, when each
 * status change happened, veto tally movements, the reconciliation of the balance change and the fee totals.
 * `npm run diff`, the "what changed" page and the feed all go through these two functions and
 * `describeChange` (change-summary.ts), so they cannot tell different stories.
 */

/**
 * What a snapshot adds to the previous one, in counts and base units: the site's "what changed" page, the feed
 * and the plain-words diff all read this one computation. `previous` is null for a wallet's first snapshot.
 * Inputs must already satisfy `checkAppendOnly`, so new history is whatever lies past the previous records.
 */
export function diffSnapshots(
  previous: Omit<Snapshot, "changes"> | null,
  next: Omit<Snapshot, "changes">,
): ChangeRecord {
  const oldEntries = previous?.ledger.entries.length ?? 0;
  const added = next.ledger.entries.slice(oldEntries);
  let donationCount = 0;
  let donationTotal = 0n;
  let otherCount = 0;
  let otherTotal = 0n;
  let outCount = 0;
  let outTotal = 0n;
  for (const entry of added) {
    const amount = entry.amount;
    if (entry.category === "donation") {
      donationCount++;
      donationTotal += amount;
    } else if (entry.stream === "deposit") {
      otherCount++;
      otherTotal += amount;
    } else {
      outCount++;
      outTotal += amount;
    }
  }
  const knownDonors = new Set(previous?.donors.map((d) => d.address) ?? []);
  const newTransfers: bigint[] = [];
  const statusChanges: ChangeRecord["statusChanges"] = [];
  // The very list the previous snapshot held (a replayed run that changed no transfer) has nothing new.
  if (previous?.transfers !== next.transfers) {
    const previousStatus = transferStatusesBefore(previous?.transfers ?? [], next.transfers);
    next.transfers.forEach((transfer, index) => {
      const from = previousStatus(index);
      if (from === undefined) newTransfers.push(transfer.uid);
      else if (from !== transfer.status) statusChanges.push({ transferUid: transfer.uid, from, to: transfer.status });
    });
  }
  const sameBallots = previous?.vetoes === next.vetoes;
  const knownBallots = new Set(sameBallots ? [] : (previous?.vetoes.map((v) => v.ballotId) ?? []));
  return {
    ledgerVersion: next.meta.ledgerVersion,
    previousLedgerVersion: previous?.meta.ledgerVersion ?? null,
    epoch: next.meta.epoch,
    timestampUsec: next.meta.ledgerTimestampUsec,
    newDonations: {
      count: donationCount,
      total: donationTotal,
      newDonors: next.donors.filter((d) => !knownDonors.has(d.address)).length,
    },
    newOtherInflows: { count: otherCount, total: otherTotal },
    newOutflows: { count: outCount, total: outTotal },
    newTransfers,
    statusChanges,
    newVetoBallots: sameBallots ? [] : next.vetoes.filter((v) => !knownBallots.has(v.ballotId)).map((v) => v.ballotId),
    balance: { before: previous?.wallet.balance.coinStoreValue ?? null, after: next.wallet.balance.coinStoreValue },
  };
}

/**
 * The status each transfer of `next` had in `previous` (by its position in `next`; undefined for a new one): sorted
 * lists (as snapshots hold them) are paired in one walk (`pairByKey`), others through a map by uid.
 */
function transferStatusesBefore(
  previous: readonly TransferRecord[],
  next: readonly TransferRecord[],
): (index: number) => TransferStatus | undefined {
  const pairs = pairByKey(previous, next, recordIds.transfer);
  if (pairs) return (index) => pairs.before[index]?.status;
  const statuses = new Map<bigint, TransferStatus>(previous.map((t) => [t.uid, t.status]));
  return (index) => statuses.get((next[index] as TransferRecord).uid);
}

export interface TransferBrief {
  uid: bigint;
  amount: bigint;
  payee: string;
  /** Team or steward name from the program configuration, when the payee is known. */
  payeeName: string | null;
  /** Deadline and status as of the change (a later snapshot may know more). */
  deadlineEpoch: bigint;
  status: TransferStatus;
}

export interface StatusChangeDetail extends Omit<TransferBrief, "status"> {
  from: TransferStatus | null;
  to: TransferStatus;
  /** Epoch it happened in: the payment's epoch for `paid`, else the epoch of the snapshot that first saw it. */
  epoch: bigint | null;
  /** The payment transaction's version, for `paid` when the ledger links it. */
  txVersion: bigint | null;
}

export interface TallyPoint {
  status: VetoRecord["status"];
  /** ×100, as the chain keeps them (10000 = 100 %). */
  approvalPct: bigint;
  turnoutPct: bigint;
}

export interface BallotMovement {
  ballotId: bigint;
  transferUid: bigint;
  /** Null for a ballot opened in this change. */
  before: TallyPoint | null;
  after: TallyPoint;
  /**
   * What `after` means at this change's epoch (`ballot-state.ts`): a ballot the chain still lists as pending has
   * lapsed once its deadline epoch ended or its transfer was paid.
   */
  state: BallotState;
}

export interface SnapshotChange {
  ledgerVersion: bigint;
  previousLedgerVersion: bigint | null;
  epoch: bigint;
  timestampUsec: bigint;
  donations: ChangeRecord["newDonations"];
  newTransfers: TransferBrief[];
  statusChanges: StatusChangeDetail[];
  /** New ballots and ballots whose status or tally moved, by ballot id. */
  ballots: BallotMovement[];
  balance: {
    before: bigint | null;
    after: bigint;
    donations: bigint;
    otherInflows: ChangeRecord["newOtherInflows"];
    outflows: ChangeRecord["newOutflows"];
    /** before + donations + other inflows − outflows = after (always true for a snapshot that was written). */
    reconciles: boolean;
  };
  /** Fees paid to the stewards up to each version; null without a fee configuration. */
  fees: { before: bigint; after: bigint } | null;
  /**
   * The coin movements the change added, in ledger order, so that every count can name what it counts (each
   * donation, each payment, the advance included). Absent for a change described without its snapshot.
   */
  movements?: MovementBrief[];
  /**
   * The donors whose first donation in the ledger falls in this change, in the order of those first donations, so
   * that the new-donor count can name them. A first reading can count donors whose gifts are older than the
   * ledger's record; those have no first donation here and are not listed. Absent like `movements`.
   */
  newDonorAddresses?: string[];
}

/** One ledger movement of a change, as the sentences name it. */
export interface MovementBrief {
  /** The movement's row on the ledger page. */
  rowHref: string;
  stream: "deposit" | "withdraw";
  sequence: bigint;
  version: bigint;
  amount: bigint;
  category: Snapshot["ledger"]["entries"][number]["category"];
  counterparty: string | null;
  counterpartyName: string | null;
  transferUid: bigint | null;
}

export interface ExplainContext {
  /** Stewards and teams (names) and the fee rules, from the program configuration. */
  program?: FeeConfig;
}

/** Latest observation seen at or before `version`. */
function observedAt<S>(
  history: ReadonlyArray<{ state: S; seenAtLedgerVersion: bigint; seenAtEpoch: bigint }>,
  version: bigint,
) {
  let found: (typeof history)[number] | undefined;
  for (const observation of history) if (observation.seenAtLedgerVersion <= version) found = observation;
  return found;
}

/** Fee payments (version, amount) in version order, for totals at any version. */
function listFeePayments(snapshot: Snapshot, program: FeeConfig): Array<{ version: bigint; amount: bigint }> {
  const versionOf = new Map(
    snapshot.ledger.entries.filter((e) => e.stream === "withdraw").map((e) => [e.sequence, e.version]),
  );
  const payments: Array<{ version: bigint; amount: bigint }> = [];
  for (const d of listDisbursements(snapshot, program)) {
    if (d.classification.kind !== "fee" || d.state !== "paid" || d.ledgerSequence === null) continue;
    const version = versionOf.get(d.ledgerSequence);
    if (version !== undefined) payments.push({ version, amount: d.amount });
  }
  return payments;
}

/** What explaining any change of a snapshot reads from the whole snapshot (see `explainIndexOf`). */
interface ExplainIndex {
  transfers: Map<bigint, TransferRecord>;
  /** The payout entry of each transfer (the last one, should the ledger link two). */
  payouts: Map<bigint, LedgerEntry>;
  /** Veto ballots by ascending ballot id. */
  ballots: VetoRecord[];
  /** Indexes of the ledger entries by ascending version (then position), to find a change's movements by range. */
  byVersion: number[];
  /** Indexes of the entries that are a donor's first donation in the ledger. */
  firstDonations: Set<number>;
  /** Fee payments per fee configuration. */
  feePayments: WeakMap<FeeConfig, ReadonlyArray<{ version: bigint; amount: bigint }>>;
}

/**
 * Built once per snapshot: the changes page and the feed explain every change of the snapshot, and reading the
 * whole ledger, transfer list and disbursement list again for each change made them grow with changes x records.
 */
const explainIndexes = new WeakMap<Snapshot, ExplainIndex>();

function explainIndexOf(snapshot: Snapshot): ExplainIndex {
  let index = explainIndexes.get(snapshot);
  if (!index) {
    const entries = snapshot.ledger.entries;
    const firstDonors = new Set<string>();
    const firstDonations = new Set<number>();
    entries.forEach((entry, position) => {
      if (entry.category !== "donation" || entry.counterparty === null || firstDonors.has(entry.counterparty)) return;
      firstDonors.add(entry.counterparty);
      firstDonations.add(position);
    });
    index = {
      transfers: new Map(snapshot.transfers.map((t) => [t.uid, t])),
      payouts: new Map(
        entries
          .filter((e) => e.category === "payout" && e.transferUid !== null)
          .map((e) => [e.transferUid as bigint, e]),
      ),
      ballots: [...snapshot.vetoes].sort((a, b) => compareBigint(a.ballotId, b.ballotId)),
      byVersion: entries
        .map((_, position) => position)
        .sort(
          (a, b) => compareBigint((entries[a] as LedgerEntry).version, (entries[b] as LedgerEntry).version) || a - b,
        ),
      firstDonations,
      feePayments: new WeakMap(),
    };
    explainIndexes.set(snapshot, index);
  }
  return index;
}

function feePayments(snapshot: Snapshot, program: FeeConfig): ReadonlyArray<{ version: bigint; amount: bigint }> {
  const byConfig = explainIndexOf(snapshot).feePayments;
  let payments = byConfig.get(program);
  if (!payments) {
    payments = listFeePayments(snapshot, program);
    byConfig.set(program, payments);
  }
  return payments;
}

/** The first position in `byVersion` whose entry's version is above `version` (all of them when null). */
function firstAbove(entries: readonly LedgerEntry[], byVersion: readonly number[], version: bigint | null): number {
  if (version === null) return 0;
  let low = 0;
  let high = byVersion.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[byVersion[middle] as number] as LedgerEntry).version <= version) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Positions of the ledger entries with from < version <= to, in ledger order. */
function entriesBetween(snapshot: Snapshot, from: bigint | null, to: bigint): number[] {
  const { byVersion } = explainIndexOf(snapshot);
  const entries = snapshot.ledger.entries;
  return byVersion
    .slice(firstAbove(entries, byVersion, from), firstAbove(entries, byVersion, to))
    .sort((a, b) => a - b);
}

const feesUpTo = (payments: ReadonlyArray<{ version: bigint; amount: bigint }>, version: bigint) =>
  payments.reduce((sum, p) => (p.version <= version ? sum + p.amount : sum), 0n);

/**
 * The detail behind one change record, read from `snapshot`: the newer of the two snapshots, or any later one
 * (records are only ever added, so a later snapshot still holds everything the change touched).
 */
export function explainChange(record: ChangeRecord, snapshot: Snapshot, context: ExplainContext = {}): SnapshotChange {
  const names = new Map<string, string>();
  for (const team of context.program?.teams ?? []) names.set(normalizeAddress(team.address), team.name);
  for (const steward of context.program?.stewards ?? []) {
    names.set(normalizeAddress(steward), "the program's steward (administrative fee)");
  }
  const index = explainIndexOf(snapshot);
  const transfers = index.transfers;
  const to = record.ledgerVersion;
  const from = record.previousLedgerVersion === null ? null : record.previousLedgerVersion;
  const brief = (uid: bigint): TransferBrief => {
    const t = transfers.get(uid);
    const then = t ? observedAt(t.history, to)?.state : undefined;
    return {
      uid,
      amount: t?.amount ?? 0n,
      payee: t?.payee ?? "",
      payeeName: (t && names.get(t.payee)) ?? null,
      deadlineEpoch: then?.deadlineEpoch ?? t?.deadlineEpoch ?? 0n,
      status: then?.status ?? t?.status ?? "scheduled",
    };
  };
  const payouts = index.payouts;
  const statusChanges = record.statusChanges.map((change): StatusChangeDetail => {
    const payout = change.to === "paid" ? payouts.get(change.transferUid) : undefined;
    const seen = transfers
      .get(change.transferUid)
      ?.history.find((o) => o.state.status === change.to && o.seenAtLedgerVersion <= to);
    const { status: _now, ...transfer } = brief(change.transferUid);
    return {
      ...transfer,
      from: change.from,
      to: change.to,
      epoch: payout?.epoch ?? seen?.seenAtEpoch ?? null,
      txVersion: payout?.version ?? null,
    };
  });
  const ballots: BallotMovement[] = [];
  for (const ballot of index.ballots) {
    const after = observedAt(ballot.history, to);
    if (!after) continue;
    const before = from === null ? undefined : observedAt(ballot.history, from);
    if (before === after) continue;
    ballots.push({
      ballotId: ballot.ballotId,
      transferUid: ballot.transferUid,
      before: before ? { ...before.state } : null,
      after: { ...after.state },
      state: ballotState({
        status: after.state.status,
        deadlineEpoch: ballot.deadlineEpoch,
        snapshotEpoch: record.epoch,
        targetStatus: brief(ballot.transferUid).status,
      }),
    });
  }
  const balanceBefore = record.balance.before === null ? null : record.balance.before;
  const expected =
    (balanceBefore ?? 0n) + record.newDonations.total + record.newOtherInflows.total - record.newOutflows.total;
  const payments = context.program ? feePayments(snapshot, context.program) : null;
  // What the change added to the ledger: the movements after the previous reading's version, up to this one; and
  // the new donors by name: whose first donation in the ledger is one of those movements.
  const movements: MovementBrief[] = [];
  const newDonorAddresses: string[] = [];
  for (const position of entriesBetween(snapshot, from, to)) {
    const entry = snapshot.ledger.entries[position] as LedgerEntry;
    if (index.firstDonations.has(position)) newDonorAddresses.push(entry.counterparty as string);
    movements.push({
      rowHref: movementRowHref(snapshot.ledger.entries, position),
      stream: entry.stream,
      sequence: entry.sequence,
      version: entry.version,
      amount: entry.amount,
      category: entry.category,
      counterparty: entry.counterparty,
      counterpartyName: entry.counterparty === null ? null : (names.get(entry.counterparty) ?? null),
      transferUid: entry.transferUid,
    });
  }
  return {
    ledgerVersion: record.ledgerVersion,
    previousLedgerVersion: record.previousLedgerVersion,
    epoch: record.epoch,
    timestampUsec: record.timestampUsec,
    donations: record.newDonations,
    newTransfers: record.newTransfers.map(brief),
    statusChanges,
    ballots,
    balance: {
      before: record.balance.before,
      after: record.balance.after,
      donations: record.newDonations.total,
      otherInflows: record.newOtherInflows,
      outflows: record.newOutflows,
      // A first snapshot starts from the opening balance, not from zero: only later changes reconcile this way.
      reconciles: balanceBefore === null || expected === record.balance.after,
    },
    fees:
      payments === null
        ? null
        : {
            before: from === null ? 0n : feesUpTo(payments, from),
            after: feesUpTo(payments, to),
          },
    movements,
    newDonorAddresses,
  };
}
