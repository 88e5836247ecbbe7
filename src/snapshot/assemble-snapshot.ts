import type { z } from "zod";
import { compareBigint, compareText } from "../lib/compare.ts";
import { decodeDescription } from "../lib/description.ts";
import { type Attribution, attributeTransaction } from "../lib/ledger/attribution.ts";
import { recordSharedPrefix } from "../lib/ledger/list-lineage.ts";
import { appendObservation } from "../lib/ledger/record-history.ts";
import { diffSnapshots } from "../lib/reports/snapshot-diff.ts";
import { finishSlices, pauseAt, type Sliced } from "../lib/slices.ts";
import { type U64Key, u64Key } from "../lib/u64-key.ts";
import type { ChainEvent } from "../schemas/chain.ts";
import {
  AdvancesSchema,
  CoinEventDataSchema,
  CumulativeDepositsSchema,
  DonorAuthorizedSchema,
  FreezeSchema,
  GovernanceTrackerSchema,
  MultisigAccountSchema,
  NewEpochEventDataSchema,
  PaymentActionSchema,
  TurnoutBallotSchema,
  TxScheduleSchema,
  VetoGovernanceSchema,
} from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import {
  type DonorRecord,
  type EpochRecord,
  type LedgerEntry,
  type ProposalRecord,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  type SnapshotWallet,
  type TransferRecord,
  type TransferStatus,
  type VetoRecord,
} from "../schemas/snapshot.ts";
import type { EntryCache } from "./entry-cache.ts";
import {
  type ChainRead,
  COIN_STORE_TYPE,
  coinEventAmount,
  type LedgerRead,
  type TxRecord,
  VETO_GOVERNANCE_TYPE,
  type ViewsRead,
} from "./read-chain.ts";
import { buildStateRecords, entryPath, type StateList } from "./state-records.ts";

/**
 * Turns what a run read (`ChainRead`) plus the committed snapshot into the new snapshot. Pure: no network, no
 * filesystem, no clock, so the same inputs always give the same records. Record orders (the documented total
 * orders auditors rely on): ledger entries by (version, deposit before withdraw, sequence); transfers,
 * proposals, vetoes by numeric id; donors by address; epochs by number; changes by ledger version.
 */

export interface AssembleContext {
  nodeUrl: string;
  simulated: boolean;
  toolVersion: string;
  /** Entries parsed by an earlier run of the same replay (`verify`), reused where unchanged (`entry-cache.ts`). */
  entries?: EntryCache;
  /**
   * A replay's run that is not its last (`verify`): a transfer or proposal whose parsed entry is the very one its
   * record was built from, at the same place with the same status, keeps that record object instead of a new one
   * equal to it but for `provenance.ledgerVersion`, which then names the earlier run that read the same entry. Only
   * the last run's records are written, and it builds every record anew; the checks meet an unchanged record as the
   * same object and need not walk it again.
   */
  reuseUnchanged?: boolean;
}

/**
 * The wallet's resource `type` at the run's version, parsed with `schema`, or by `cached` (a replay's entry cache,
 * which gives what `schema` would) when there is one; undefined when the wallet has none.
 */
function resource<S extends z.ZodType>(
  read: ReadAt,
  type: string,
  schema: S,
  wallet: string,
  cached?: (raw: unknown, context: string) => z.output<S>,
): z.output<S> | undefined {
  const raw = read.resources.get(type);
  if (raw === undefined) return undefined;
  const context = `resource ${type} of ${wallet} at version ${read.version}`;
  return cached ? cached(raw, context) : parseOrThrow(schema, raw, context);
}

/** A payment's description decoded: once per parsed entry through a replay's entry cache, when there is one. */
function describePayment(entries: EntryCache | undefined, payment: { description: string }) {
  return entries ? entries.description(payment) : decodeDescription(payment.description);
}

/**
 * What the records built from the views need of the ledger's read: the version, epoch and resources at V (all a
 * run keeps of that read once the ledger's parts are assembled; its events and transactions are garbage by then).
 */
export type ReadAt = Pick<LedgerRead, "version" | "epoch" | "resources">;

const provenance = (read: Pick<ReadAt, "version">, path: string) => ({ ledgerVersion: read.version, path });

function buildWallet(read: LedgerRead, wallet: string): SnapshotWallet {
  const at = (type: string, field = "") => provenance(read, `${wallet}/${type}${field}`);
  const cumulative = resource(read, "0x1::cumulative_deposits::CumulativeDeposits", CumulativeDepositsSchema, wallet);
  const freeze = resource(read, "0x1::donor_voice_txs::Freeze", FreezeSchema, wallet);
  const reauth = resource(read, "0x1::donor_voice_reauth::DonorAuthorized", DonorAuthorizedSchema, wallet);
  const advances = resource(read, "0x1::community_wallet_advance::Advances", AdvancesSchema, wallet);
  const multisig = resource(read, "0x1::multisig_account::MultisigAccount", MultisigAccountSchema, wallet);
  const coinValue = read.balanceView.total;
  return {
    balance: {
      coinStoreValue: coinValue,
      unlocked: read.balanceView.unlocked,
      total: read.balanceView.total,
      provenance: at(COIN_STORE_TYPE, "/coin/value"),
    },
    cumulativeDeposits: {
      value: cumulative?.value ?? 0n,
      index: cumulative?.index ?? 0n,
      depositorCount: new Set(cumulative?.depositors ?? []).size,
      provenance: at("0x1::cumulative_deposits::CumulativeDeposits"),
    },
    freeze: {
      isFrozen: freeze?.is_frozen ?? false,
      consecutiveRejections: freeze?.consecutive_rejections ?? 0n,
      liquidateToMatchIndex: freeze?.liquidate_to_match_index ?? false,
      provenance: at("0x1::donor_voice_txs::Freeze"),
    },
    reauthorization: reauth
      ? {
          timestampSecs: reauth.timestamp,
          reauthRequired: reauth.reauth_required,
          provenance: at("0x1::donor_voice_reauth::DonorAuthorized"),
        }
      : null,
    advances: advances
      ? {
          balanceOutstanding: advances.balance_outstanding,
          lifetimeWithdrawals: advances.lifetime_withdrawals,
          lifetimeDeposits: advances.lifetime_deposits,
          provenance: at("0x1::community_wallet_advance::Advances"),
        }
      : null,
    otherBallots: [
      ...otherBallots(read, wallet, "reauthorization", "Reauth"),
      ...otherBallots(read, wallet, "liquidation", "Liquidate"),
    ],
    authorities: multisig
      ? {
          owners: [...multisig.owners].sort(),
          required: multisig.num_signatures_required,
          provenance: at("0x1::multisig_account::MultisigAccount"),
        }
      : null,
  };
}

/** Reauthorization or liquidation ballots: `Governance<TurnoutTally<Reauth | Liquidate>>` at the wallet. */
function otherBallots(read: LedgerRead, wallet: string, kind: "reauthorization" | "liquidation", data: string) {
  const type = `0x1::donor_voice_governance::Governance<0x1::turnout_tally::TurnoutTally<0x1::donor_voice_governance::${data}>>`;
  const governance = resource(read, type, GovernanceTrackerSchema, wallet);
  if (!governance) return [];
  const lists = [
    ["pending", governance.tracker.ballots_pending, "ballots_pending"],
    ["approved", governance.tracker.ballots_approved, "ballots_approved"],
    ["rejected", governance.tracker.ballots_rejected, "ballots_rejected"],
  ] as const;
  return lists
    .flatMap(([status, list, field]) =>
      list.map((raw, index) => {
        const path = `${wallet}/${type}/tracker/${field}/${index}`;
        const ballot = parseOrThrow(TurnoutBallotSchema, raw, path);
        return {
          kind,
          ballotId: ballot.guid.id.creation_num,
          status,
          approvalPct: ballot.tally_type.tally_approve_pct,
          turnoutPct: ballot.tally_type.tally_turnout_pct,
          provenance: provenance(read, path),
        };
      }),
    )
    .sort((a, b) => compareBigint(a.ballotId, b.ballotId));
}

/**
 * Epoch in force when the transaction at `version` ran: that of the last reconfiguration strictly before it (a
 * boundary's payouts belong to the epoch it closes). Before the first recorded reconfiguration it is the epoch
 * that one ended; with none recorded at all, the epoch at V. The answer is that of a walk from the first record up to
 * the first one at or after `version`; `epochs` are in version order (the chain-facts checks refuse a node's that
 * are not, and a committed snapshot's were checked so), so the walk's stop is found by binary search: a walk per
 * ledger entry was 10^5 entries × 10^3 epochs of bigint compares at bench scale. Should the order not hold, the walk
 * itself answers.
 */
export function epochLookup(epochs: readonly EpochRecord[], epochAtV: bigint): (version: bigint) => bigint {
  const first = epochs[0];
  if (!first) return () => epochAtV;
  const before = first.epoch - 1n;
  let ordered = true;
  for (let i = 1; i < epochs.length && ordered; i++)
    ordered = (epochs[i - 1] as EpochRecord).version <= (epochs[i] as EpochRecord).version;
  return (version) => {
    let stop: number;
    if (ordered) {
      // The first record at or after `version` (records before it are all before `version`).
      let low = 0;
      let high = epochs.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((epochs[middle] as EpochRecord).version < version) low = middle + 1;
        else high = middle;
      }
      stop = low;
    } else {
      stop = epochs.findIndex((record) => record.version >= version);
      if (stop < 0) stop = epochs.length;
    }
    return stop === 0 ? before : (epochs[stop - 1] as EpochRecord).epoch;
  };
}

function buildEpochs(previous: Snapshot | null, read: LedgerRead): EpochRecord[] {
  const added = read.events.newEpochs.map((event) => {
    const { epoch } = parseOrThrow(NewEpochEventDataSchema, event.data, `NewEpochEvent #${event.sequence_number}`);
    const tx = read.transactions.get(event.version);
    return {
      epoch: epoch,
      version: event.version,
      timestampUsec: tx?.timestampUsec ?? 0n,
    };
  });
  return extended(previous?.epochs, added);
}

/** `before`'s elements, then `added`, recorded as sharing all of `before` (the append-only check skips them). */
function extended<T>(before: readonly T[] | undefined, added: readonly T[]): T[] {
  if (before === undefined) return [...added];
  const list = before.concat(added);
  recordSharedPrefix(list, before, before.length);
  return list;
}

function* buildLedgerEntries(
  previous: Snapshot | null,
  read: LedgerRead,
  wallet: string,
  epochs: EpochRecord[],
): Sliced<LedgerEntry[]> {
  const streams = {
    wallet,
    depositCreationNumber: read.creationNumbers.deposits,
    withdrawCreationNumber: read.creationNumbers.withdrawals,
  };
  // Attributions by stream and sequence number (`u64Key`: a number, which a Map hashes far faster than a bigint;
  // with bigint keys these maps were a third of assembling a snapshot). Each transaction is attributed once, known
  // by its record (one object per version, hashed by identity, not by a bigint's value), and each event's record is
  // looked up once, kept in event order for the entries below.
  const byStream = { deposit: new Map<U64Key, Attribution>(), withdraw: new Map<U64Key, Attribution>() };
  const attributed = new Set<TxRecord>();
  const txOfEvent: TxRecord[] = [];
  for (const events of [read.events.deposits, read.events.withdrawals]) {
    for (let i = 0; i < events.length; i++) {
      if (pauseAt(i)) yield;
      const event = events[i] as ChainEvent;
      const tx = read.transactions.get(event.version);
      if (!tx) throw new Error(`transaction ${event.version} was not read`);
      txOfEvent.push(tx);
      if (attributed.has(tx)) continue;
      attributed.add(tx);
      for (const attribution of attributeTransaction(streams, tx)) {
        byStream[attribution.stream].set(u64Key(attribution.sequence), attribution);
      }
    }
  }
  const epochAt = epochLookup(epochs, read.epoch);
  const added: LedgerEntry[] = [];
  let eventIndex = 0;
  for (const [stream, events] of [
    ["deposit", read.events.deposits],
    ["withdraw", read.events.withdrawals],
  ] as const) {
    for (let i = 0; i < events.length; i++) {
      if (pauseAt(i)) yield;
      const event = events[i] as ChainEvent;
      const tx = txOfEvent[eventIndex++] as TxRecord;
      const attribution = byStream[stream].get(u64Key(event.sequence_number));
      // The schema is asked only for data the fast reading refuses, to name what is wrong.
      const amount =
        coinEventAmount(event.data) ??
        parseOrThrow(CoinEventDataSchema, event.data, `${stream} event #${event.sequence_number}`).amount;
      added.push({
        stream,
        sequence: event.sequence_number,
        version: event.version,
        timestampUsec: tx.timestampUsec,
        epoch: epochAt(event.version),
        amount: amount,
        // An event the transaction does not list under the wallet's handle cannot be attributed: say so.
        category: attribution?.category ?? (stream === "deposit" ? "other-inflow" : "other-outflow"),
        counterparty: attribution?.counterparty ?? null,
        transferUid: null,
        txHash: tx.hash,
        txSender: tx.sender,
        txFunction: tx.function,
      });
    }
  }
  yield;
  added.sort(
    (a, b) =>
      compareBigint(a.version, b.version) ||
      (a.stream === b.stream ? 0 : a.stream === "deposit" ? -1 : 1) ||
      compareBigint(a.sequence, b.sequence),
  );
  // One copy by concat, which allocates the result once: spreading two arrays grows it as it goes, and at 10^4
  // entries every growth is a fresh large object (in the benchmark's VM, page faults cost more than the copy).
  return (previous?.ledger.entries ?? []).concat(added);
}

function statusOfScheduled(deadline: bigint, epoch: bigint): TransferStatus {
  // Deadline D is paid at the boundary that closes epoch D; once the chain is past D, that payment failed.
  return deadline < epoch ? "overdue" : "scheduled";
}

function buildTransfers(
  previous: Snapshot | null,
  read: LedgerRead,
  wallet: string,
  entries: EntryCache | undefined,
  reuse?: boolean,
): TransferRecord[] {
  const schedule = resource(read, "0x1::donor_voice_txs::TxSchedule", TxScheduleSchema, wallet, entries?.schedule);
  const at = { ledgerVersion: read.version, epoch: read.epoch };
  const listPath = (field: string) => `${wallet}/0x1::donor_voice_txs::TxSchedule/${field}`;
  type Entry = z.output<typeof TxScheduleSchema>["paid"][number];
  const lists: Array<StateList<Entry>> = [
    {
      entries: schedule?.scheduled ?? [],
      status: (t) => statusOfScheduled(t.deadline, read.epoch),
      listPath: listPath("scheduled"),
    },
    { entries: schedule?.paid ?? [], status: "paid", listPath: listPath("paid") },
    { entries: schedule?.veto ?? [], status: "vetoed", listPath: listPath("veto") },
  ];
  return buildStateRecords<Entry, TransferRecord>(
    previous?.transfers,
    lists,
    {
      idOf: (transfer) => transfer.uid.creation_num,
      recordId: (record) => record.uid,
      build(transfer, status, path, before) {
        const deadlineEpoch = transfer.deadline;
        const record: TransferRecord = {
          uid: transfer.uid.creation_num,
          payee: transfer.tx.payee,
          amount: transfer.tx.value,
          description: describePayment(entries, transfer.tx),
          status: status as TransferStatus,
          deadlineEpoch,
          history: appendObservation(before?.history, { status: status as TransferStatus, deadlineEpoch }, at),
          provenance: provenance(read, path),
        };
        entries?.built(transfer, record);
        return record;
      },
    },
    reuse && entries ? { entries, kind: "transfers" } : undefined,
  );
}

/** Which transfers a ledger list links, and its unlinked payouts by payee and amount (indexes, in ledger order). */
interface PayoutIndex {
  linked: Set<bigint>;
  candidates: Map<string, number[]>;
  /**
   * The transfer list last linked against this index, and per position whether its transfer needs no link: not paid,
   * or linked (a record object's status never changes, and a linked uid stays linked), so the same object at the
   * same position next run is passed over without being read.
   */
  settled?: { transfers: readonly TransferRecord[]; flags: Uint8Array };
}

/**
 * The index of the list `linkPayouts` last returned, by that list: the next run's list starts with it (the same
 * entries, as `buildLedgerEntries` copies them), so the index needs only the run's added entries. Taken out when
 * used (it is then extended for the new list in place), so a list assembled on twice is indexed afresh.
 */
const payoutIndexes = new WeakMap<readonly LedgerEntry[], PayoutIndex>();

/** Adds `entries[from..]` to `index`. */
function indexPayouts(index: PayoutIndex, entries: readonly LedgerEntry[], from: number): void {
  for (let i = from; i < entries.length; i++) {
    const entry = entries[i] as LedgerEntry;
    if (entry.transferUid !== null) {
      index.linked.add(entry.transferUid);
      continue;
    }
    if (entry.category !== "payout" || entry.counterparty === null) continue;
    const key = `${entry.counterparty} ${entry.amount}`;
    const list = index.candidates.get(key);
    if (list === undefined) index.candidates.set(key, [i]);
    else list.push(i);
  }
}

/**
 * Links each paid transfer to the boundary payout that settled it: same payee and amount, at or after its deadline.
 * Entries it does not link are kept as the same objects (a linked one is a copy), so the append-only check and the
 * next run see untouched history as untouched without comparing it field by field. `entries` is the run's own new
 * list (`buildLedgerEntries`: `before`'s entries, then the run's), which no snapshot holds yet: a linked entry
 * replaces its element in place, with no copy of the whole list. When `before` is the list this function last
 * returned, its index is extended by the run's entries instead of built over all of them (a replay's runs each add
 * a few entries to 10^4).
 */
export function linkPayouts(
  entries: LedgerEntry[],
  before: readonly LedgerEntry[] | undefined,
  transfers: readonly TransferRecord[],
): LedgerEntry[] {
  const kept = before === undefined ? undefined : payoutIndexes.get(before);
  if (before !== undefined) payoutIndexes.delete(before);
  const index = kept ?? { linked: new Set<bigint>(), candidates: new Map<string, number[]>() };
  indexPayouts(index, entries, kept === undefined ? 0 : (before as readonly LedgerEntry[]).length);
  const last = index.settled;
  const flags = new Uint8Array(transfers.length);
  const paid: TransferRecord[] = [];
  const positions = new Map<TransferRecord, number>();
  for (let i = 0; i < transfers.length; i++) {
    const transfer = transfers[i] as TransferRecord;
    if (last !== undefined && last.transfers[i] === transfer && last.flags[i] === 1) flags[i] = 1;
    else if (transfer.status !== "paid" || index.linked.has(transfer.uid)) flags[i] = 1;
    else {
      paid.push(transfer);
      positions.set(transfer, i);
    }
  }
  paid.sort((a, b) => compareBigint(a.deadlineEpoch, b.deadlineEpoch) || compareBigint(a.uid, b.uid));
  // Each transfer looks only at its own few candidates (a scan of every entry per transfer was quadratic at 10^5
  // entries). The first candidate in ledger order wins.
  const result = entries;
  // The entries `before` had are `entries`' first ones (`buildLedgerEntries` copies them), up to the first one linked
  // here: from then on the lists do not change, so the append-only check skips what they share.
  let shared = before === undefined ? 0 : Math.min(before.length, entries.length);
  for (const transfer of paid) {
    const match = index.candidates
      .get(`${transfer.payee} ${transfer.amount}`)
      ?.find((at) => result[at]?.transferUid === null && (result[at]?.epoch ?? 0n) >= transfer.deadlineEpoch);
    const entry = match === undefined ? undefined : result[match];
    if (match !== undefined && entry) {
      result[match] = { ...entry, transferUid: transfer.uid };
      index.linked.add(transfer.uid);
      flags[positions.get(transfer) as number] = 1;
      shared = Math.min(shared, match);
    }
  }
  index.settled = { transfers, flags };
  payoutIndexes.set(result, index);
  if (before !== undefined) recordSharedPrefix(result, before, shared);
  return result;
}

function buildProposals(
  previous: Snapshot | null,
  read: LedgerRead,
  wallet: string,
  entries: EntryCache | undefined,
  reuse?: boolean,
): ProposalRecord[] {
  const type = "0x1::multi_action::Action<0x1::donor_voice_txs::Payment>";
  const action = resource(read, type, PaymentActionSchema, wallet, entries?.paymentAction);
  const at = { ledgerVersion: read.version, epoch: read.epoch };
  type Entry = z.output<typeof PaymentActionSchema>["vote"]["ballots_pending"][number];
  const list = (
    status: ProposalRecord["status"],
    ballots: readonly Entry[] | undefined,
    field: string,
  ): StateList<Entry> => ({
    entries: ballots ?? [],
    status,
    listPath: `${wallet}/${type}/vote/${field}`,
  });
  return buildStateRecords<Entry, ProposalRecord>(
    previous?.proposals,
    [
      list("pending", action?.vote.ballots_pending, "ballots_pending"),
      list("approved", action?.vote.ballots_approved, "ballots_approved"),
      list("rejected", action?.vote.ballots_rejected, "ballots_rejected"),
    ],
    {
      idOf: (ballot) => ballot.guid.id.creation_num,
      recordId: (record) => record.id,
      build(ballot, status, path, before) {
        const votes = [...ballot.tally_type.votes].sort();
        const record: ProposalRecord = {
          id: ballot.guid.id.creation_num,
          payee: ballot.tally_type.proposal_data.payee,
          amount: ballot.tally_type.proposal_data.value,
          description: describePayment(entries, ballot.tally_type.proposal_data),
          status: status as ProposalRecord["status"],
          votes,
          approved: ballot.tally_type.approved,
          expirationEpoch: ballot.tally_type.expiration_epoch,
          history: appendObservation(
            before?.history,
            { status: status as ProposalRecord["status"], votes: votes.length },
            at,
          ),
          provenance: provenance(read, path),
        };
        entries?.built(ballot, record);
        return record;
      },
    },
    reuse && entries ? { entries, kind: "proposals" } : undefined,
  );
}

function buildVetoes(previous: Snapshot | null, read: ReadAt & ViewsRead, wallet: string): VetoRecord[] {
  const governance = resource(read, VETO_GOVERNANCE_TYPE, VetoGovernanceSchema, wallet);
  const at = { ledgerVersion: read.version, epoch: read.epoch };
  const old = new Map(previous?.vetoes.map((v) => [v.ballotId, v]) ?? []);
  const records = new Map<bigint, VetoRecord>();
  const lists = [
    ["pending", governance?.tracker.ballots_pending ?? [], "ballots_pending"],
    ["passed", governance?.tracker.ballots_approved ?? [], "ballots_approved"],
    ["failed", governance?.tracker.ballots_rejected ?? [], "ballots_rejected"],
  ] as const;
  for (const [status, list, field] of lists) {
    const listPath = `${wallet}/${VETO_GOVERNANCE_TYPE}/tracker/${field}`;
    list.forEach((ballot, index) => {
      const id = ballot.guid.id.creation_num;
      const tally = ballot.tally_type;
      const view = read.vetoTallies.get(id);
      const approvalPct = tally.tally_approve_pct;
      const turnoutPct = tally.tally_turnout_pct;
      records.set(id, {
        ballotId: id,
        transferUid: tally.data.guid.creation_num,
        status,
        approvalPct,
        turnoutPct,
        requiredThresholdPct: view?.[2] ?? 0n,
        minTurnoutPct: tally.cfg_min_turnout,
        votesApprove: tally.votes_approve,
        votesReject: tally.votes_reject,
        maxVotes: tally.max_votes,
        // biome-ignore lint/complexity/useMathMinMax: bigint operands; Math.max only takes numbers.
        deadlineEpoch: tally.extended_deadline > tally.cfg_deadline ? tally.extended_deadline : tally.cfg_deadline,
        history: appendObservation(old.get(id)?.history, { status, approvalPct, turnoutPct }, at),
        provenance: provenance(read, entryPath(listPath, index)),
      });
    });
  }
  for (const [id, record] of old) if (!records.has(id)) records.set(id, record);
  return [...records.values()].sort((a, b) => compareBigint(a.ballotId, b.ballotId));
}

function buildDonors(read: ReadAt & ViewsRead, wallet: string): DonorRecord[] {
  return [...read.receipts]
    .map(([address, receipt]) => ({
      address,
      cumulative: receipt.cumulative,
      lastPaymentTimestampSecs: receipt.lastPaymentSecs,
      lastPaymentValue: receipt.lastPaymentValue,
      vetoWeight: receipt.vetoWeight,
      provenance: provenance(read, `0x1::receipts::read_receipt(${address}, ${wallet})`),
    }))
    .sort((a, b) => compareText(a.address, b.address));
}

/** The parts of a snapshot that its ledger's read decides: all but the donors, the vetoes and the changes. */
export type LedgerParts = Omit<Snapshot, "donors" | "vetoes" | "changes">;

/** Assembles a snapshot from a whole run's read (`assembleLedgerParts`, then `completeSnapshot`). */
export function assembleSnapshot(
  previous: Snapshot | null,
  read: ChainRead,
  wallet: string,
  context: AssembleContext,
): Snapshot {
  return completeSnapshot(previous, assembleLedgerParts(previous, read, wallet, context), read, wallet);
}

/**
 * The parts a run can assemble from its ledger's read alone, before its views are in (`startChainRead`): a snapshot
 * run writes and checks them while the views are still read.
 */
export function assembleLedgerParts(
  previous: Snapshot | null,
  read: LedgerRead,
  wallet: string,
  context: AssembleContext,
): LedgerParts {
  return finishSlices(assembleLedgerPartsInSlices(previous, read, wallet, context));
}

/** `assembleLedgerParts` as sliced work (`src/lib/slices.ts`): a pause point between its parts and in its ledger's loops. */
export function* assembleLedgerPartsInSlices(
  previous: Snapshot | null,
  read: LedgerRead,
  wallet: string,
  context: AssembleContext,
): Sliced<LedgerParts> {
  const epochs = buildEpochs(previous, read);
  context.entries?.nextRun();
  const transfers = buildTransfers(previous, read, wallet, context.entries, context.reuseUnchanged);
  // In the order the parts always were built (the first refusal met is the one reported).
  const walletPart = buildWallet(read, wallet);
  yield;
  const entries = yield* buildLedgerEntries(previous, read, wallet, epochs);
  yield;
  const linked = linkPayouts(entries, previous?.ledger.entries, transfers);
  yield;
  const proposals = buildProposals(previous, read, wallet, context.entries, context.reuseUnchanged);
  const opening = previous?.ledger.opening ?? {
    amount: read.opening?.amount ?? 0n,
    provenance: {
      ledgerVersion: read.opening?.ledgerVersion ?? read.version,
      path: `${wallet}/${COIN_STORE_TYPE}/coin/value`,
    },
  };
  return {
    meta: {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      toolVersion: context.toolVersion,
      chainId: read.info.chain_id,
      nodeUrl: context.nodeUrl,
      wallet,
      ledgerVersion: read.version,
      ledgerTimestampUsec: read.timestampUsec,
      epoch: read.epoch,
      previousLedgerVersion: previous?.meta.ledgerVersion ?? null,
      eventCursors: {
        deposits: read.cursors.deposits,
        withdrawals: read.cursors.withdrawals,
        newEpochs: read.cursors.newEpochs,
      },
      simulated: context.simulated,
    },
    wallet: walletPart,
    ledger: { opening, entries: linked },
    transfers,
    proposals,
    epochs,
  };
}

/**
 * The whole snapshot: the ledger's parts (`assembleLedgerParts`) with the vetoes and donors of the views, and the
 * changes since `previous`.
 */
export function completeSnapshot(
  previous: Snapshot | null,
  parts: LedgerParts,
  read: ReadAt & ViewsRead,
  wallet: string,
): Snapshot {
  // The keys in the order `assembleSnapshot` always gave them (`diffSnapshots` and the writers walk parts by name).
  const next: Omit<Snapshot, "changes"> = {
    meta: parts.meta,
    wallet: parts.wallet,
    ledger: parts.ledger,
    transfers: parts.transfers,
    proposals: parts.proposals,
    vetoes: buildVetoes(previous, read, wallet),
    donors: buildDonors(read, wallet),
    epochs: parts.epochs,
  };
  return { ...next, changes: extended(previous?.changes, [diffSnapshots(previous, next)]) };
}
