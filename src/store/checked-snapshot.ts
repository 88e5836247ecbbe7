import { ValidationError } from "../errors.ts";
import { checkSnapshotInvariants, violationLines } from "../lib/ledger/invariants.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import { readCommittedSnapshot } from "./snapshot-folder.ts";

/**
 * The committed snapshot as the build, `check-fees` and the publish workflow read it: schemas and manifest (as
 * every reader), then every invariant of `src/lib/ledger/invariants.ts` in one pass. A manifest only proves the
 * files were not changed after it was written; a hand-edited amount with a recomputed manifest passes it, so the
 * records are also checked against each other, and a snapshot that breaks a rule is refused as bad input (exit 3)
 * naming the wallet folder, the rule and the record, instead of being published with a ✕ on its overview.
 */
export async function readCheckedSnapshot(dir: string): Promise<Snapshot | null> {
  const snapshot = await readCommittedSnapshot(dir);
  if (snapshot) assertSnapshotInvariants(snapshot, dir);
  return snapshot;
}

/** Throws a `ValidationError` naming `dir`, each broken invariant and its records, when `snapshot` breaks any. */
export function assertSnapshotInvariants(snapshot: Snapshot, dir: string): void {
  const violations = checkSnapshotInvariants(snapshot);
  if (violations.length === 0) return;
  throw new ValidationError(
    [
      `The committed snapshot in ${dir} breaks ${violations.length === 1 ? "a rule" : "rules"} every snapshot keeps (listed on the methodology page, "What we check before publishing"), so it is not built or published:`,
      ...violationLines(violations).map((line) => `  - ${line}`),
      "A file was edited by hand (its manifest recomputed) or written by a faulty run. Restore the folder from git (`git checkout -- <folder>`) or take a new snapshot with `npm run snapshot`.",
    ].join("\n"),
  );
}
