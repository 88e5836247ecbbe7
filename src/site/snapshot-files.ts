import { readFile } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, SNAPSHOT_PARTS } from "../snapshot/build-files.ts";

/**
 * The committed snapshot files of the program's wallet, byte for byte, for the download page: auditors must get
 * exactly the bytes the manifest hashes, not a re-serialisation.
 */
export const PUBLISHED_FILES = [...Object.values(SNAPSHOT_PARTS), MANIFEST_FILE].sort();

export async function readPublishedFile(wallet: string, file: string): Promise<string> {
  if (!PUBLISHED_FILES.includes(file)) throw new Error(`${file} is not a snapshot file`);
  // Builds run from the project root (npm scripts do); the content folder is relative to it, as in content.config.ts.
  const contentDir = process.env.LEDGERLIGHT_CONTENT_DIR ?? "content";
  return readFile(path.resolve(contentDir, "snapshots", wallet, file), "utf8");
}
