import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../src/snapshot/build-files.ts";
import { repoRoot } from "./site/build-site.ts";

/** The committed default (SIP) snapshot folder, which the verify tests check and forge. */
export const COMMITTED_SNAPSHOT_DIR = path.join(
  repoRoot,
  "content/snapshots/0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
);

/**
 * A copy of the committed snapshot folder at `dir`, with `edit` applied to a clone of `committed` and every file
 * (manifest included) rewritten to match: a careful forger, whom only the chain can expose.
 */
export async function writeForgedCopy(
  committed: Snapshot,
  dir: string,
  edit: (snapshot: Snapshot) => void,
): Promise<string> {
  const copy = structuredClone(committed);
  edit(copy);
  await cp(COMMITTED_SNAPSHOT_DIR, dir, { recursive: true });
  for (const [file, bytes] of buildSnapshotFiles(copy)) await writeFile(path.join(dir, file), bytes);
  return dir;
}
