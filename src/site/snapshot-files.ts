import { readFile } from "node:fs/promises";
import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { MANIFEST_FILE, SNAPSHOT_PARTS, snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";

/**
 * The committed snapshot files of the program's wallet, byte for byte, for the download page: auditors must get
 * exactly the bytes the manifest hashes, not a re-serialisation.
 */
export const PUBLISHED_FILES = [...Object.values(SNAPSHOT_PARTS), MANIFEST_FILE].sort();

export async function readPublishedFile(wallet: string, file: string): Promise<string> {
  if (!PUBLISHED_FILES.includes(file)) throw new Error(`${file} is not a snapshot file`);
  return readFile(
    path.join(walletSnapshotDir(snapshotsDir(path.resolve(readBuildEnv().contentDir)), wallet), file),
    "utf8",
  );
}
