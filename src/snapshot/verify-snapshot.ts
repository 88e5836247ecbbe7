import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ChainReader } from "../chain/reader.ts";
import { createRunStop } from "../chain/run-stop.ts";
import { ChainRequestError, RefusedError, SnapshotRefusedError, ValidationError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { checkAppendOnly } from "../lib/ledger/append-only.ts";
import { snapshotBooksSince } from "../lib/ledger/invariants.ts";
import { snapshotBooks } from "../lib/ledger/reconcile.ts";
import { compareSnapshots, type RecordDifference } from "../lib/ledger/snapshot-compare.ts";
import { BalanceViewSchema, type ChainEvent, type LedgerInfo } from "../schemas/chain.ts";
import { NewEpochEventDataSchema } from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { readSnapshotFolder } from "../store/snapshot-folder.ts";
import { assembleSnapshot } from "./assemble-snapshot.ts";
import { buildSnapshotFiles } from "./build-files.ts";
import { checkChainFacts } from "./check-chain-facts.ts";
import { createLimiter } from "./concurrency.ts";
import { createEntryCache, type EntryCache } from "./entry-cache.ts";
import { checkBalanceView, type ReadAhead, readChain, readWalletResources, type WalletState } from "./read-chain.ts";
import { createReusingJsonParser } from "./reusing-json-parser.ts";
import { checkSnapshot } from "./run-snapshot.ts";

/**
 * `npm run verify`: does the committed snapshot say what the chain says?
 *
 * Full verification replays the snapshot runs the committed files record (one per change record, at its ledger
 * version, with the same reader, reads, assembly and checks as `npm run snapshot`) in memory, then compares
 * every file of the last state byte for byte. Its cost grows with the records, not the runs: the event streams
 * and their transactions are read once up to the last run (`readAheadFor`) and each run takes its part; an
 * earlier run reads only the wallet's resources at its version (never a donor's receipt or a veto tally; its epoch,
 * block time and balance are derived, see `readEarlierRunStates`), read ahead of the replay, and its assembly and
 * checks walk only what it added, reusing the entries it did not change (`entry-cache.ts`); nothing is written
 * until the end. Replaying the runs, not reading once at V, is what makes the status histories and the change log
 * re-derivable too: they record what each earlier run saw, and Donor Voice's schedule and ballots change without
 * events, so each run still costs one read of the wallet's resources at its version: the least a replay can ask,
 * so 1,000 runs cost about the fixed part plus 1,000 requests. That read is the wallet's whole state (every transfer
 * and proposal ever made: 1.3 MB of JSON at the verify benchmark's scale 1): the node's API has no cheaper way to
 * ask what changed. Parsing it whole each run would cost more than the rest of the run; the runs share one
 * `createReusingJsonParser`, which reads the answer's bytes (never one string of the whole) and parses only the
 * entries whose text the last answer did not have (and gives what `JSON.parse` gives, or falls back to it), so the
 * entry cache meets an unchanged entry as the same object, and every run but the last keeps the record it built
 * from it (`AssembleContext.reuseUnchanged`), builds its record lists from the last run's, looking only at the
 * entries not at the same place (`state-records.ts`), and checks only what changed (the payout rules from the
 * last run's payouts, lists paired by id in one walk). What still grows with the state, not only with what the run
 * changed: the answer itself (received and cut each run), walks of each list by identity to find what changed,
 * and the ledger's list copied and compared by identity per run.
 *
 * When the node has pruned the versions a replay needs (a 410 `version_pruned`, or an `oldest_ledger_version`
 * above the snapshot's first record), it checks what the node still serves instead: the current state must
 * continue the committed snapshot (same payees, amounts and descriptions, legal status moves, receipts never
 * lower) and the committed ledger plus the movements since must balance at the node's current version. The
 * report says which parts were verified which way, and which could not be.
 */

export interface VerifyRequest {
  reader: ChainReader;
  /** The wallet's snapshot folder (`content/snapshots/<address>`). */
  snapshotDir: string;
  concurrency?: number;
  onProgress?: (message: string) => void;
}

/** What the snapshot records but the chain cannot confirm (not compared; reported as such). */
export const RECORDED_NOT_VERIFIED = ["meta.json nodeUrl (the node it was read from)", "meta.json toolVersion"];

/** The CLI prints it, and `--json` writes it as is: versions stay decimal strings. */
export type VerifyReport =
  | {
      outcome: "verified";
      ledgerVersion: string;
      files: number;
      records: number;
      runs: number;
    }
  | {
      outcome: "different";
      ledgerVersion: string;
      /** How the difference was found: by replaying at V, or against the node's later state. */
      method: "replay" | "later-state";
      /** Ordered; the first is the one to look at. */
      differences: RecordDifference[];
      /** Problems stated as sentences (later-state checks), when no record-level difference applies. */
      problems: string[];
      differingFiles: string[];
    }
  | {
      outcome: "partial";
      ledgerVersion: string;
      oldestServed: string;
      checkedAt: string;
      verified: string[];
      notVerified: string[];
    };

/** Every version a replay reads at or fetches a transaction/block of; the node must serve the lowest. */
function replayFloor(snapshot: Snapshot): bigint {
  const versions = [
    ...snapshot.changes.map((c) => c.ledgerVersion),
    ...snapshot.ledger.entries.map((e) => e.version),
    ...snapshot.epochs.map((e) => e.version),
    snapshot.meta.ledgerVersion,
  ];
  let floor = snapshot.meta.ledgerVersion;
  for (const version of versions) if (version < floor) floor = version;
  return floor;
}

async function readFiles(dir: string, names: Iterable<string>): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(path.join(dir, name), "utf8"));
  return files;
}

const isPruned = (error: unknown) =>
  (error instanceof ChainRequestError && error.status === 410) ||
  (error instanceof ChainRequestError && /pruned/i.test(error.message)) ||
  (error instanceof SnapshotRefusedError && /is pruned on this node/.test(error.message));

export async function verifySnapshot(request: VerifyRequest): Promise<VerifyReport> {
  const committed = await readSnapshotFolder(request.snapshotDir);
  const progress = request.onProgress ?? (() => {});
  const info = await request.reader.getLedgerInfo();
  const V = committed.meta.ledgerVersion;
  if (info.chain_id !== committed.meta.chainId) {
    throw new SnapshotRefusedError(
      `The node at ${request.reader.nodeUrl} serves chain id ${info.chain_id}; the snapshot was read from chain id ${committed.meta.chainId}. Verify against a node of the same network.`,
    );
  }
  if (info.ledger_version < V) {
    throw new SnapshotRefusedError(
      `The node at ${request.reader.nodeUrl} is at ledger version ${info.ledger_version}, behind the snapshot's ${V}; it may be lagging. Try again later or use another node.`,
    );
  }
  if (info.oldest_ledger_version > replayFloor(committed)) {
    progress(`the node keeps versions from ${info.oldest_ledger_version} only; checking against its current state`);
    return verifyAgainstLaterState(request, committed, info);
  }
  try {
    return await replay(request, committed, info);
  } catch (error) {
    if (!isPruned(error)) throw error;
    progress("the node pruned a version the replay needs; checking against its current state");
    return verifyAgainstLaterState(request, committed, await request.reader.getLedgerInfo());
  }
}

async function replay(request: VerifyRequest, committed: Snapshot, info: LedgerInfo): Promise<VerifyReport> {
  const progress = request.onProgress ?? (() => {});
  // The recorded node label is data about the run, not about the chain: keep it so the bytes can match.
  const reader = { ...request.reader, nodeUrl: committed.meta.nodeUrl };
  const runs = committed.changes.map((change) => change.ledgerVersion);
  if (runs.length === 0 || runs[runs.length - 1] !== committed.meta.ledgerVersion) {
    runs.push(committed.meta.ledgerVersion);
  }
  const context: ReplayContext = {
    reader,
    info,
    wallet: committed.meta.wallet,
    nodeUrl: committed.meta.nodeUrl,
    simulated: committed.meta.simulated,
    toolVersion: committed.meta.toolVersion,
    concurrency: request.concurrency ?? 4,
    entries: createEntryCache(),
  };
  const readAhead = await readAheadFor(context, runs[runs.length - 1] as bigint, runs.slice(0, -1));
  if (readAhead) context.readAhead = readAhead;
  const earlierStates = readEarlierRunStates(context, runs);
  let state: Snapshot | null = null;
  try {
    for (const [index, version] of runs.entries()) {
      if (index % 100 === 0 || index === runs.length - 1) {
        progress(`replaying snapshot run ${index + 1} of ${runs.length} at ledger version ${version}`);
      }
      state = await replayRun(context, state, version, index === runs.length - 1, await earlierStates.take(index));
    }
  } finally {
    earlierStates.end();
  }
  if (!state) throw new Error("unreachable: a replay has at least one run");
  const rebuilt = { snapshot: state, files: buildSnapshotFiles(state) };
  const committedFiles = await readFiles(request.snapshotDir, rebuilt.files.keys());
  const differingFiles = [...rebuilt.files]
    .filter(([name, bytes]) => committedFiles.get(name) !== bytes)
    .map(([name]) => name)
    .sort();
  const comparison = compareSnapshots(committed, rebuilt.snapshot);
  if (differingFiles.length === 0 && comparison.differences.length === 0) {
    return {
      outcome: "verified",
      ledgerVersion: committed.meta.ledgerVersion.toString(),
      files: rebuilt.files.size,
      records: comparison.records,
      runs: runs.length,
    };
  }
  return {
    outcome: "different",
    ledgerVersion: committed.meta.ledgerVersion.toString(),
    method: "replay",
    differences: comparison.differences,
    problems:
      comparison.differences.length === 0
        ? differingFiles.map((name) => `${name}: same records, but the bytes are not the canonical form.`)
        : [],
    differingFiles,
  };
}

/** What every replayed run shares: the node and what the committed meta says of the runs. */
export interface ReplayContext {
  reader: ChainReader;
  info: LedgerInfo;
  /** In any accepted form (normalized here, as `runSnapshot` does). */
  wallet: string;
  nodeUrl: string;
  simulated: boolean;
  toolVersion: string;
  concurrency: number;
  /** The event streams and transactions up to the last run, read once (`readAheadFor`); each run takes its part. */
  readAhead?: ReadAhead;
  /** Schedule and proposal entries the previous run parsed, for the next to reuse where unchanged. */
  entries?: EntryCache;
}

/**
 * Every event and transaction the runs up to `lastVersion` need, read once: in a few requests per hundred records,
 * where each run reading its own would cost a few requests per run. The transactions at the earlier runs' own
 * versions (`earlierRuns`) are planned with them, for their block times (`readEarlierRunStates`): where the events
 * are dense a run's version falls in a range read made anyway, and where they are sparse it costs the one read the
 * block would. Only a shortcut: when the node refuses or contradicts itself here, there is none, and each run reads
 * its own part as `npm run snapshot` does, so a bad node is found, and named, by the run that meets it.
 */
export async function readAheadFor(
  context: ReplayContext,
  lastVersion: bigint,
  earlierRuns: readonly bigint[] = [],
): Promise<ReadAhead | undefined> {
  try {
    const read = await readChain({
      reader: context.reader,
      wallet: normalizeAddress(context.wallet),
      info: context.info,
      ledgerVersion: lastVersion,
      previous: null,
      concurrency: context.concurrency,
      readReceipts: false,
      readVetoTallies: false,
      // Genesis (version 0) has no timestamp to give: its block is read, as before.
      alsoTransactionsAt: earlierRuns.filter((version) => version > 0n),
    });
    return { events: read.events, transactions: read.transactions };
  } catch (error) {
    if (error instanceof ChainRequestError || error instanceof RefusedError || error instanceof ValidationError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The states of the earlier runs (all but the last), read ahead of the replay: they do not depend on each other,
 * so up to a window of them are in flight at once under the context's bound, while the replay assembles the runs
 * before them. A window, not all at once: each state holds the wallet's whole schedule and ballots.
 *
 * What a run reads of its state, and why. Each earlier run recorded, at its version V: the transfers, proposals,
 * veto ballots and depositors (status histories and `changes.json`), the epoch, the block time, the event counters
 * and the balance. Donor Voice emits no events of its own (`shared/chain.md` §3.2): its schedule and ballots
 * change by votes that leave no trace in the streams the replay reads, so the wallet's resources are read at every
 * run (one request; they also hold the CoinStore, its counters and its value). The rest is derived from what the
 * read-ahead already holds, soundly:
 * - The epoch and the new-epoch counter at V: `reconfiguration::reconfigure` raises `Configuration.epoch` and emits
 *   `NewEpochEvent { epoch }` on `Configuration.events` in the same transaction (genesis emits epoch 1), so at V the
 *   epoch is that of the last new-epoch event at a version ≤ V and the counter is how many there are. The read-ahead
 *   holds that stream from sequence 0, each event's version confirmed by its transaction listing it
 *   (`check-chain-facts.ts`); the last run reads the configuration itself, which checks the stream's end.
 * - The block time at V: the node gives every transaction its block's timestamp, so when the read-ahead holds the
 *   transaction at V (it reads the earlier runs' versions with the events' transactions, `readAheadFor`) and that
 *   transaction names V, that is the time; otherwise the block is read (one request).
 * - The balance: the CoinStore's value, from the resources. The balance view is read at the last run, and at any
 *   earlier run whose CoinStore the ledger does not account for (`replayRun`), so a node whose view and CoinStore
 *   disagree is still refused with the same finding.
 * Without a read-ahead, or with a new-epoch stream that does not start at 0 or go forward, nothing is derived: each
 * run reads its state in full, as `npm run snapshot` does.
 */
function readEarlierRunStates(context: ReplayContext, runs: readonly bigint[]) {
  const wallet = normalizeAddress(context.wallet);
  const epochs = context.readAhead ? epochIndex(context.readAhead.events.newEpochs) : undefined;
  // Its own stop under the reader's: a failed read refuses the reads queued behind it, and the replay's end (however
  // it ends) refuses those not started yet.
  const reads = createRunStop(context.reader.run.signal);
  const limit = createLimiter(context.concurrency, reads);
  const window = Math.max(2, context.concurrency * 2);
  const started = new Map<number, Promise<WalletState | undefined>>();
  // One parser for every run's answer: an entry whose text the last answer had is not parsed again (the same object).
  const parser = createReusingJsonParser();
  const reading = { parseJson: (bytes: Uint8Array) => parser.parse(bytes), bodyBuffer: parser.bodyBuffer };
  const read = async (version: bigint): Promise<WalletState | undefined> => {
    const epoch = epochs?.(version);
    if (epoch === undefined) return undefined;
    const transaction = version > 0n ? context.readAhead?.transactions.get(version) : undefined;
    // A transaction that names another version says nothing of V's block: the block is read instead.
    const known = transaction?.version === version ? transaction.timestampUsec : undefined;
    const timestampUsec = known ?? (await limit(() => context.reader.getBlockByVersion(version))).block_timestamp;
    return limit(() => readWalletResources(context.reader, wallet, version, { ...epoch, timestampUsec }, reading));
  };
  const start = (index: number) => {
    const version = runs[index];
    if (version === undefined || index >= runs.length - 1 || started.has(index)) return;
    const reading = read(version);
    // A failure is met when its run takes it; until then it must not count as unhandled.
    reading.catch(() => {});
    started.set(index, reading);
  };
  return {
    /** Run `index`'s state (undefined: the run reads its own), starting the reads of the window after it. */
    take(index: number): Promise<WalletState | undefined> {
      for (let ahead = index; ahead < index + window; ahead++) start(ahead);
      const reading = started.get(index) ?? Promise.resolve(undefined);
      started.delete(index);
      return reading;
    },
    /** The replay is over: reads not started yet never start. */
    end(): void {
      reads.stop(new Error("the replay is over"));
      reads.release();
    },
  };
}

/**
 * The epoch and the number of new-epoch events at any version, from the new-epoch stream read ahead; undefined for
 * every version when the stream does not start at sequence 0 or its versions go backwards (then runs read their
 * own configuration and the checks name the problem), and for a version before its first event.
 */
function epochIndex(
  events: readonly ChainEvent[],
): (version: bigint) => { epoch: bigint; newEpochs: bigint } | undefined {
  const ordered =
    events[0]?.sequence_number === 0n &&
    events.every(
      (event, i) =>
        event.sequence_number === BigInt(i) && (i === 0 || (events[i - 1] as ChainEvent).version <= event.version),
    );
  if (!ordered) return () => undefined;
  return (version) => {
    // The last event at a version ≤ `version` (binary search: the versions go forward).
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((events[middle] as ChainEvent).version <= version) low = middle + 1;
      else high = middle;
    }
    const last = events[low - 1];
    if (last === undefined) return undefined;
    const { epoch } = parseOrThrow(NewEpochEventDataSchema, last.data, `NewEpochEvent #${last.sequence_number}`);
    return { epoch, newEpochs: BigInt(low) };
  };
}

/**
 * One recorded snapshot run, replayed the way `runSnapshot` runs it (same reads, same assembly, same refusals)
 * but kept in memory: only the replay's last state is turned into files. Earlier runs read no donor receipts
 * (donors.json holds the last run's alone, and the change log needs only who the donors are), so the receipt rule
 * is checked on the last run only, and no veto tally views (they give only a ballot's required threshold, which
 * the last run's overwrites). A run reads the wallet's state at its version (four requests; an earlier run given
 * its `state` read ahead, one or two) and takes its events and transactions from the context's read-ahead; its
 * assembly and checks walk only what it added.
 */
export async function replayRun(
  context: ReplayContext,
  previous: Snapshot | null,
  version: bigint,
  last: boolean,
  /** The wallet's state at `version`, read ahead (`readEarlierRunStates`); without it the run reads its own. */
  state?: WalletState,
): Promise<Snapshot> {
  if (previous !== null) {
    if (version < previous.meta.ledgerVersion) {
      throw new SnapshotRefusedError(
        `Ledger version ${version} is older than the committed snapshot's ${previous.meta.ledgerVersion}. A snapshot may only move forward; the node may be lagging, so try again or use another node.`,
      );
    }
    // A run at the same version changes nothing (as `runSnapshot` keeps the committed bytes).
    if (version === previous.meta.ledgerVersion) return previous;
  }
  const wallet = normalizeAddress(context.wallet);
  const read = await readChain({
    reader: context.reader,
    wallet,
    info: context.info,
    ledgerVersion: version,
    previous,
    concurrency: context.concurrency,
    readReceipts: last,
    readVetoTallies: last,
    ...(context.readAhead ? { readAhead: context.readAhead } : {}),
    ...(state ? { state } : {}),
  });
  checkChainFacts(previous, read, wallet);
  const snapshot = assembleSnapshot(previous, read, wallet, {
    nodeUrl: context.nodeUrl,
    simulated: context.simulated,
    toolVersion: context.toolVersion,
    ...(context.entries ? { entries: context.entries, reuseUnchanged: !last } : {}),
  });
  if (state && !snapshotBooksSince(snapshot, previous ?? undefined).balanced) {
    // The balance view was not read: where the ledger does not account for the CoinStore, read it, so a node whose
    // view and CoinStore disagree is named as such before the books are found not to balance.
    const view = await context.reader.view("0x1::ol_account::balance", [wallet], version, BalanceViewSchema);
    checkBalanceView(view, state.coinStore, version);
  }
  // The previous replayed state passed this same check, so only what this run added is walked again.
  checkSnapshot(previous, snapshot, {
    ...(previous === null ? {} : { since: previous }),
    skip: last ? [] : ["donations-within-receipts"],
  });
  return snapshot;
}

async function verifyAgainstLaterState(
  request: VerifyRequest,
  committed: Snapshot,
  info: LedgerInfo,
): Promise<VerifyReport> {
  const V = committed.meta.ledgerVersion;
  const head = info.ledger_version;
  let read: Awaited<ReturnType<typeof readChain>>;
  try {
    read = await readChain({
      reader: request.reader,
      wallet: committed.meta.wallet,
      info,
      ledgerVersion: head,
      previous: committed,
      concurrency: request.concurrency ?? 4,
    });
  } catch (error) {
    if (!isPruned(error)) throw error;
    throw new SnapshotRefusedError(
      `The node at ${request.reader.nodeUrl} has pruned history below version ${info.oldest_ledger_version}, including movements since the snapshot at ${V}, so nothing can be verified against it. Use an archive node (one whose oldest_ledger_version is 0).`,
      { cause: error },
    );
  }
  checkChainFacts(committed, read, committed.meta.wallet);
  const later = assembleSnapshot(committed, read, committed.meta.wallet, {
    nodeUrl: committed.meta.nodeUrl,
    simulated: committed.meta.simulated,
    toolVersion: committed.meta.toolVersion,
  });
  const problems = checkAppendOnly(committed, later);
  const books = snapshotBooks(later);
  const since = later.ledger.entries.length - committed.ledger.entries.length;
  if (!books.balanced) {
    problems.push(
      `ledger.json: the committed movements plus the ${since} since version ${V} give ${books.expected}, but the balance at version ${head} is ${books.balance} (difference ${books.difference} base units).`,
    );
  }
  if (problems.length > 0) {
    return {
      outcome: "different",
      ledgerVersion: V.toString(),
      method: "later-state",
      differences: [],
      problems,
      differingFiles: [...new Set(problems.map((p) => p.split(":")[0] ?? ""))].sort(),
    };
  }
  const final = (status: string) => committed.transfers.filter((t) => t.status === status).length;
  return {
    outcome: "partial",
    ledgerVersion: V.toString(),
    oldestServed: info.oldest_ledger_version.toString(),
    checkedAt: head.toString(),
    verified: [
      `transfers.json: all ${committed.transfers.length} transfers still exist at version ${head} with the committed payee, amount and description; ${final("paid")} paid and ${final("vetoed")} vetoed stay so, the rest moved only as the rules allow.`,
      `proposals.json and vetoes.json: all ${committed.proposals.length} proposals and ${committed.vetoes.length} veto ballots still exist, with legal status moves only.`,
      `donors.json: all ${committed.donors.length} donor receipts still exist, none lower than committed.`,
      `ledger.json: the committed opening balance and ${committed.ledger.entries.length} movements, plus the ${since} since, balance exactly with the wallet's balance at version ${head}.`,
    ],
    notVerified: [
      `ledger.json: each movement's amount, version and counterparty one by one (their transactions are below version ${info.oldest_ledger_version}, which the node no longer serves).`,
      `wallet.json, veto tallies and donor figures as they stood at version ${V}, and epochs.json start times.`,
      "changes.json and the status histories (what each earlier snapshot run saw).",
      ...RECORDED_NOT_VERIFIED,
    ],
  };
}
