import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError } from "../errors.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SNAPSHOT_FILES, SnapshotManifestSchema, type SnapshotMeta, SnapshotMetaSchema } from "../schemas/snapshot.ts";
import { MANIFEST_FILE, sha256Hex } from "./build-files.ts";

/**
 * Reading and replacing one wallet's snapshot folder. Replacement is all-or-nothing: files go to a temporary
 * sibling folder, are re-read and validated there, and only then swapped in by rename. A run that dies at any
 * point leaves either the complete old folder or the complete new one (plus a leftover temp folder that the
 * next run removes).
 */

/** Reads and validates every file of a snapshot folder against its schema and the manifest. */
export async function readSnapshotFolder(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(path.join(dir, name), "utf8"));
  const manifestText = files.get(MANIFEST_FILE);
  if (manifestText === undefined) {
    throw new SnapshotRefusedError(`${dir} has no ${MANIFEST_FILE}; it is not a complete snapshot.`);
  }
  const manifest = parseOrThrow(SnapshotManifestSchema, JSON.parse(manifestText), path.join(dir, MANIFEST_FILE));
  for (const [name, schema] of Object.entries(SNAPSHOT_FILES)) {
    const text = files.get(name);
    if (text === undefined) throw new SnapshotRefusedError(`${dir} is missing ${name}.`);
    parseOrThrow(schema, JSON.parse(text), path.join(dir, name));
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${path.join(dir, name)} does not match the sha256 in ${MANIFEST_FILE}; the file was changed after it was written.`,
      );
    }
  }
  return files;
}

/** The committed snapshot's meta, or undefined when the folder does not exist yet. */
export async function readCommittedMeta(dir: string): Promise<SnapshotMeta | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, "meta.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return parseOrThrow(SnapshotMetaSchema, JSON.parse(text), path.join(dir, "meta.json"));
}

/** Atomically replaces `dir` with exactly `files`. */
export async function replaceSnapshotFolder(dir: string, files: Map<string, string>): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const retired = path.join(parent, `.${base}.retired-${process.pid}`);
  await mkdir(parent, { recursive: true });
  await removeLeftovers(parent, base);
  await mkdir(staging);
  try {
    for (const [name, bytes] of files) await writeFile(path.join(staging, name), bytes, "utf8");
    await readSnapshotFolder(staging);
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
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const entries = await readdir(parent);
  const live = entries.includes(base);
  for (const entry of entries.sort()) {
    if (entry.startsWith(`.${base}.retired-`)) {
      if (!live) {
        await rename(path.join(parent, entry), path.join(parent, base));
        return removeLeftovers(parent, base);
      }
      await rm(path.join(parent, entry), { recursive: true, force: true });
    } else if (entry.startsWith(`.${base}.staging-`)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
