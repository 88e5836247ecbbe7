import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError, ValidationError } from "../errors.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SNAPSHOT_FILES, type Snapshot, SnapshotManifestSchema } from "../schemas/snapshot.ts";
import { MANIFEST_FILE, SNAPSHOT_PARTS } from "./build-files.ts";

/**
 * Reading and replacing one wallet's snapshot folder. Replacement is all-or-nothing: files go to a temporary
 * sibling folder, are re-read and validated there, and only then swapped in by rename. A run that dies at any
 * point leaves either the complete old folder or the complete new one (plus a leftover temp folder that the
 * next run removes or, if the swap was cut in half, restores).
 *
 * A wallet folder may also hold a `legacy/` sub-folder (the v5 era, written by `npm run import-legacy`, with its
 * own manifest). The snapshot manifest does not list it, reading ignores it, and replacing the folder carries it
 * over unchanged: a snapshot run must never delete imported history.
 */

/** The sub-folder of a wallet folder that snapshot runs carry over untouched (see src/legacy/legacy-folder.ts). */
export const CARRIED_SUBFOLDERS = ["legacy"] as const;

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads, validates and manifest-checks a snapshot folder. */
export async function readSnapshotFolder(dir: string): Promise<Snapshot> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let manifestText: string;
  try {
    manifestText = await readFile(manifestPath, "utf8");
  } catch {
    throw new SnapshotRefusedError(`${dir} has no ${MANIFEST_FILE}; it is not a complete snapshot.`);
  }
  const manifest = parseOrThrow(SnapshotManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  const expected = Object.keys(SNAPSHOT_FILES).sort();
  const listed = Object.keys(manifest.files).sort();
  if (expected.join() !== listed.join()) {
    throw new SnapshotRefusedError(
      `${manifestPath} lists ${listed.join(", ")}; a snapshot has ${expected.join(", ")}.`,
    );
  }
  const snapshot: Record<string, unknown> = {};
  for (const [part, name] of Object.entries(SNAPSHOT_PARTS)) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      throw new SnapshotRefusedError(`${dir} is missing ${name}.`);
    }
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${file} does not match the sha256 in ${MANIFEST_FILE}; the file was changed after it was written.`,
      );
    }
    snapshot[part] = parseOrThrow(SNAPSHOT_FILES[name], parseJson(text, file), file);
  }
  return snapshot as Snapshot;
}

/** The committed snapshot in `dir`, or null when the wallet has none yet. */
export async function readCommittedSnapshot(dir: string): Promise<Snapshot | null> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  // A folder holding only imported legacy history has no snapshot yet.
  const own = entries?.filter((entry) => !(CARRIED_SUBFOLDERS as readonly string[]).includes(entry)) ?? [];
  return entries === null || own.length === 0 ? null : readSnapshotFolder(dir);
}

/** Atomically replaces `dir` with exactly `files`, plus the sub-folders it already had that are carried over. */
export async function replaceSnapshotFolder(dir: string, files: Map<string, string>): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  await recoverInterruptedRun(path.dirname(dir), path.basename(dir));
  await swapInFolder(dir, files, async (staging) => {
    await readSnapshotFolder(staging);
    for (const sub of CARRIED_SUBFOLDERS) {
      await cp(path.join(dir, sub), path.join(staging, sub), { recursive: true, errorOnExist: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        },
      );
    }
  });
}

/**
 * The all-or-nothing write under every committed folder (snapshots, legacy history): `files` go to a staging
 * folder beside `dir`, `prepare` validates (and may complete) it there, and only then is it swapped in by rename,
 * the old folder restored if the swap fails. A run killed at any point leaves the old folder or the new one.
 */
export async function swapInFolder(
  dir: string,
  files: Map<string, string>,
  prepare: (staging: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const retired = path.join(parent, `.${base}.retired-${process.pid}`);
  await mkdir(parent, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    for (const [name, bytes] of files) await writeFile(path.join(staging, name), bytes, "utf8");
    await prepare(staging);
    const hadOld = await rename(dir, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    try {
      await rename(staging, dir);
    } catch (error) {
      if (hadOld) await rename(retired, dir);
      throw error;
    }
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Cleans up after a run that was killed: a retired folder whose live folder is missing is the last complete
 * snapshot and is restored; staging folders are partial and are dropped.
 */
export async function recoverInterruptedRun(parent: string, base: string): Promise<void> {
  const entries = (await readdir(parent).catch(() => [] as string[])).sort();
  let live = entries.includes(base);
  for (const entry of entries) {
    if (entry.startsWith(`.${base}.retired-`)) {
      if (!live) {
        await rename(path.join(parent, entry), path.join(parent, base));
        live = true;
      } else {
        await rm(path.join(parent, entry), { recursive: true, force: true });
      }
    } else if (entry.startsWith(`.${base}.staging-`)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
