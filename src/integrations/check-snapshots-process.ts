/**
 * The check of every wallet's committed snapshot before a build, in its own process
 * (`node src/integrations/check-snapshots-process.ts CONTENT_DIR ADDRESS...`, run by build-wallets.ts): each is
 * read and checked against the snapshot invariants (src/store/checked-snapshot.ts), and one that is missing or
 * breaks one is bad input, refused with the folder, rule and record named (child-failure.ts carries its kind and
 * advice back). In a process of its own so that the memory the check took is gone, not held by the parent beside
 * the Astro build that follows.
 */
import { ValidationError } from "../errors.ts";
import { readCheckedSnapshot } from "../store/checked-snapshot.ts";
import { snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";
import { exitWithFailure } from "./child-failure.ts";

const [contentDir, ...addresses] = process.argv.slice(2);
try {
  if (contentDir === undefined)
    throw new Error("usage: node src/integrations/check-snapshots-process.ts CONTENT_DIR ADDRESS...");
  for (const address of addresses) {
    const dir = walletSnapshotDir(snapshotsDir(contentDir), address);
    if ((await readCheckedSnapshot(dir)) === null) {
      throw new ValidationError(`No committed snapshot for wallet ${address}: expected ${dir}/.`, {
        advice: "take one first with npm run snapshot (or npm run publish), then build.",
      });
    }
  }
} catch (error) {
  exitWithFailure(error);
}
