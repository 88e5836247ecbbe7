import type { LedgerEntry, Snapshot, TransferRecord } from "../../schemas/snapshot.ts";
import { sharedPrefixLength } from "./list-lineage.ts";
import type { BooksResult } from "./reconcile.ts";
import { indexOfKey, pairByKey, recordIds, strictlyIncreasing } from "./sorted-pairs.ts";

/**
 * Every rule a snapshot's records must keep among themselves, checked before a snapshot is written and before a
 * committed one is built or published. The node is not trusted alone: a status is checked against the money, a
 * time against the versions around it, a counter against the records it counts. Each rule has a stable id, one
 * plain sentence for the methodology page (the page is generated from `SNAPSHOT_INVARIANTS`, so the page and the
 * code cannot drift), and each violation names the file and the record.
 *
 * One pass per file, with maps for the cross-references: the check stays linear at 10^5 ledger entries, and no
 * loop is driven by a number read from the files (only by the records themselves).
 */

export interface Invariant {
  /** Stable id, kebab-case; named in every violation and on the methodology page. */
  readonly id: string;
  /** The rule in plain words, for the public. */
  readonly statement: string;
}

export interface Violation {
  /** The id of the broken invariant. */
  invariant: string;
  /** Which file and record, and what is wrong with it. */
  message: string;
}

export const SNAPSHOT_INVARIANTS = [
  {
    id: "books-balance",
    statement:
      "The books balance: the opening balance plus every recorded inflow minus every recorded outflow equals the wallet's balance on chain, to the last base unit.",
  },
  {
    id: "balance-views-agree",
    statement:
      "The two ways the chain reports the balance agree: the balance view's total equals the coin store, and its unlocked part is not larger than the total.",
  },
  {
    id: "entry-kinds",
    statement:
      "Money coming in is a donation or another inflow, money going out is a payout, an advance or another outflow, and every donation names its donor.",
  },
  {
    id: "ledger-order",
    statement:
      "Ledger entries are in the order of the chain: by transaction version, deposits before withdrawals within one transaction, then by event number, with no entry twice.",
  },
  {
    id: "event-numbers-contiguous",
    statement:
      "Deposit and withdrawal events are numbered 0, 1, 2, … without a gap, and the count of each equals where the next snapshot will continue reading.",
  },
  {
    id: "epoch-count",
    statement:
      "Every epoch change read so far is recorded, and only those: their count equals where the next read continues.",
  },
  {
    id: "versions-within-snapshot",
    statement:
      "Nothing is dated after the snapshot: every ledger entry, epoch record and record source is at or before the ledger version the snapshot was read at, and every movement comes after the opening balance.",
  },
  {
    id: "times-plausible",
    statement:
      "Every time is plausible: no movement or epoch is dated 1 January 1970 (a missing time) or later than the chain's time when the snapshot was read, and that time is before the year 10000.",
  },
  {
    id: "times-follow-versions",
    statement:
      "Time never goes backwards: a later transaction never has an earlier time than an earlier one, in the ledger and in the epoch records.",
  },
  {
    id: "epochs-increasing",
    statement:
      "Epochs only go forward: each epoch record has a higher epoch number and a later version than the one before, and none is past the snapshot's epoch.",
  },
  {
    id: "entry-epochs",
    statement:
      "Each movement's epoch is the one in force when it happened, as the epoch records date them, and never past the snapshot's epoch.",
  },
  {
    id: "paid-transfer-has-payout",
    statement:
      "A transfer marked paid has its payment among the withdrawals: one payout to the same payee, of the same amount, at or after its deadline.",
  },
  {
    id: "payout-names-paid-transfer",
    statement:
      "A payment linked to a transfer is a payout, names a transfer that exists and is marked paid, goes to its payee for its amount, and is the only payment linked to it.",
  },
  {
    id: "unpaid-transfer-has-no-payout",
    statement: "A transfer that is scheduled, overdue or vetoed has no payment linked to it.",
  },
  {
    id: "transfer-status-matches-deadline",
    statement:
      "A transfer still waiting is called scheduled while its deadline epoch has not passed, and overdue once it has.",
  },
  {
    id: "deadlines-plausible",
    statement:
      "Deadlines are near: no transfer, veto ballot or payment proposal ends more than 1,000 epochs after the snapshot's epoch (the chain sets them a few epochs ahead).",
  },
  {
    id: "veto-names-transfer",
    statement:
      "Every veto ballot is about a transfer that exists; a veto that passed stopped its transfer (the transfer is vetoed), and a vetoed transfer has a veto that passed.",
  },
  {
    id: "history-ordered",
    statement:
      "Each record's history of statuses is in the order it was seen, each observation at a later ledger version, none after the snapshot.",
  },
  {
    id: "history-ends-at-current-state",
    statement: "The last observation in each record's history is the state the record shows now.",
  },
  {
    id: "proposal-approval-flag",
    statement: "A payment proposal is flagged approved exactly when its status is approved.",
  },
  {
    id: "records-unique",
    statement:
      "No record appears twice: one transfer per id, one proposal per id, one veto ballot per id, one receipt per donor.",
  },
  {
    id: "donations-within-receipts",
    statement:
      "Every donor seen in the ledger has a receipt, and the receipt is never lower than the donations the ledger records from that donor.",
  },
  {
    id: "donations-within-cumulative-deposits",
    statement: "The donations the ledger records add up to no more than the wallet's own count of all-time donations.",
  },
  {
    id: "change-log-chained",
    statement:
      "The log of snapshot runs is a chain: each run starts where the previous one ended, its balance before is the previous balance after, and the last run is this snapshot (its version, epoch, time and balance).",
  },
  {
    id: "change-log-adds-up",
    statement:
      "The log of snapshot runs adds up to the ledger: the donations, other inflows and outflows each run reported sum to those recorded, and every transfer it reported as new exists.",
  },
  {
    id: "previous-version-older",
    statement: "A snapshot's previous ledger version is older than its own.",
  },
] as const satisfies readonly Invariant[];

export type InvariantId = (typeof SNAPSHOT_INVARIANTS)[number]["id"];

/** The first µs of the year 10000 (`monthBounds("10000-01").startUsec`): pages print four-digit years. */
export const LATEST_PLAUSIBLE_USEC = 253_402_300_800_000_000n;

/** How far past the snapshot's epoch a deadline may lie; the chain sets deadlines a few epochs ahead. */
export const MAX_EPOCHS_AHEAD = 1_000n;

/** At most this many violations per invariant are spelled out (a wholly wrong file must not print 10^5 lines). */
export const VIOLATIONS_SHOWN_PER_INVARIANT = 5;

/** Collects violations, keeping the first few per invariant and counting the rest. */
class Report {
  readonly shown: Violation[] = [];
  private readonly counts = new Map<string, number>();
  /** Violations added so far. */
  added = 0;
  add(invariant: InvariantId, message: string): void {
    this.added++;
    const count = (this.counts.get(invariant) ?? 0) + 1;
    this.counts.set(invariant, count);
    if (count <= VIOLATIONS_SHOWN_PER_INVARIANT) this.shown.push({ invariant, message });
  }
  result(): Violation[] {
    const out = [...this.shown];
    for (const [invariant, count] of this.counts) {
      if (count > VIOLATIONS_SHOWN_PER_INVARIANT) {
        out.push({
          invariant,
          message: `… and ${count - VIOLATIONS_SHOWN_PER_INVARIANT} more records break this rule.`,
        });
      }
    }
    return out;
  }
}

/** An entry as a record of the ledger: `deposit event #3 (tx version 5)`. */
const eventName = (entry: LedgerEntry) => `${entry.stream} event #${entry.sequence} (tx version ${entry.version})`;
/** The same with its file, to open a message. */
const entryName = (entry: LedgerEntry) => `ledger.json: ${eventName(entry)}`;

const streamRank = (stream: LedgerEntry["stream"]) => (stream === "deposit" ? 0 : 1);

function checkBooks(snapshot: Snapshot, report: Report, sums: LedgerSums): void {
  const expected = snapshot.ledger.opening.amount + sums.inflows - sums.outflows;
  const balanceNow = snapshot.wallet.balance.coinStoreValue;
  if (balanceNow !== expected) {
    report.add(
      "books-balance",
      `ledger.json + wallet.json: opening ${snapshot.ledger.opening.amount} + inflows ${sums.inflows} − outflows ${sums.outflows} = ${expected}, but the balance at version ${snapshot.meta.ledgerVersion} is ${balanceNow} (difference ${balanceNow - expected} base units).`,
    );
  }
  const { balance } = snapshot.wallet;
  if (balance.total !== balance.coinStoreValue || balance.unlocked > balance.total) {
    report.add(
      "balance-views-agree",
      `wallet.json: balance: coin store ${balance.coinStoreValue}, view total ${balance.total}, unlocked ${balance.unlocked}.`,
    );
  }
}

/**
 * One pass over the ledger: kinds, order, event numbers, versions, times and epochs of every entry from index
 * `from` on (the entries before it already kept these rules: `since`, below; they count as numbered 0, 1, 2, …).
 */
function checkLedger(snapshot: Snapshot, report: Report, from: number, before: LedgerSums): void {
  const { meta, ledger, epochs } = snapshot;
  const next = { deposit: BigInt(before.deposits), withdraw: BigInt(before.withdrawals) };
  const openingVersion = ledger.opening.provenance.ledgerVersion;
  let epochIndex = -1;
  let previous: LedgerEntry | undefined = ledger.entries[from - 1];
  for (let index = from; index < ledger.entries.length; index++) {
    const entry = ledger.entries[index] as LedgerEntry;
    const name = entryName(entry);
    const inflow = entry.category === "donation" || entry.category === "other-inflow";
    if (inflow !== (entry.stream === "deposit")) {
      report.add("entry-kinds", `${name}: a ${entry.stream} cannot be a ${entry.category}.`);
    } else if (entry.category === "donation" && entry.counterparty === null) {
      report.add("entry-kinds", `${name}: a donation that names no donor.`);
    }
    if (previous) {
      const order =
        entry.version > previous.version ||
        (entry.version === previous.version &&
          (streamRank(entry.stream) > streamRank(previous.stream) ||
            (entry.stream === previous.stream && entry.sequence > previous.sequence)));
      if (!order) report.add("ledger-order", `${name} comes after ${eventName(previous)}.`);
      if (entry.version > previous.version && entry.timestampUsec < previous.timestampUsec) {
        report.add(
          "times-follow-versions",
          `${name}: time ${entry.timestampUsec} µs is earlier than ${previous.timestampUsec} µs at version ${previous.version}.`,
        );
      } else if (entry.version === previous.version && entry.timestampUsec !== previous.timestampUsec) {
        report.add("times-follow-versions", `${name}: two different times within one transaction.`);
      }
    }
    if (entry.sequence !== next[entry.stream]) {
      report.add(
        "event-numbers-contiguous",
        `${name}: expected ${entry.stream} event #${next[entry.stream]} here (a gap or a repeat).`,
      );
    }
    if (entry.sequence >= next[entry.stream]) next[entry.stream] = entry.sequence + 1n;
    if (entry.version > meta.ledgerVersion) {
      report.add(
        "versions-within-snapshot",
        `${name}: version ${entry.version} is after the snapshot's ledger version ${meta.ledgerVersion}.`,
      );
    } else if (entry.version <= openingVersion && !(entry.version === 0n && openingVersion === 0n)) {
      report.add(
        "versions-within-snapshot",
        `${name}: version ${entry.version} is not after the opening balance (read at version ${openingVersion}).`,
      );
    }
    if ((entry.timestampUsec === 0n && entry.version !== 0n) || entry.timestampUsec > meta.ledgerTimestampUsec) {
      report.add(
        "times-plausible",
        `${name}: time ${entry.timestampUsec} µs is outside (0, ${meta.ledgerTimestampUsec}], the chain's time at version ${meta.ledgerVersion}.`,
      );
    }
    // The epoch in force: that of the last reconfiguration strictly before the entry (a boundary's payouts belong
    // to the epoch it closes); before the first record, an earlier epoch than the first record's.
    while (epochIndex + 1 < epochs.length && (epochs[epochIndex + 1]?.version ?? 0n) < entry.version) epochIndex++;
    const inForce = epochs[epochIndex];
    const first = epochs[0];
    const epochWrong =
      entry.epoch > meta.epoch ||
      (inForce !== undefined && entry.epoch !== inForce.epoch) ||
      (inForce === undefined && first !== undefined && entry.epoch >= first.epoch) ||
      (previous !== undefined && entry.epoch < previous.epoch);
    if (epochWrong) {
      const expected = inForce ? `epoch ${inForce.epoch} (from version ${inForce.version})` : "an earlier epoch";
      report.add(
        "entry-epochs",
        `${name}: epoch ${entry.epoch}, but the epoch records put it in ${expected}; the snapshot is at epoch ${meta.epoch}.`,
      );
    }
    previous = entry;
  }
  for (const [stream, cursor] of [
    ["deposit", meta.eventCursors.deposits],
    ["withdraw", meta.eventCursors.withdrawals],
  ] as const) {
    if (next[stream] !== cursor) {
      const field = stream === "deposit" ? "deposits" : "withdrawals";
      report.add(
        "event-numbers-contiguous",
        `meta.json: eventCursors.${field} is ${cursor}, but ledger.json records ${stream} events up to #${next[stream] - 1n} (${next[stream]} events).`,
      );
    }
  }
}

/** `since`: a snapshot that passed this check and whose epochs begin this one's; only the epochs after them are walked. */
function checkEpochs(snapshot: Snapshot, report: Report, since: Snapshot | undefined): void {
  const { meta, epochs } = snapshot;
  if (meta.ledgerTimestampUsec === 0n || meta.ledgerTimestampUsec >= LATEST_PLAUSIBLE_USEC) {
    report.add(
      "times-plausible",
      `meta.json: ledgerTimestampUsec ${meta.ledgerTimestampUsec} is not a plausible time (it must be after 1970-01-01 and before the year 10000).`,
    );
  }
  if (BigInt(epochs.length) !== meta.eventCursors.newEpochs) {
    report.add(
      "epoch-count",
      `meta.json: eventCursors.newEpochs is ${meta.eventCursors.newEpochs}, but epochs.json records ${epochs.length} epoch changes.`,
    );
  }
  // `since`'s epochs passed against its meta, and this meta is not earlier (`extendsChecked`): each bound they met
  // still holds, so the walk starts at the first epoch added, compared with the last one `since` holds.
  const from = since && since.epochs.length <= epochs.length ? since.epochs.length : 0;
  let previous: Snapshot["epochs"][number] | undefined = epochs[from - 1];
  for (let index = from; index < epochs.length; index++) {
    const record = epochs[index] as Snapshot["epochs"][number];
    const name = `epochs.json: epoch ${record.epoch} (version ${record.version})`;
    if (record.version > meta.ledgerVersion) {
      report.add("versions-within-snapshot", `${name}: after the snapshot's ledger version ${meta.ledgerVersion}.`);
    }
    if ((record.timestampUsec === 0n && record.version !== 0n) || record.timestampUsec > meta.ledgerTimestampUsec) {
      report.add(
        "times-plausible",
        `${name}: time ${record.timestampUsec} µs is outside (0, ${meta.ledgerTimestampUsec}], the chain's time at version ${meta.ledgerVersion}.`,
      );
    }
    if (record.epoch > meta.epoch) {
      report.add("epochs-increasing", `${name}: past the snapshot's epoch ${meta.epoch}.`);
    }
    if (previous) {
      if (record.epoch <= previous.epoch || record.version <= previous.version) {
        report.add(
          "epochs-increasing",
          `${name} follows epoch ${previous.epoch} (version ${previous.version}): epochs and versions must increase.`,
        );
      }
      if (record.timestampUsec < previous.timestampUsec) {
        report.add(
          "times-follow-versions",
          `${name}: time ${record.timestampUsec} µs is earlier than epoch ${previous.epoch}'s ${previous.timestampUsec} µs.`,
        );
      }
    }
    previous = record;
  }
}

/**
 * The payouts linked to each transfer (in ledger order) of a ledger list whose snapshot kept the rules of
 * `checkTransfersAndPayouts`, by that list; taken out when a later snapshot's check starts from it.
 */
const checkedPayouts = new WeakMap<readonly LedgerEntry[], Map<bigint, LedgerEntry[]>>();

/**
 * Statuses against the money: paid transfers and the payouts linked to them, both ways. A snapshot that extends
 * `since`, whose check found nothing, is checked from there (`payoutsStillHold`); when that cannot say all is well,
 * in full, which names what is wrong.
 */
function checkTransfersAndPayouts(snapshot: Snapshot, report: Report, since: Snapshot | undefined): void {
  const kept = since === undefined ? undefined : checkedPayouts.get(since.ledger.entries);
  if (since !== undefined && kept !== undefined) {
    checkedPayouts.delete(since.ledger.entries);
    const payouts = payoutsStillHold(snapshot, since, kept);
    if (payouts !== undefined) {
      checkedPayouts.set(snapshot.ledger.entries, payouts);
      return;
    }
  }
  const before = report.added;
  const payouts = checkTransfersAndPayoutsInFull(snapshot, report);
  if (report.added === before) checkedPayouts.set(snapshot.ledger.entries, payouts);
}

/** A payout that may settle `transfer`: a payout withdrawal of its amount to its payee, and the transfer paid. */
const settles = (entry: LedgerEntry, transfer: TransferRecord | undefined) =>
  entry.stream === "withdraw" &&
  entry.category === "payout" &&
  transfer !== undefined &&
  transfer.status === "paid" &&
  entry.counterparty === transfer.payee &&
  entry.amount === transfer.amount;

/**
 * The payouts by transfer of `snapshot` when it keeps every rule of `checkTransfersAndPayouts`, found from `since`
 * (which kept them, with `payouts` its payouts by transfer, updated here in place) by looking only at what changed;
 * undefined when that cannot tell (a rule may be broken, or the change is not one it follows), and the full check
 * must run. Why what it skips still holds:
 * - a ledger entry that is the very one `since` had, linked to a transfer record that is the very one `since` had:
 *   the rules on the pair held there and read nothing else;
 * - a transfer record that is the very one `since` had: its first payout is the same entry, as long as no entry
 *   linked to it before was replaced (then it answers undefined) and no other entry now links it (that breaks the
 *   one-payout rule: undefined too);
 * - the scheduled/overdue rules depend on the snapshot's epoch: they are checked for every transfer.
 */
function payoutsStillHold(
  snapshot: Snapshot,
  since: Snapshot,
  payouts: Map<bigint, LedgerEntry[]>,
): Map<bigint, LedgerEntry[]> | undefined {
  const pairs = pairByKey(since.transfers, snapshot.transfers, recordIds.transfer);
  if (pairs === undefined || pairs.after.includes(undefined)) return undefined;
  const transfers = snapshot.transfers;
  const entries = snapshot.ledger.entries;
  const before = since.ledger.entries;
  if (entries.length < before.length) return undefined;
  const linkFresh = (entry: LedgerEntry): boolean => {
    const uid = entry.transferUid;
    if (uid === null) return true;
    if (payouts.has(uid)) return false;
    if (!settles(entry, transfers[indexOfKey(transfers, uid, recordIds.transfer)])) return false;
    payouts.set(uid, [entry]);
    return true;
  };
  // What the ledger is known to share with `since`'s (the very entries, `list-lineage.ts`) is not walked.
  for (let i = sharedPrefixLength(entries, before); i < before.length; i++) {
    const entry = entries[i] as LedgerEntry;
    if (entry === before[i]) continue;
    if ((before[i] as LedgerEntry).transferUid !== null || !linkFresh(entry)) return undefined;
  }
  for (let i = before.length; i < entries.length; i++) if (!linkFresh(entries[i] as LedgerEntry)) return undefined;
  const epoch = snapshot.meta.epoch;
  for (let j = 0; j < transfers.length; j++) {
    const transfer = transfers[j] as TransferRecord;
    if (transfer.status === "scheduled" && transfer.deadlineEpoch < epoch) return undefined;
    if (transfer.status === "overdue" && transfer.deadlineEpoch >= epoch) return undefined;
    if (pairs.before[j] === transfer) continue;
    const linked = payouts.get(transfer.uid);
    if (linked !== undefined && !linked.every((entry) => settles(entry, transfer))) return undefined;
    if (transfer.status === "paid") {
      const first = linked?.[0];
      if (first === undefined || first.epoch < transfer.deadlineEpoch) return undefined;
    }
  }
  return payouts;
}

/** The rules of `checkTransfersAndPayouts` over every record; gives the payouts by transfer it found. */
function checkTransfersAndPayoutsInFull(snapshot: Snapshot, report: Report): Map<bigint, LedgerEntry[]> {
  const transferOf = transferByUid(snapshot.transfers);
  const payoutsByUid = new Map<bigint, LedgerEntry[]>();
  for (const entry of snapshot.ledger.entries) {
    if (entry.transferUid === null) continue;
    // Named only when a rule breaks: every linked payout is visited on every run a verify replays.
    const name = () => entryName(entry);
    // A list of one as a literal: pushed onto `[]`, each of the 10^4 lists (kept for the next check, so for a
    // whole build) reserved room for 17 entries.
    let list = payoutsByUid.get(entry.transferUid);
    if (list) list.push(entry);
    else {
      list = [entry];
      payoutsByUid.set(entry.transferUid, list);
    }
    const transfer = transferOf(entry.transferUid);
    if (entry.stream !== "withdraw" || entry.category !== "payout") {
      report.add(
        "payout-names-paid-transfer",
        `${name()}: a ${entry.category} is linked to transfer ${entry.transferUid}; only payouts settle transfers.`,
      );
    } else if (!transfer) {
      report.add(
        "payout-names-paid-transfer",
        `${name()}: linked to transfer ${entry.transferUid}, which transfers.json does not have.`,
      );
    } else if (transfer.status !== "paid") {
      report.add(
        "unpaid-transfer-has-no-payout",
        `transfers.json: transfer ${transfer.uid} is ${transfer.status}, but ${eventName(entry)} pays it.`,
      );
    } else if (entry.counterparty !== transfer.payee || entry.amount !== transfer.amount) {
      report.add(
        "payout-names-paid-transfer",
        `${name()}: pays ${entry.amount} to ${entry.counterparty ?? "no payee"}, but transfer ${transfer.uid} is ${transfer.amount} to ${transfer.payee}.`,
      );
    }
    if (list.length === 2) {
      report.add(
        "payout-names-paid-transfer",
        `${name()}: transfer ${entry.transferUid} is already paid by ${eventName(list[0] as LedgerEntry)}.`,
      );
    }
  }
  for (const transfer of snapshot.transfers) {
    // Named only when a rule breaks (as below): every record is visited on every run a verify replays.
    const name = () => `transfers.json: transfer ${transfer.uid}`;
    if (transfer.status === "paid") {
      const payout = payoutsByUid.get(transfer.uid)?.[0];
      if (!payout) {
        report.add(
          "paid-transfer-has-payout",
          `${name()} is marked paid (${transfer.amount} to ${transfer.payee}), but no withdrawal in ledger.json pays it.`,
        );
      } else if (payout.epoch < transfer.deadlineEpoch) {
        report.add(
          "paid-transfer-has-payout",
          `${name()}: paid by ${eventName(payout)} in epoch ${payout.epoch}, before its deadline epoch ${transfer.deadlineEpoch}.`,
        );
      }
    } else if (transfer.status === "scheduled" && transfer.deadlineEpoch < snapshot.meta.epoch) {
      report.add(
        "transfer-status-matches-deadline",
        `${name()} is scheduled, but its deadline epoch ${transfer.deadlineEpoch} passed before epoch ${snapshot.meta.epoch}.`,
      );
    } else if (transfer.status === "overdue" && transfer.deadlineEpoch >= snapshot.meta.epoch) {
      report.add(
        "transfer-status-matches-deadline",
        `${name()} is overdue, but its deadline epoch ${transfer.deadlineEpoch} has not passed (epoch ${snapshot.meta.epoch}).`,
      );
    }
  }
  return payoutsByUid;
}

/** Per state list, the positions of the records not checked before (`checkedBefore`), in order. */
interface CheckedBefore {
  transfers: readonly number[];
  proposals: readonly number[];
  vetoes: readonly number[];
}

/**
 * The state records `since` held, when there is one: a record that is the very same object was checked there, and
 * the rules on a record alone (its history, its deadline, the version it was read at) hold for it at any later
 * version and epoch, so they skip it and visit only the positions given here. Rules relating records to others are
 * checked in full. The lists are paired by id (`pairByKey`: a record object has one id, so it is `since`'s exactly
 * when `since`'s record of its id is that object); lists whose ids do not strictly increase are looked up whole. The
 * very list `since` held (a replayed run that changed none of its records) has no position to visit: not one walk.
 */
function checkedBefore(since: Snapshot | undefined, snapshot: Snapshot): CheckedBefore {
  const unchecked = <R extends object>(
    before: readonly R[] | undefined,
    now: readonly R[],
    key: (record: R) => bigint,
  ): number[] => {
    const positions: number[] = [];
    if (before === now) return positions;
    const pairs = before === undefined ? undefined : pairByKey(before, now, key);
    const records = before === undefined || pairs !== undefined ? undefined : new Set<object>(before);
    for (let index = 0; index < now.length; index++) {
      const record = now[index] as R;
      const checked = pairs !== undefined ? pairs.before[index] === record : (records?.has(record) ?? false);
      if (!checked) positions.push(index);
    }
    return positions;
  };
  return {
    transfers: unchecked(since?.transfers, snapshot.transfers, recordIds.transfer),
    proposals: unchecked(since?.proposals, snapshot.proposals, recordIds.proposal),
    vetoes: unchecked(since?.vetoes, snapshot.vetoes, recordIds.veto),
  };
}

function checkDeadlines(snapshot: Snapshot, report: Report, checked: CheckedBefore): void {
  const limit = snapshot.meta.epoch + MAX_EPOCHS_AHEAD;
  // Named only when a rule breaks: every record is visited on every run a verify replays.
  const check = (name: () => string, epoch: bigint) => {
    if (epoch > limit) {
      report.add(
        "deadlines-plausible",
        `${name()} ${epoch} is more than ${MAX_EPOCHS_AHEAD} epochs after the snapshot's epoch ${snapshot.meta.epoch}.`,
      );
    }
  };
  for (const i of checked.transfers) {
    const t = snapshot.transfers[i] as Snapshot["transfers"][number];
    check(() => `transfers.json: transfer ${t.uid}: deadline epoch`, t.deadlineEpoch);
  }
  for (const i of checked.vetoes) {
    const v = snapshot.vetoes[i] as Snapshot["vetoes"][number];
    check(() => `vetoes.json: veto ballot ${v.ballotId}: deadline epoch`, v.deadlineEpoch);
  }
  for (const i of checked.proposals) {
    const p = snapshot.proposals[i] as Snapshot["proposals"][number];
    check(() => `proposals.json: proposal ${p.id}: expiration epoch`, p.expirationEpoch);
  }
}

/**
 * The transfer of each uid: by binary search in a list sorted by uid (as snapshots hold it; a map of every transfer
 * built on each of a replay's thousand runs cost more than the rules it served), else through a map.
 */
function transferByUid(transfers: readonly TransferRecord[]): (uid: bigint) => TransferRecord | undefined {
  if (strictlyIncreasing(transfers, recordIds.transfer)) {
    return (uid) => transfers[indexOfKey(transfers, uid, recordIds.transfer)];
  }
  const byUid = new Map(transfers.map((transfer) => [transfer.uid, transfer]));
  return (uid) => byUid.get(uid);
}

function checkVetoes(snapshot: Snapshot, report: Report, since: Snapshot | undefined): void {
  // The rule reads the two lists alone: the very lists `since` held passed it there.
  if (since !== undefined && since.transfers === snapshot.transfers && since.vetoes === snapshot.vetoes) return;
  const transferOf = transferByUid(snapshot.transfers);
  const passed = new Set<bigint>();
  for (const veto of snapshot.vetoes) {
    const name = () => `vetoes.json: veto ballot ${veto.ballotId}`;
    const transfer = transferOf(veto.transferUid);
    if (!transfer) {
      report.add(
        "veto-names-transfer",
        `${name()} names transfer ${veto.transferUid}, which transfers.json does not have.`,
      );
    } else if (veto.status === "passed" && transfer.status !== "vetoed") {
      report.add("veto-names-transfer", `${name()} passed, but transfer ${transfer.uid} is ${transfer.status}.`);
    }
    if (veto.status === "passed") passed.add(veto.transferUid);
  }
  for (const transfer of snapshot.transfers) {
    if (transfer.status === "vetoed" && !passed.has(transfer.uid)) {
      report.add(
        "veto-names-transfer",
        `transfers.json: transfer ${transfer.uid} is vetoed, but no veto ballot about it passed.`,
      );
    }
  }
}

interface Observed {
  seenAtLedgerVersion: bigint;
  seenAtEpoch: bigint;
}

function checkHistories(snapshot: Snapshot, report: Report, checked: CheckedBefore): void {
  const { meta } = snapshot;
  const ordered = (name: () => string, history: readonly Observed[]) => {
    let previous: Observed | undefined;
    for (const observation of history) {
      if (observation.seenAtLedgerVersion > meta.ledgerVersion || observation.seenAtEpoch > meta.epoch) {
        report.add(
          "history-ordered",
          `${name()}: an observation at version ${observation.seenAtLedgerVersion} (epoch ${observation.seenAtEpoch}) is after the snapshot (version ${meta.ledgerVersion}, epoch ${meta.epoch}).`,
        );
      }
      if (
        previous &&
        (observation.seenAtLedgerVersion <= previous.seenAtLedgerVersion ||
          observation.seenAtEpoch < previous.seenAtEpoch)
      ) {
        report.add(
          "history-ordered",
          `${name()}: the observation at version ${observation.seenAtLedgerVersion} follows one at version ${previous.seenAtLedgerVersion}.`,
        );
      }
      previous = observation;
    }
  };
  const ends = (name: () => string, last: unknown, now: unknown) => {
    if (sameFieldsInOrder(last, now)) return;
    if (JSON.stringify(last, bigintText) !== JSON.stringify(now, bigintText)) {
      report.add(
        "history-ends-at-current-state",
        `${name()}: its history ends at ${JSON.stringify(last, bigintText)}, but the record shows ${JSON.stringify(now, bigintText)}.`,
      );
    }
  };
  for (const i of checked.transfers) {
    const t = snapshot.transfers[i] as Snapshot["transfers"][number];
    // Named only when a rule breaks: every record is visited on every run a verify replays.
    const name = () => `transfers.json: transfer ${t.uid}`;
    ordered(name, t.history);
    ends(name, t.history.at(-1)?.state, { status: t.status, deadlineEpoch: t.deadlineEpoch });
  }
  for (const i of checked.proposals) {
    const p = snapshot.proposals[i] as Snapshot["proposals"][number];
    const name = () => `proposals.json: proposal ${p.id}`;
    ordered(name, p.history);
    ends(name, p.history.at(-1)?.state, { status: p.status, votes: p.votes.length });
    if (p.approved !== (p.status === "approved")) {
      report.add("proposal-approval-flag", `${name()} is ${p.status}, but its approved flag is ${p.approved}.`);
    }
  }
  for (const i of checked.vetoes) {
    const v = snapshot.vetoes[i] as Snapshot["vetoes"][number];
    const name = () => `vetoes.json: veto ballot ${v.ballotId}`;
    ordered(name, v.history);
    ends(name, v.history.at(-1)?.state, { status: v.status, approvalPct: v.approvalPct, turnoutPct: v.turnoutPct });
  }
  // Every record's source is read at or before V.
  const source = (name: () => string, version: bigint) => {
    if (version > meta.ledgerVersion) {
      report.add(
        "versions-within-snapshot",
        `${name()}: read at version ${version}, after the snapshot's ledger version ${meta.ledgerVersion}.`,
      );
    }
  };
  for (const i of checked.transfers) {
    const t = snapshot.transfers[i] as Snapshot["transfers"][number];
    source(() => `transfers.json: transfer ${t.uid}`, t.provenance.ledgerVersion);
  }
  for (const i of checked.proposals) {
    const p = snapshot.proposals[i] as Snapshot["proposals"][number];
    source(() => `proposals.json: proposal ${p.id}`, p.provenance.ledgerVersion);
  }
  for (const i of checked.vetoes) {
    const v = snapshot.vetoes[i] as Snapshot["vetoes"][number];
    source(() => `vetoes.json: veto ballot ${v.ballotId}`, v.provenance.ledgerVersion);
  }
  for (const d of snapshot.donors) source(() => `donors.json: donor ${d.address}`, d.provenance.ledgerVersion);
  source(() => "wallet.json: balance", snapshot.wallet.balance.provenance.ledgerVersion);
  source(() => "ledger.json: opening balance", snapshot.ledger.opening.provenance.ledgerVersion);
}

const bigintText = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/**
 * The same keys in the same order with the same primitive values: what `JSON.stringify` would print alike, without
 * printing (it runs for every state record on every run a verify replays). False only sends it to the full check.
 */
function sameFieldsInOrder(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key, i) => {
    const valueA = (a as Record<string, unknown>)[key];
    return (
      key === keysB[i] &&
      (typeof valueA === "string" || typeof valueA === "bigint") &&
      valueA === (b as Record<string, unknown>)[key]
    );
  });
}

function checkUnique(snapshot: Snapshot, report: Report): void {
  const once = <T>(file: string, label: string, records: readonly T[], key: (record: T) => bigint | string) => {
    // Sorted lists (as every snapshot writes them) with keys strictly increasing hold each key once: no set needed.
    if (strictlyIncreasing(records, key)) return;
    const seen = new Set<bigint | string>();
    for (const record of records) {
      const id = key(record);
      if (seen.has(id)) report.add("records-unique", `${file}: ${label} ${id} appears more than once.`);
      seen.add(id);
    }
  };
  once("transfers.json", "transfer", snapshot.transfers, recordIds.transfer);
  once("proposals.json", "proposal", snapshot.proposals, recordIds.proposal);
  once("vetoes.json", "veto ballot", snapshot.vetoes, recordIds.veto);
  once("donors.json", "donor", snapshot.donors, (d) => d.address);
}

function checkDonations(snapshot: Snapshot, report: Report, sums: LedgerSums, receiptsChecked: boolean): void {
  if (receiptsChecked) {
    const byDonor = new Map<string, bigint>();
    for (const entry of snapshot.ledger.entries) {
      if (entry.category !== "donation" || entry.counterparty === null) continue;
      byDonor.set(entry.counterparty, (byDonor.get(entry.counterparty) ?? 0n) + entry.amount);
    }
    const receipts = new Map(snapshot.donors.map((donor) => [donor.address, donor.cumulative]));
    for (const [donor, donated] of byDonor) {
      const receipt = receipts.get(donor);
      if (receipt === undefined) {
        report.add(
          "donations-within-receipts",
          `donors.json: no receipt for ${donor}, who donated ${donated} according to ledger.json.`,
        );
      } else if (receipt < donated) {
        report.add(
          "donations-within-receipts",
          `donors.json: donor ${donor}'s receipt says ${receipt}, below the ${donated} ledger.json records from them.`,
        );
      }
    }
  }
  const total = sums.namedDonated;
  const cumulative = snapshot.wallet.cumulativeDeposits.value;
  if (total > cumulative) {
    report.add(
      "donations-within-cumulative-deposits",
      `wallet.json: cumulativeDeposits.value is ${cumulative}, below the ${total} of donations ledger.json records.`,
    );
  }
}

function checkChanges(snapshot: Snapshot, report: Report, from: number, ledger: LedgerSums, sums: ChangeSums): void {
  const { meta, changes } = snapshot;
  if (meta.previousLedgerVersion !== null && meta.previousLedgerVersion >= meta.ledgerVersion) {
    report.add(
      "previous-version-older",
      `meta.json: previousLedgerVersion ${meta.previousLedgerVersion} is not older than ledgerVersion ${meta.ledgerVersion}.`,
    );
  }
  let previous: Snapshot["changes"][number] | undefined = changes[from - 1];
  const newTransfers: Array<[bigint, bigint]> = [];
  for (let index = from; index < changes.length; index++) {
    const change = changes[index] as Snapshot["changes"][number];
    const name = `changes.json: run at version ${change.ledgerVersion}`;
    const expectedPrevious = previous?.ledgerVersion ?? null;
    const before = previous?.balance.after ?? null;
    if (change.previousLedgerVersion !== expectedPrevious || change.balance.before !== before) {
      report.add(
        "change-log-chained",
        `${name}: starts from version ${change.previousLedgerVersion ?? "none"} with balance ${change.balance.before ?? "none"}, but the run before ended at version ${expectedPrevious ?? "none"} with ${before ?? "none"}.`,
      );
    }
    if (previous && change.ledgerVersion <= previous.ledgerVersion) {
      report.add("change-log-chained", `${name}: not after the run before (version ${previous.ledgerVersion}).`);
    }
    for (const uid of change.newTransfers) newTransfers.push([uid, change.ledgerVersion]);
    previous = change;
  }
  const last = changes.at(-1);
  const wallet = snapshot.wallet.balance.coinStoreValue;
  if (
    !last ||
    last.ledgerVersion !== meta.ledgerVersion ||
    last.previousLedgerVersion !== meta.previousLedgerVersion ||
    last.epoch !== meta.epoch ||
    last.timestampUsec !== meta.ledgerTimestampUsec ||
    last.balance.after !== wallet
  ) {
    report.add(
      "change-log-chained",
      last
        ? `changes.json: the last run (version ${last.ledgerVersion}, epoch ${last.epoch}, time ${last.timestampUsec}, balance ${last.balance.after}) is not this snapshot (version ${meta.ledgerVersion}, epoch ${meta.epoch}, time ${meta.ledgerTimestampUsec}, balance ${wallet}).`
        : "changes.json: no run is recorded, but every snapshot records the run that wrote it.",
    );
  }
  const lines: Array<[string, number, bigint, number, bigint]> = [
    ["donations", sums.donations, sums.donated, ledger.donations, ledger.donated],
    ["other inflows", sums.others, sums.other, ledger.others, ledger.other],
    ["outflows", sums.outflows, sums.out, ledger.outflowEntries, ledger.out],
  ];
  for (const [what, count, total, ledgerCount, ledgerTotal] of lines) {
    if (count !== ledgerCount || total !== ledgerTotal) {
      report.add(
        "change-log-adds-up",
        `changes.json: the runs report ${count} ${what} totalling ${total}, but ledger.json records ${ledgerCount} totalling ${ledgerTotal}.`,
      );
    }
  }
  // Transfers are never dropped (append-only), so a transfer an earlier, checked run reported still exists.
  const transferOf = transferByUid(snapshot.transfers);
  for (const [uid, version] of newTransfers) {
    if (transferOf(uid) === undefined) {
      report.add(
        "change-log-adds-up",
        `changes.json: the run at version ${version} reports new transfer ${uid}, which transfers.json does not have.`,
      );
    }
  }
}

/** Counts and totals of a ledger, by stream (the books) and by category (what the change log must add up to). */
interface LedgerSums {
  deposits: number;
  withdrawals: number;
  inflows: bigint;
  outflows: bigint;
  donations: number;
  donated: bigint;
  /** Donations that name their donor (those a receipt can cover). */
  namedDonated: bigint;
  others: number;
  other: bigint;
  outflowEntries: number;
  out: bigint;
}

/** What the change log's runs report, added up. */
interface ChangeSums {
  donations: number;
  donated: bigint;
  others: number;
  other: bigint;
  outflows: number;
  out: bigint;
}

const NO_ENTRIES: LedgerSums = {
  deposits: 0,
  withdrawals: 0,
  inflows: 0n,
  outflows: 0n,
  donations: 0,
  donated: 0n,
  namedDonated: 0n,
  others: 0,
  other: 0n,
  outflowEntries: 0,
  out: 0n,
};

// Sums of lists already added up, by the list: a run that extends a checked snapshot adds only its new entries to
// the sums of the list it extends (the lists are never changed once assembled; a linked payout keeps its amount).
const ledgerSumsOf = new WeakMap<readonly LedgerEntry[], LedgerSums>();
const changeSumsOf = new WeakMap<Snapshot["changes"], ChangeSums>();

function ledgerSums(entries: readonly LedgerEntry[], prefix?: readonly LedgerEntry[]): LedgerSums {
  const known = prefix === undefined ? undefined : ledgerSumsOf.get(prefix);
  const sums: LedgerSums = { ...(known ?? NO_ENTRIES) };
  for (let index = known && prefix ? prefix.length : 0; index < entries.length; index++) {
    const entry = entries[index] as LedgerEntry;
    if (entry.stream === "deposit") {
      sums.deposits++;
      sums.inflows += entry.amount;
    } else {
      sums.withdrawals++;
      sums.outflows += entry.amount;
    }
    if (entry.category === "donation") {
      sums.donations++;
      sums.donated += entry.amount;
      if (entry.counterparty !== null) sums.namedDonated += entry.amount;
    } else if (entry.category === "other-inflow") {
      sums.others++;
      sums.other += entry.amount;
    } else {
      sums.outflowEntries++;
      sums.out += entry.amount;
    }
  }
  ledgerSumsOf.set(entries, sums);
  return sums;
}

function changeSums(changes: Snapshot["changes"], prefix?: Snapshot["changes"]): ChangeSums {
  const known = prefix === undefined ? undefined : changeSumsOf.get(prefix);
  const sums: ChangeSums = known
    ? { ...known }
    : { donations: 0, donated: 0n, others: 0, other: 0n, outflows: 0, out: 0n };
  for (let index = known && prefix ? prefix.length : 0; index < changes.length; index++) {
    const change = changes[index] as Snapshot["changes"][number];
    sums.donations += change.newDonations.count;
    sums.donated += change.newDonations.total;
    sums.others += change.newOtherInflows.count;
    sums.other += change.newOtherInflows.total;
    sums.outflows += change.newOutflows.count;
    sums.out += change.newOutflows.total;
  }
  changeSumsOf.set(changes, sums);
  return sums;
}

/**
 * A snapshot `since` that `snapshot` extends and that already keeps every rule, so the records it holds need not
 * be checked again: only when `snapshot` extends it append-only (the caller checked that) and is not earlier in
 * version, time or epoch, so every rule between an old record and the newer snapshot still holds. Anything else is
 * checked in full.
 */
function extendsChecked(snapshot: Snapshot, since: Snapshot | undefined): since is Snapshot {
  return (
    since !== undefined &&
    since.meta.ledgerVersion <= snapshot.meta.ledgerVersion &&
    since.meta.ledgerTimestampUsec <= snapshot.meta.ledgerTimestampUsec &&
    since.meta.epoch <= snapshot.meta.epoch &&
    since.ledger.entries.length <= snapshot.ledger.entries.length &&
    since.changes.length <= snapshot.changes.length
  );
}

/**
 * The books of `snapshot` (as `snapshotBooks` gives them), adding to the sums of `since`'s ledger, when it was
 * checked here, only the entries added since: a replay of many runs does not add up its whole history every run.
 * `since`'s entries must be the first of `snapshot`'s with the same amounts (a replayed run only appends to them).
 */
export function snapshotBooksSince(snapshot: Snapshot, since?: Snapshot): BooksResult {
  const sums = ledgerSums(snapshot.ledger.entries, extendsChecked(snapshot, since) ? since.ledger.entries : undefined);
  const expected = snapshot.ledger.opening.amount + sums.inflows - sums.outflows;
  const balance = snapshot.wallet.balance.coinStoreValue;
  return {
    inflows: sums.inflows,
    outflows: sums.outflows,
    expected,
    balance,
    difference: balance - expected,
    balanced: balance === expected,
  };
}

export interface InvariantScope {
  /**
   * A snapshot this one extends that already passed this check (verify's previous replayed run): the ledger
   * entries, epochs and change records it holds are not walked again, only those added since, so a replay of many
   * runs costs what each run added. The rules on a state record alone (history, deadline, the version it was read
   * at) skip a record that is the very object `since` held (a replay keeps unchanged records, `assemble-snapshot.ts`);
   * the rules relating records to each other and to the ledger are checked in full, except the veto rule when both
   * lists it reads are the very lists `since` held (a replay returns the very list when none of its records changed).
   */
  since?: Snapshot;
  /** Rules not checked (verify's earlier runs read no receipts): neither computed nor reported. */
  skip?: readonly InvariantId[];
}

/**
 * Every violation of `SNAPSHOT_INVARIANTS` in `snapshot`, in the order of the list (at most
 * `VIOLATIONS_SHOWN_PER_INVARIANT` spelled out per invariant, then a count); [] when the snapshot keeps them all.
 */
export function checkSnapshotInvariants(snapshot: Snapshot, scope: InvariantScope = {}): Violation[] {
  const report = new Report();
  const since = extendsChecked(snapshot, scope.since) ? scope.since : undefined;
  const fromEntry = since?.ledger.entries.length ?? 0;
  const fromChange = since?.changes.length ?? 0;
  const sums = ledgerSums(snapshot.ledger.entries, since?.ledger.entries);
  const before = since ? (ledgerSumsOf.get(since.ledger.entries) ?? ledgerSums(since.ledger.entries)) : NO_ENTRIES;
  const changesAdded = changeSums(snapshot.changes, since?.changes);
  checkBooks(snapshot, report, sums);
  checkLedger(snapshot, report, fromEntry, before);
  checkEpochs(snapshot, report, since);
  checkTransfersAndPayouts(snapshot, report, since);
  const checked = checkedBefore(since, snapshot);
  checkDeadlines(snapshot, report, checked);
  checkVetoes(snapshot, report, since);
  checkHistories(snapshot, report, checked);
  checkUnique(snapshot, report);
  checkDonations(snapshot, report, sums, !(scope.skip ?? []).includes("donations-within-receipts"));
  checkChanges(snapshot, report, fromChange, sums, changesAdded);
  const skipped = new Set<string>(scope.skip ?? []);
  const rank = new Map<string, number>(SNAPSHOT_INVARIANTS.map((invariant, index) => [invariant.id, index]));
  return report
    .result()
    .filter((violation) => !skipped.has(violation.invariant))
    .sort((a, b) => (rank.get(a.invariant) ?? 0) - (rank.get(b.invariant) ?? 0));
}

/** Violations as lines for a message: `[invariant-id] message`. */
export function violationLines(violations: readonly Violation[]): string[] {
  return violations.map((violation) => `[${violation.invariant}] ${violation.message}`);
}
