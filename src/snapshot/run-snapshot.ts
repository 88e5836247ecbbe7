import path from "node:path";
import type { ChainReader } from "../chain/reader.ts";
import { SnapshotRefusedError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { checkAppendOnly } from "../lib/ledger/append-only.ts";
import {
  checkSnapshotInvariants,
  type InvariantScope,
  snapshotBooksSince,
  violationLines,
} from "../lib/ledger/invariants.ts";
import { decideSimulated } from "../lib/ledger/simulated-history.ts";
import type { LedgerInfo } from "../schemas/chain.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { type FileText, recoverInterruptedRun } from "../store/folder-swap.ts";
import {
  parseSnapshotFiles,
  readCommittedHead,
  replaceSnapshotFolder,
  type SnapshotHead,
  walletSnapshotDir,
} from "../store/snapshot-folder.ts";
import { assembleLedgerPartsInSlices, completeSnapshot, type LedgerParts, type ReadAt } from "./assemble-snapshot.ts";
import { createSnapshotFileTexts } from "./build-files.ts";
import { checkChainFactsInSlices } from "./check-chain-facts.ts";
import { finishInTurns } from "./finish-in-turns.ts";
import { type ChainReading, startChainRead, type ViewsRead } from "./read-chain.ts";

export const TOOL_VERSION = "0.1.0";

export interface SnapshotRequest {
  reader: ChainReader;
  /** Wallet address in any accepted form. */
  wallet: string;
  /** Folder holding one sub-folder per wallet (`content/snapshots`). */
  outDir: string;
  /** Pin to this version instead of the node's current one. */
  ledgerVersion?: bigint;
  /** Chain id the program expects; a different chain is refused (unless the snapshot is simulated). */
  expectedChainId?: number;
  /**
   * The run says its data is simulated (`--simulated`, or the node claims to be the fake one). Decides a first
   * snapshot only; a committed history keeps its own flag (`src/lib/ledger/simulated-history.ts`).
   */
  simulated: boolean;
  /** How the run came to say so, for a refusal (default `--simulated`). */
  simulatedBecause?: string;
  /** Most requests in flight at once (default 4: a public node must not be hammered). */
  concurrency?: number;
  onProgress?: (message: string) => void;
  /** Tool version recorded in meta.json (default: this build's); `verify` replays with the committed one. */
  toolVersion?: string;
}

/**
 * A run's outcome: the new snapshot, written and checked in `dir` (its files' texts are not kept: at 10^5 records
 * they are ~80 MB, and only `publish` needs them, which reads them back from `dir`), or, when the chain had not moved
 * since the committed snapshot (nothing was rewritten), the committed snapshot's head and the bytes of its files as
 * they are on disk.
 */
export type SnapshotResult =
  | { dir: string; written: true; snapshot: Snapshot }
  | { dir: string; written: false; snapshot: SnapshotHead; files: Map<string, string> };

/** Parts of a snapshot that its ledger's read decides (`assembleLedgerParts`), written while the views are read. */
const LEDGER_PARTS = ["meta", "wallet", "ledger", "transfers", "proposals", "epochs"] as const satisfies ReadonlyArray<
  keyof LedgerParts
>;
/** The rest: they need the views (vetoes, donors) or the whole snapshot (changes). */
const LATER_PARTS = ["vetoes", "donors", "changes"] as const satisfies ReadonlyArray<keyof Snapshot>;

/**
 * The new snapshot's files in the order the run can build them: the parts its ledger's read decides as soon as the
 * events and their transactions are in (the node's facts checked first), the rest once the views are, after every
 * check of the whole snapshot (`checkSnapshot`), the manifest last. `replaceSnapshotFolder` writes and checks each
 * file as it comes, so the ledger's ~60 MB are built, written and read back while the views (most of a run's
 * requests at 10^3 donors, and the last to end) are still read, instead of after them. A refusal at any point
 * discards the staging folder: nothing committed changes. `done` receives the snapshot once it passed its checks.
 */
async function* snapshotFilesAsRead(
  request: SnapshotRequest,
  wallet: string,
  info: LedgerInfo,
  previous: Snapshot | null,
  simulated: boolean,
  done: (snapshot: Snapshot) => void,
): AsyncGenerator<[name: string, text: FileText]> {
  const { ledgerParts, views, stop } = await startAssembly(request, wallet, info, previous, simulated);
  let complete = false;
  try {
    const { parts, at } = await ledgerParts;
    const files = createSnapshotFileTexts();
    yield* files.partTexts(parts, LEDGER_PARTS);
    const snapshot = completeSnapshot(previous, parts, { ...at, ...(await views) }, wallet);
    checkSnapshot(previous, snapshot);
    // The committed snapshot is not needed past the checks: garbage before the last files are written (the
    // swap-time check reads the committed one again).
    previous = null;
    yield* files.partTexts(snapshot, LATER_PARTS);
    yield files.manifest();
    done(snapshot);
    complete = true;
  } catch (error) {
    // The views may still be under way when the ledger's part fails: their queued reads are refused.
    stop(error);
    throw error;
  } finally {
    // Ended early by its reader (a file failed to be written or checked): the reads still under way are not wanted.
    if (!complete) stop(new Error("the snapshot's files were not all written"));
  }
}

/**
 * Starts the run's reads (`startChainRead`), and the assembly of the ledger's parts once the ledger's read is in, the
 * node's facts checked first. The ledger's read (raw events, every transaction's record) is reachable from nothing
 * but that assembly, so it is garbage once the parts are assembled, before their files are built (a caller holding
 * the reading would keep 10^5 transaction records until the views are in); only what the views' records need of it
 * (`ReadAt`) is kept.
 */
async function startAssembly(
  request: SnapshotRequest,
  wallet: string,
  info: LedgerInfo,
  previous: Snapshot | null,
  simulated: boolean,
): Promise<{
  ledgerParts: Promise<{ parts: LedgerParts; at: ReadAt }>;
  views: Promise<ViewsRead>;
  stop: ChainReading["stop"];
}> {
  const reading = await startChainRead({
    reader: request.reader,
    wallet,
    info,
    ...(request.ledgerVersion === undefined ? {} : { ledgerVersion: request.ledgerVersion }),
    previous,
    concurrency: request.concurrency ?? 4,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  // In turns of the main thread, so that the views' answers are taken (and their next requests sent) meanwhile.
  const ledgerParts = reading.ledger.then(async (read) => {
    await finishInTurns(checkChainFactsInSlices(previous, read, wallet));
    const parts = await finishInTurns(
      assembleLedgerPartsInSlices(previous, read, wallet, {
        nodeUrl: request.reader.nodeUrl,
        simulated,
        toolVersion: request.toolVersion ?? TOOL_VERSION,
      }),
    );
    return { parts, at: { version: read.version, epoch: read.epoch, resources: read.resources } };
  });
  return { ledgerParts, views: reading.views, stop: reading.stop };
}

/** The snapshot a run wrote; throws when it wrote nothing (for callers that know the chain moved, or had none). */
export function writtenSnapshot(result: SnapshotResult): Snapshot {
  if (!result.written) throw new Error(`the snapshot run for ${result.dir} wrote nothing: the chain had not moved`);
  return result.snapshot;
}

function refuse(problems: string[], intro: string): never {
  throw new SnapshotRefusedError(`${intro}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

/**
 * Checks a freshly assembled snapshot: books balance, node consistent, history only added. `scope` (verify's
 * replay): `skip` names rules a caller cannot check on this snapshot (verify's earlier runs read no receipts), and
 * `since` a previous snapshot that passed this check, whose history is not walked again.
 */
export function checkSnapshot(previous: Snapshot | null, next: Snapshot, scope: InvariantScope = {}): void {
  const books = snapshotBooksSince(next, scope.since);
  if (!books.balanced) {
    refuse(
      [
        `opening ${next.ledger.opening.amount} + inflows ${books.inflows} − outflows ${books.outflows} = ${books.expected}, but the balance at version ${next.meta.ledgerVersion} is ${books.balance} (difference ${books.difference} base units).`,
      ],
      "The books do not balance, so a coin movement is missing from what the node served. Nothing was written; try again or use another node.",
    );
  }
  if (previous) {
    const problems = checkAppendOnly(previous, next);
    if (problems.length > 0) {
      refuse(
        problems,
        "The new snapshot would drop or rewrite committed history, so it was not written. If the chain really changed, an auditor must look at these records:",
      );
    }
  }
  const violations = checkSnapshotInvariants(next, scope);
  if (violations.length > 0) {
    refuse(
      violationLines(violations),
      "The node's data contradicts itself (a rule every snapshot keeps is broken, see the methodology page), so it was not written. Try again later or use another node; if it persists, an auditor must look at these records:",
    );
  }
}

/**
 * The swap-time check: `next` was built on the snapshot committed when the run started; if another run has
 * committed since, `next` may only replace that newer snapshot when it extends it (a later ledger version that
 * keeps all of its history). Otherwise a slow run at an earlier version would take the snapshot backwards.
 */
export function checkExtendsCommitted(dir: string, committed: Snapshot | null, next: Snapshot): void {
  if (committed === null) return;
  const problems =
    next.meta.ledgerVersion > committed.meta.ledgerVersion
      ? checkAppendOnly(committed, next)
      : [
          `the committed snapshot is at ledger version ${committed.meta.ledgerVersion}; this run read version ${next.meta.ledgerVersion}, which is not later.`,
        ];
  if (problems.length > 0) {
    refuse(
      problems,
      `The committed snapshot in ${dir} changed while this run was reading, and this run's snapshot does not extend it, so it was not written. Run again to read on from the new committed snapshot:`,
    );
  }
}

/**
 * Reads the wallet at V and replaces its committed snapshot atomically, after every check passes.
 *
 * The committed snapshot is first read only as far as deciding needs: every file checked against its manifest's
 * sha256, its head (meta, wallet, changes) parsed. When V is the committed version nothing can have changed, and the
 * run ends there (one request). Otherwise every part of the committed snapshot is parsed and validated before the chain is read.
 */
export async function runSnapshot(request: SnapshotRequest): Promise<SnapshotResult> {
  const wallet = normalizeAddress(request.wallet);
  const dir = walletSnapshotDir(request.outDir, wallet);
  await recoverInterruptedRun(path.dirname(dir), path.basename(dir));
  const committed = await readCommittedHead(dir);
  const info = await request.reader.getLedgerInfo();
  const meta = committed?.head.meta ?? null;
  const history = decideSimulated(meta?.simulated ?? null, request.simulated, request.simulatedBecause);
  if (history.checkChainId && request.expectedChainId !== undefined && info.chain_id !== request.expectedChainId) {
    throw new SnapshotRefusedError(
      `The node at ${request.reader.nodeUrl} serves chain id ${info.chain_id}, but the program expects chain id ${request.expectedChainId}. Point --node at a node of the right network.`,
    );
  }
  if (committed && meta) {
    if (meta.chainId !== info.chain_id) {
      throw new SnapshotRefusedError(
        `The committed snapshot in ${dir} is from chain id ${meta.chainId}; the node serves chain id ${info.chain_id}. Snapshots of different chains are never mixed.`,
      );
    }
    if (history.refusal !== null) throw new SnapshotRefusedError(history.refusal);
    const target = request.ledgerVersion ?? info.ledger_version;
    if (target < BigInt(meta.ledgerVersion)) {
      throw new SnapshotRefusedError(
        `Ledger version ${target} is older than the committed snapshot's ${meta.ledgerVersion}. A snapshot may only move forward; the node may be lagging, so try again or use another node.`,
      );
    }
    if (target === BigInt(meta.ledgerVersion)) {
      // Nothing can have changed at the same version: keep the committed bytes (one request in all).
      return { dir, snapshot: committed.head, files: committed.files, written: false };
    }
  }
  // Only the head was parsed; the run goes on from the whole committed snapshot, every part validated. Held by the
  // files' generator alone, which drops it once the new snapshot is checked.
  let snapshot: Snapshot | undefined;
  const files = snapshotFilesAsRead(
    request,
    wallet,
    info,
    committed ? parseSnapshotFiles(dir, committed.files) : null,
    history.simulated,
    (checked) => {
      snapshot = checked;
    },
  );
  // Each file written as it is built, then read back and checked, before the next.
  await replaceSnapshotFolder(dir, files, (committed) => checkExtendsCommitted(dir, committed, written(snapshot)));
  return { dir, snapshot: written(snapshot), written: true };
}

/** The snapshot the run's files were built from, once they all were (so after its checks passed). */
function written(snapshot: Snapshot | undefined): Snapshot {
  if (snapshot === undefined) throw new Error("the snapshot's files were taken before the snapshot passed its checks");
  return snapshot;
}
