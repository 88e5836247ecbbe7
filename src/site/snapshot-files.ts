import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { MANIFEST_FILE, SNAPSHOT_PARTS, snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";

/**
 * The committed snapshot files of the program's wallet, byte for byte, for the download page: auditors must get
 * exactly the bytes the manifest hashes, not a re-serialisation.
 */
export const PUBLISHED_FILES = [...Object.values(SNAPSHOT_PARTS), MANIFEST_FILE].sort();

/**
 * One committed snapshot file as its bytes: never decoded to text and encoded again, so the download is the file
 * itself, and a 60 MB ledger costs its bytes once instead of a string beside them.
 */
export async function readPublishedFile(wallet: string, file: string): Promise<Uint8Array<ArrayBuffer>> {
  return readFile(publishedFilePath(wallet, file));
}

/** The same bytes as `readPublishedFile`, in pieces as they are read (for the audit zip, which deflates them). */
export function publishedFilePieces(wallet: string, file: string): AsyncIterable<Uint8Array> {
  return createReadStream(publishedFilePath(wallet, file));
}

function publishedFilePath(wallet: string, file: string): string {
  if (!PUBLISHED_FILES.includes(file)) throw new Error(`${file} is not a snapshot file`);
  return path.join(walletSnapshotDir(snapshotsDir(path.resolve(readBuildEnv().contentDir)), wallet), file);
}
