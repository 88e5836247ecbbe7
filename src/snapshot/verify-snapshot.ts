import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ChainReader } from "../chain/reader.ts";
import { ChainRequestError, RefusedError, SnapshotRefusedError, ValidationError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { checkAppendOnly } from "../lib/ledger/append-only.ts";
import { snapshotBooks } from "../lib/ledger/reconcile.ts";
import { compareSnapshots, type RecordDifference } from "../lib/ledger/snapshot-compare.ts";
import type { LedgerInfo } from "../schemas/chain.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { readSnapshotFolder } from "../store/snapshot-folder.ts";
import { assembleSnapshot } from "./assemble-snapshot.ts";
import { buildSnapshotFiles } from "./build-files.ts";
import { checkChainFacts } from "./check-chain-facts.ts";
import { type ReadAhead, readChain } from "./read-chain.ts";
import { checkSnapshot } from "./run-snapshot.ts";

/**
 * `npm run verify`: does the committed snapshot say what the chain says?
 *
 * Full verification replays the snapshot runs the committed files record (one per change record, at its ledger
 * version, with the same reader, reads, assembly and checks as `npm run snapshot`) in memory, then compares
 * every file of the last state byte for byte. Its cost grows with the records, not the runs: the event streams
 * and their transactions are read once up to the last run (`readAheadFor`) and each run takes its part; an
 * earlier run reads only the wallet's state at its version (never a donor's receipt or a veto tally), and its
 * assembly and checks walk only what it added; nothing is written until the end. Replaying the runs, not reading
 * once at V, is what makes the status histories and the change log re-derivable too: they record what each
 * earlier run saw, so each run still costs one read of the state at its version.
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
  };
  const readAhead = await readAheadFor(context, runs[runs.length - 1] as bigint);
  if (readAhead) context.readAhead = readAhead;
  let state: Snapshot | null = null;
  for (const [index, version] of runs.entries()) {
    if (index % 100 === 0 || index === runs.length - 1) {
      progress(`replaying snapshot run ${index + 1} of ${runs.length} at ledger version ${version}`);
    }
    state = await replayRun(context, state, version, index === runs.length - 1);
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
}

/**
 * Every event and transaction the runs up to `lastVersion` need, read once: in a few requests per hundred records,
 * where each run reading its own would cost a few requests per run. Only a shortcut: when the node refuses or
 * contradicts itself here, there is none, and each run reads its own part as `npm run snapshot` does, so a bad node
 * is found, and named, by the run that meets it.
 */
export async function readAheadFor(context: ReplayContext, lastVersion: bigint): Promise<ReadAhead | undefined> {
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
 * One recorded snapshot run, replayed the way `runSnapshot` runs it (same reads, same assembly, same refusals)
 * but kept in memory: only the replay's last state is turned into files. Earlier runs read no donor receipts
 * (donors.json holds the last run's alone, and the change log needs only who the donors are), so the receipt rule
 * is checked on the last run only, and no veto tally views (they give only a ballot's required threshold, which
 * the last run's overwrites). A run reads the wallet's state at its version (four requests) and takes its events
 * and transactions from the context's read-ahead; its assembly and checks walk only what it added.
 */
export async function replayRun(
  context: ReplayContext,
  previous: Snapshot | null,
  version: bigint,
  last: boolean,
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
  });
  checkChainFacts(previous, read, wallet);
  const snapshot = assembleSnapshot(previous, read, wallet, {
    nodeUrl: context.nodeUrl,
    simulated: context.simulated,
    toolVersion: context.toolVersion,
  });
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
