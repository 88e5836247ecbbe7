import { cp, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { ChainReader } from "../chain/reader.ts";
import { SnapshotRefusedError } from "../errors.ts";
import { describeChange } from "../lib/reports/change-summary.ts";
import { diffSnapshots, explainChange } from "../lib/reports/snapshot-diff.ts";
import { type ProgramConfig, programWallets } from "../schemas/program.ts";
import { LOCK_FILE } from "../store/content-lock.ts";
import { withDisplayPaths } from "../store/display-path.ts";
import { checkBuildTarget, PUBLISH_STAGING_PREFIX, recoverDist, swapInDist } from "../store/dist-folder.ts";
import { checkDistManifest, DIST_MANIFEST_FILE } from "../store/dist-manifest.ts";
import { asFailureToWrite } from "../store/folder-swap.ts";
import {
  readCheckedSnapshotFiles,
  readCommittedSnapshot,
  replaceSnapshotFolder,
  snapshotsDir,
  walletSnapshotDir,
} from "../store/snapshot-folder.ts";
import { checkExtendsCommitted, runSnapshot, type SnapshotResult, writtenSnapshot } from "./run-snapshot.ts";
import { verifySnapshot } from "./verify-snapshot.ts";

/**
 * `npm run publish`: snapshot -> change summary -> build -> verify, the scheduled workflow's pipeline on one
 * machine. Everything happens in a staging folder beside the output (same file system, so the final moves are
 * renames): a copy of the content folder takes the new snapshot, the site is built from it, the build's manifest and
 * the snapshot are verified, and only then are the committed snapshot and `dist/` replaced. A failure at any step
 * leaves both exactly as they were. A kill leaves at worst the new snapshot with the previous site, or `dist/`
 * moved aside for the instant between two renames: the next build or publish restores it first and removes the
 * staging folders of runs that are no longer alive (src/store/dist-folder.ts). The caller holds the content lock.
 */

export interface PublishRequest {
  reader: ChainReader;
  program: ProgramConfig;
  /** The content folder (`content`), holding program.yaml, snapshots/, reports/, writeups/. */
  contentDir: string;
  /** Where the site goes (`dist`). */
  outDir: string;
  /**
   * Builds the whole site (every wallet, src/integrations/build-wallets.ts) of `contentDir` into `outDir`, telling
   * `onWait` when a wallet's build waits for another build of the checkout.
   */
  build: (contentDir: string, outDir: string, onWait: (line: string) => void) => Promise<void>;
  /** Do everything in staging, print what would change, replace nothing. */
  dryRun: boolean;
  /** The run says its data is simulated; decides a first snapshot only (runSnapshot). */
  simulated: boolean;
  simulatedBecause?: string;
  concurrency?: number;
  /** One line per step. */
  say: (line: string) => void;
}

export interface PublishResult {
  /**
   * Plain-words summary of what the new snapshots add (one sentence per line; with several wallets, each wallet's
   * name then its sentences), or null when the chain had not moved.
   */
  summary: string[] | null;
  ledgerVersion: string;
  /** False for a dry run. */
  published: boolean;
  files: number;
}

export async function publish(request: PublishRequest): Promise<PublishResult> {
  const { program, say } = request;
  const outDir = path.resolve(request.outDir);
  for (const note of await recoverDist(outDir)) say(note);
  await checkBuildTarget(outDir);
  const staging = path.join(path.dirname(outDir), `${PUBLISH_STAGING_PREFIX}${process.pid}`);
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
  } catch (error) {
    throw asFailureToWrite(outDir, error, [staging]);
  }
  try {
    const content = path.join(staging, "content");
    // The lock is the committed folder's, not the copy's.
    await cp(request.contentDir, content, {
      recursive: true,
      filter: (source) => !path.basename(source).startsWith(LOCK_FILE),
    });
    const wallets = programWallets(program);
    const several = wallets.length > 1;
    let pinned: bigint | undefined;
    const runs: Array<{ name: string; committedDir: string; result: SnapshotResult }> = [];
    for (const [index, wallet] of wallets.entries()) {
      const committedDir = walletSnapshotDir(snapshotsDir(request.contentDir), wallet.address);
      say(
        `1/4 snapshot${several ? ` (${index + 1} of ${wallets.length}, ${wallet.name})` : ""}: reading ${wallet.address} from ${request.reader.nodeUrl}`,
      );
      const result = await runSnapshot({
        reader: request.reader,
        wallet: wallet.address,
        outDir: snapshotsDir(content),
        simulated: request.simulated,
        ...(request.simulatedBecause === undefined ? {} : { simulatedBecause: request.simulatedBecause }),
        expectedChainId: program.network.chainId,
        // Every wallet of the program at the ledger version the first one was read at.
        ...(pinned === undefined ? {} : { ledgerVersion: pinned }),
        concurrency: request.concurrency ?? 4,
      });
      pinned ??= result.snapshot.meta.ledgerVersion;
      say(`    ledger version ${result.snapshot.meta.ledgerVersion}, epoch ${result.snapshot.meta.epoch}`);
      runs.push({ name: wallet.name, committedDir, result });
    }

    say("2/4 what changed:");
    const summary: string[] = [];
    for (const run of runs) {
      if (!run.result.written) continue;
      const previous = await readCommittedSnapshot(run.committedDir);
      const change = explainChange(diffSnapshots(previous, run.result.snapshot), run.result.snapshot, { program });
      const sentences = describeChange(change, program.coinSymbol).sentences;
      summary.push(...(several ? [`${run.name}:`, ...sentences.map((s) => `  ${s}`)] : sentences));
    }
    if (summary.length === 0) say("    nothing: the chain has not moved since the committed snapshot.");
    for (const line of summary) say(`    ${line}`);

    say("3/4 build");
    const dist = path.join(staging, "dist");
    // Another build of this checkout (another program's publish, say) makes this one wait: said, not silent.
    await request.build(content, dist, (line) => say(`    ${line}`));

    say("4/4 verify");
    const files = await checkDistManifest(dist);
    say(`    ${DIST_MANIFEST_FILE}: ${files} files, every sha256 matches`);
    for (const run of runs) {
      const report = await verifySnapshot({
        reader: request.reader,
        snapshotDir: run.result.dir,
        concurrency: request.concurrency ?? 4,
      });
      if (report.outcome === "different") {
        throw new SnapshotRefusedError(
          `The new snapshot of ${run.name} does not verify against the node it was read from; nothing was published.`,
        );
      }
      say(
        (several ? `    ${run.name}: ` : "    snapshot: ") +
          (report.outcome === "verified"
            ? `${report.files} files, ${report.records} records identical on re-reading at ${report.ledgerVersion}`
            : `partly verified (the node pruned versions below ${report.oldestServed}); what it still serves agrees`),
      );
    }
    const written = runs.filter((run) => run.result.written);
    const ledgerVersion = (runs[0]?.result.snapshot.meta.ledgerVersion ?? 0n).toString();
    const result = { summary: written.length > 0 ? summary : null, ledgerVersion, files };

    const updated = written.map((run) => run.committedDir).join(", ");
    if (request.dryRun) {
      say(`Dry run: ${written.length > 0 ? `${updated} and ` : ""}${outDir} left as they were.`);
      return { ...result, published: false };
    }
    for (const run of written) {
      const snapshot = writtenSnapshot(run.result);
      // The bytes the site was just built from and verified: the staging copy's, each checked against its manifest.
      const texts = await readCheckedSnapshotFiles(run.result.dir);
      await replaceSnapshotFolder(run.committedDir, texts, (committed) =>
        checkExtendsCommitted(run.committedDir, committed, snapshot),
      );
    }
    // The snapshots first: a kill between the two leaves a committed snapshot with the previous site, which the
    // next run rebuilds; never a site showing a snapshot that was not committed.
    await swapInDist(dist, outDir);
    say(`Published: ${written.length > 0 ? `${updated} updated, ` : ""}site in ${outDir}.`);
    return { ...result, published: true };
  } catch (error) {
    // Messages name the content folder and the output folder the user gave, not their staging copies.
    throw withDisplayPaths(error, [
      { staging: path.join(staging, "content"), shown: request.contentDir },
      { staging: path.join(staging, "dist"), shown: outDir },
    ]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
