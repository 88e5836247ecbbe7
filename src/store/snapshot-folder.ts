import { createHash } from "node:crypto";
import { cp, type FileHandle, open, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { z } from "zod";
import { ValidationError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { createValueSharer } from "../lib/ledger/shared-values.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SNAPSHOT_FILES, type Snapshot, type SnapshotManifest, SnapshotManifestSchema } from "../schemas/snapshot.ts";
import { recoverInterruptedRun, type StagedFiles, swapInFolder } from "./folder-swap.ts";
import { checkLedgerText, createLedgerCheck, parseLedgerText } from "./ledger-text.ts";
import { LEGACY_FOLDER } from "./legacy-folder.ts";
import { parseJson } from "./parse-json.ts";
import { createArrayDocumentCheck } from "./record-array-text.ts";

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

export const MANIFEST_FILE = "manifest.json";

/** File name of each part of a snapshot. */
export const SNAPSHOT_PARTS = {
  meta: "meta.json",
  wallet: "wallet.json",
  ledger: "ledger.json",
  transfers: "transfers.json",
  proposals: "proposals.json",
  vetoes: "vetoes.json",
  donors: "donors.json",
  epochs: "epochs.json",
  changes: "changes.json",
} as const satisfies Record<keyof Snapshot, string>;

/** The sub-folder of a wallet folder that snapshot runs carry over untouched (see src/store/legacy-folder.ts). */
export const CARRIED_SUBFOLDERS = [LEGACY_FOLDER] as const;

/** The folder of every wallet's snapshot inside a content folder. */
export const SNAPSHOTS_FOLDER = "snapshots";

/** The folder of every wallet's snapshot (`content/snapshots`) of a content folder (`content`). */
export function snapshotsDir(contentDir: string): string {
  return path.join(contentDir, SNAPSHOTS_FOLDER);
}

/** The folder a wallet's snapshot lives in, inside the folder of every wallet's (`content/snapshots`). */
export function walletSnapshotDir(snapshotsDir: string, wallet: string): string {
  return path.join(snapshotsDir, normalizeAddress(wallet));
}

/**
 * Reads a snapshot folder's files one at a time, each checked against the sha256 its manifest lists, and hands
 * each to `visit` (manifest last) as the pieces it was read in; nothing parsed but the manifest. One file's text is
 * held at a time unless `visit` keeps it.
 */
async function visitCheckedSnapshotFiles(
  dir: string,
  visit: (name: string, pieces: readonly string[]) => void,
): Promise<void> {
  const manifest = await readSnapshotManifest(dir);
  for (const name of Object.values(SNAPSHOT_PARTS))
    visit(name, await readCheckedPieces(dir, name, manifest.files[name]));
  visit(MANIFEST_FILE, [manifest.text]);
}

/** A snapshot folder's manifest, checked to list exactly the files of a snapshot, and its text. */
async function readSnapshotManifest(dir: string): Promise<SnapshotManifest & { text: string }> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let manifestText: string;
  try {
    manifestText = await readFile(manifestPath, "utf8");
  } catch {
    throw new ValidationError(`${dir} has no ${MANIFEST_FILE}; it is not a complete snapshot.`);
  }
  const manifest = parseOrThrow(SnapshotManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  const expected = Object.keys(SNAPSHOT_FILES).sort();
  const listed = Object.keys(manifest.files).sort();
  if (expected.join() !== listed.join()) {
    throw new ValidationError(`${manifestPath} lists ${listed.join(", ")}; a snapshot has ${expected.join(", ")}.`);
  }
  return { ...manifest, text: manifestText };
}

/**
 * Bytes read per call. Each read waits its turn in libuv's pool (64 kB reads made a 61 MB ledger 1,000 waits), and
 * what a read brings is checked in one go before the next read: 1 MB held the event loop ~8 ms, which a snapshot
 * run, reading back its staged files while its last views are read, made every answer arriving meanwhile wait.
 */
const READ_BYTES = 1 << 18;
/** Bytes decoded per piece: small enough that no piece is a large object of its own, so pieces fill freed heap. */
const PIECE_BYTES = 1 << 16;

/** One file's text in 64 kB pieces, its bytes checked against the manifest's sha256 (`readCheckedFile`). */
async function readCheckedPieces(dir: string, name: string, sha256: string | undefined): Promise<string[]> {
  const pieces: string[] = [];
  await readCheckedFile(dir, name, sha256, (piece) => pieces.push(piece));
  return pieces;
}

/**
 * Reads one file, handing its text to `onPiece` in 64 kB pieces as it arrives, and throws once all is read if its
 * bytes do not match the manifest's sha256 (so a changed file is refused as such whatever its pieces did).
 */
async function readCheckedFile(
  dir: string,
  name: string,
  sha256: string | undefined,
  onPiece: (piece: string) => void,
): Promise<void> {
  if (sha256 !== (await readHashedFile(dir, name, onPiece))) throw changedFile(path.join(dir, name));
}

function changedFile(file: string): ValidationError {
  return new ValidationError(
    `${file} does not match the sha256 in ${MANIFEST_FILE}; the file was changed after it was written.`,
  );
}

/**
 * Reads one file, handing its text to `onPiece` in 64 kB pieces as it arrives, and gives the sha256 of its bytes.
 * The bytes are hashed as read (hashing the decoded text would encode a second copy of a 60 MB ledger, and reading
 * it whole would hold its bytes and its text at once), and decoded as one `toString("utf8")` of the whole would (a
 * character cut between two reads is decoded whole).
 */
async function readHashedFile(dir: string, name: string, onPiece: (piece: string) => void): Promise<string> {
  const file = path.join(dir, name);
  const hash = createHash("sha256");
  const decoder = new StringDecoder("utf8");
  const take = (piece: string) => {
    if (piece.length > 0) onPiece(piece);
  };
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch {
    throw new ValidationError(`${dir} is missing ${name}.`);
  }
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null).catch(() => {
        throw new ValidationError(`${dir} is missing ${name}.`);
      });
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      for (let at = 0; at < bytesRead; at += PIECE_BYTES) {
        take(decoder.write(buffer.subarray(at, Math.min(at + PIECE_BYTES, bytesRead))));
      }
    }
    take(decoder.end());
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

/**
 * Pieces as one string without copying them into one (V8 keeps the concatenation as a tree of the pieces until
 * something needs it flat).
 */
function joined(pieces: readonly string[]): string {
  let text = "";
  for (const piece of pieces) text += piece;
  return text;
}

/**
 * The bytes of every file of a snapshot folder (manifest included), each checked against its manifest: what
 * `publish` commits of a snapshot it wrote and verified in its staging content folder.
 */
export async function readCheckedSnapshotFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await visitCheckedSnapshotFiles(dir, (name, pieces) => files.set(name, joined(pieces)));
  return files;
}

/**
 * Checks a staging folder as `readSnapshotFolder` would read it (manifest, sha256, every part parsed and
 * validated), one file as soon as it is written (`written`, given to `swapInFolder`): a snapshot run writes the
 * parts its ledger's read decides while its views are still read, and they are checked then too. Each part is read
 * back, hashed, parsed and validated, keeping nothing but its hash and its findings. `end`, once every file is
 * written, reads the manifest and refuses as checking the whole folder would, in its order: the manifest's own
 * problems, then part by part in `SNAPSHOT_PARTS` order a missing file, bytes the manifest's sha256 does not match,
 * the parse's findings.
 */
function createStagingCheck() {
  const checked = new Map<string, StagedFileCheck>();
  return {
    async written(dir: string, name: string): Promise<void> {
      const part = PART_OF_FILE.get(name);
      if (part !== undefined) checked.set(name, await checkStagedFile(dir, part, name));
    },
    async end(dir: string): Promise<void> {
      const manifest = await readSnapshotManifest(dir);
      for (const name of Object.values(SNAPSHOT_PARTS)) {
        const file = checked.get(name);
        if (file === undefined) throw new ValidationError(`${dir} is missing ${name}.`);
        if (file.sha256 !== manifest.files[name]) throw changedFile(path.join(dir, name));
        if (file.failed) throw file.findings;
      }
    },
  };
}

const PART_OF_FILE = new Map(
  (Object.entries(SNAPSHOT_PARTS) as Array<[keyof Snapshot, string]>).map(([part, name]) => [name, part]),
);

/** What checking one staged file found: the sha256 of its bytes, and what its parse threw when it failed. */
type StagedFileCheck = { sha256: string; failed: false } | { sha256: string; failed: true; findings: unknown };

/**
 * Reads a staged part back, hashing its bytes and validating its text. The ledger and the files that are one array
 * of records are checked a chunk of records at a time as they are read (`src/store/ledger-text.ts`,
 * `src/store/record-array-text.ts`), so not even their text is held; when a chunk fails, the file is parsed whole for
 * the findings.
 */
async function checkStagedFile(dir: string, part: keyof Snapshot, name: string): Promise<StagedFileCheck> {
  const file = path.join(dir, name);
  const records = recordsOfArrayFile(name);
  let sha256: string;
  let parseWhole: () => Promise<unknown>;
  if (part === "ledger" || records !== undefined) {
    const check = part === "ledger" ? createLedgerCheck() : createArrayDocumentCheck(records as z.ZodType<unknown[]>);
    sha256 = await readHashedFile(dir, name, check.push);
    if (check.end()) return { sha256, failed: false };
    parseWhole = async () => {
      const text = await readFile(file, "utf8");
      return part === "ledger" ? checkLedgerText(text, file) : parseParts(dir, new Map([[name, text]]), [part]);
    };
  } else {
    const pieces: string[] = [];
    sha256 = await readHashedFile(dir, name, (piece) => pieces.push(piece));
    parseWhole = async () => parseParts(dir, new Map([[name, joined(pieces)]]), [part]);
  }
  try {
    await parseWhole();
    return { sha256, failed: false };
  } catch (findings) {
    return { sha256, failed: true, findings };
  }
}

/**
 * The schema of a chunk of a snapshot file that is one array of records with no rule on the array as a whole
 * (its schema is a plain `z.array(record)`), so that its chunks passing are the file passing; undefined otherwise.
 */
function recordsOfArrayFile(name: string): z.ZodType<unknown[]> | undefined {
  const schema = SNAPSHOT_FILES[name as keyof typeof SNAPSHOT_FILES] as z.ZodType | undefined;
  if (!(schema instanceof z.ZodArray)) return undefined;
  return (schema.def.checks ?? []).length === 0 ? (schema as z.ZodType<unknown[]>) : undefined;
}

/**
 * Parses and validates the named parts of checked snapshot files; `release` drops each text once parsed and gives
 * the parts one copy of each repeated value (src/lib/ledger/shared-values.ts): what is kept, as a whole snapshot
 * is, should not hold 10^5 copies of a few thousand addresses.
 */
function parseParts<K extends keyof Snapshot>(
  dir: string,
  files: Map<string, string>,
  parts: readonly K[],
  release = false,
) {
  const snapshot: Partial<Record<keyof Snapshot, unknown>> = {};
  const sharer = release ? createValueSharer() : undefined;
  for (const part of parts) {
    const name = SNAPSHOT_PARTS[part];
    const file = path.join(dir, name);
    const text = files.get(name) ?? "";
    if (part === "ledger") snapshot[part] = parseLedgerText(text, file, sharer);
    else {
      const parsed = parseOrThrow(SNAPSHOT_FILES[name], parseJson(text, file), file);
      snapshot[part] = sharer ? sharer.record(parsed) : parsed;
    }
    if (release) files.delete(name);
  }
  return snapshot as Pick<Snapshot, K>;
}

/** Reads, validates and manifest-checks a snapshot folder. */
export async function readSnapshotFolder(dir: string): Promise<Snapshot> {
  return parseSnapshotFiles(dir, await readCheckedSnapshotFiles(dir));
}

/** Parses and validates every part of checked snapshot files (`readCheckedSnapshotFiles`), emptying `files`. */
export function parseSnapshotFiles(dir: string, files: Map<string, string>): Snapshot {
  const snapshot = parseParts(dir, files, Object.keys(SNAPSHOT_PARTS) as Array<keyof Snapshot>, true);
  files.clear();
  return snapshot;
}

/** The small parts of a snapshot a run decides on before reading the chain (what it is, where it stopped). */
export type SnapshotHead = Pick<Snapshot, "meta" | "wallet" | "changes">;
const HEAD_PARTS = ["meta", "wallet", "changes"] as const satisfies ReadonlyArray<keyof Snapshot>;

/**
 * The committed snapshot's head and the bytes of all its files, or null when the wallet has none yet. Every file
 * is checked against its manifest's sha256 (so a file changed after it was written is refused as by a full read);
 * only the head is parsed: a run that finds the chain unchanged needs nothing else, and one that goes on reads the
 * whole snapshot with `readCommittedSnapshot`.
 */
export async function readCommittedHead(
  dir: string,
): Promise<{ head: SnapshotHead; files: Map<string, string> } | null> {
  if (!(await hasSnapshot(dir))) return null;
  const files = await readCheckedSnapshotFiles(dir);
  return { head: parseParts(dir, files, HEAD_PARTS), files };
}

async function hasSnapshot(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  // A folder holding only imported legacy history has no snapshot yet.
  const own = entries?.filter((entry) => !(CARRIED_SUBFOLDERS as readonly string[]).includes(entry)) ?? [];
  return entries !== null && own.length > 0;
}

/** The committed snapshot in `dir`, or null when the wallet has none yet. */
export async function readCommittedSnapshot(dir: string): Promise<Snapshot | null> {
  return (await hasSnapshot(dir)) ? readSnapshotFolder(dir) : null;
}

/**
 * Atomically replaces `dir` with exactly `files`, plus the sub-folders it already had that are carried over.
 * `checkCommitted` is given the snapshot committed in `dir` at the moment of the swap (re-read after the new files
 * are validated, just before the rename) and throws to refuse: the append-only check must hold against what is
 * committed then, not what was committed when the run started.
 *
 * `files` may be a generator (`snapshotFileTexts`), or an async one that waits for what its next files need: each
 * text is written, then read back and checked (`createStagingCheck`) and dropped, before the next is built, keeping
 * nothing (so a run's peak memory holds the snapshot and one file's check, not every text built beside the snapshot
 * while the ledger is parsed again).
 */
export async function replaceSnapshotFolder(
  dir: string,
  files: StagedFiles,
  checkCommitted?: (committed: Snapshot | null) => void,
): Promise<void> {
  await recoverInterruptedRun(path.dirname(dir), path.basename(dir));
  const check = createStagingCheck();
  const prepare = async (staging: string) => {
    await check.end(staging);
    for (const sub of CARRIED_SUBFOLDERS) {
      await cp(path.join(dir, sub), path.join(staging, sub), { recursive: true, errorOnExist: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        },
      );
    }
    checkCommitted?.(await readCommittedSnapshot(dir));
  };
  await swapInFolder(dir, files, prepare, check.written);
}
