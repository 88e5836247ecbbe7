import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError } from "../errors.ts";
import { mapConcurrently } from "../lib/map-concurrently.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { type FileDigest, formatSha256Manifest, parseSha256Line } from "../lib/sha256-manifest.ts";

/**
 * `dist/manifest.sha256` on disk: walking a built `dist/`, writing the manifest over every file (the line format
 * is src/lib/sha256-manifest.ts), dating every file for a reproducible archive, and checking a build against its
 * manifest before it is published.
 */

/** The manifest's name, at the root of `dist/`. It lists every other file there. */
export const DIST_MANIFEST_FILE = "manifest.sha256";

/** Files read or dated at once: enough to keep the disk busy, well under any open-file limit. */
const FILES_AT_ONCE = 32;

/** A built `dist/` as `walkDist` lists it. */
export interface DistTree {
  /** Every regular file, relative to the root with "/" between names. */
  readonly files: string[];
  /** Every folder below the root, absolute, each after the folders it contains. */
  readonly folders: string[];
}

/**
 * Walks a built `dist/`: the one walk of it, for the manifest, the file dates and the search step
 * (src/integrations/search-index.ts). Anything but files and folders (a symlink, a socket) is an error: it would not
 * publish. Files come in the order the folders list them. Read synchronously, one folder at a time, with each
 * entry's type from the folder listing: nothing else runs meanwhile, and a promise per folder cost more CPU than
 * listing it (the ~20,000 folders of the bench's scale-1 site, one per page), as did `readdir({ recursive: true })`
 * of fs/promises, which stats every entry it lists (1.5-1.6 s of CPU on that site against 0.7 s).
 */
export function walkDist(root: string): DistTree {
  const files: string[] = [];
  const folders: string[] = [];
  function walk(folder: string, prefix: string) {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        walk(full, `${relative}/`);
        folders.push(full);
      } else if (entry.isFile()) files.push(relative);
      else throw new Error(`dist/${relative} is neither a file nor a folder; a static site publishes only files.`);
    }
  }
  walk(root, "");
  return { files, folders };
}

/** The buffer each file is read through to be hashed. */
const HASH_BUFFER_BYTES = 1 << 20;

/** The sha256 of the file's bytes, as lowercase hex, read through `buffer` a piece at a time. */
function sha256OfFile(file: string, buffer: Buffer): string {
  const hash = createHash("sha256");
  const fd = openSync(file, "r");
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * Writes `dist/manifest.sha256` over every file in `root` (see src/lib/sha256-manifest.ts) and returns how many
 * files it lists. Run it after everything else has written to `dist/`, or the manifest misses their files.
 */
export async function writeDistManifest(root: string): Promise<number> {
  const { files } = walkDist(root);
  if (files.includes(DIST_MANIFEST_FILE)) {
    throw new Error(
      `dist/${DIST_MANIFEST_FILE} exists before the build wrote it (a file in public/?). It is generated; remove the other one.`,
    );
  }
  // One file after another, each through one reused buffer: the build has just written them, so they are read from
  // the page cache, where a promise and a fresh buffer per file cost more CPU than the reading and hashing (the 8,547
  // files of the bench's 0.25 site, warm: 0.5-0.6 s CPU and 0.9 s wall, against 1.2-2.5 s and 1.3-3.7 s read 32 at
  // once with readFile).
  const buffer = Buffer.allocUnsafe(HASH_BUFFER_BYTES);
  const digests: FileDigest[] = files.map((file) => ({
    path: file,
    sha256: sha256OfFile(path.join(root, file), buffer),
  }));
  await writeFile(path.join(root, DIST_MANIFEST_FILE), formatSha256Manifest(digests));
  return digests.length;
}

/**
 * Sets the access and modification time of every file and folder in `root`, the root included, to `seconds` since
 * 1970, so that a tar or zip of `dist/` is the same bytes too. Folders go after their contents: writing into a
 * folder changes its time.
 */
export async function stampModificationTimes(root: string, seconds: number): Promise<void> {
  const { files, folders } = walkDist(root);
  await mapConcurrently(files, FILES_AT_ONCE, (file) => utimes(path.join(root, file), seconds, seconds));
  for (const folder of folders) await utimes(folder, seconds, seconds);
  await utimes(root, seconds, seconds);
}

/** Checks `dist/manifest.sha256` (sha256sum format) against the files; returns how many it lists. */
export async function checkDistManifest(dist: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(path.join(dist, DIST_MANIFEST_FILE), "utf8");
  } catch {
    throw new SnapshotRefusedError(`The build wrote no ${DIST_MANIFEST_FILE}; nothing was published.`);
  }
  const lines = text.split("\n").filter((line) => line !== "");
  for (const line of lines) {
    const listed = parseSha256Line(line);
    if (listed === null) {
      throw new SnapshotRefusedError(`${DIST_MANIFEST_FILE}: unreadable line ${JSON.stringify(line)}.`);
    }
    const bytes = await readFile(path.join(dist, listed.path)).catch(() => null);
    if (bytes === null) {
      throw new SnapshotRefusedError(`${DIST_MANIFEST_FILE} lists ${listed.path}, which the build did not write.`);
    }
    if (sha256Hex(bytes) !== listed.sha256) {
      throw new SnapshotRefusedError(`${listed.path} does not match its sha256 in ${DIST_MANIFEST_FILE}.`);
    }
  }
  return lines.length;
}
