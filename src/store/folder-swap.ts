import { type FileHandle, mkdir, open, readdir, rename, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { withDisplayPaths } from "./display-path.ts";
import { namingPath } from "./errno-path.ts";

/**
 * The all-or-nothing write under every committed folder (snapshots, legacy history). Files go to a staging
 * folder beside the live one (`.<name>.staging-<pid>`, same file system, so the swap is a rename); the live folder
 * is moved aside (`.<name>.retired-<pid>`) only for the instant of the swap. A run killed at any point leaves the
 * old folder or the new one, plus leftovers that `recoverInterruptedRun` clears.
 */

/**
 * `files` go to a staging folder beside `dir`, `prepare` validates (and may complete) it there, and only then is
 * it swapped in by rename, the old folder restored if the swap fails. `files` is iterated once, each text written
 * (and handed to `written`, which may check it) before the next is asked for: a generator building them one by one
 * never holds them all, and an async one may wait for what its next files need (a snapshot run's views) while the
 * files before are already written and checked. Whatever it throws ends the run like a failed write: the staging
 * folder goes and `dir` is untouched.
 */
export async function swapInFolder(
  dir: string,
  files: StagedFiles,
  prepare: (staging: string) => Promise<void>,
  written?: (staging: string, name: string) => Promise<void>,
): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const staging = path.join(parent, `.${base}.staging-${process.pid}`);
  const retired = path.join(parent, `.${base}.retired-${process.pid}`);
  const iterator = Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
  // Whether a failure is the files' own (building them, a snapshot run's reads): thrown as it is, not as a write's.
  let building = true;
  const nextFile = async () => {
    building = true;
    const next = await iterator.next();
    building = false;
    return next;
  };
  // The first file is built before anything is staged: a run that fails before it has a file (a snapshot run while
  // it reads the node) leaves nothing behind, and a staging folder only exists while files are being written.
  let next = await nextFile();
  // The first folder this run made on the way to `parent` (undefined when it was there): a run that fails removes
  // them again, so a refused first snapshot leaves no empty folders behind.
  let made: string | undefined;
  try {
    made = await mkdir(parent, { recursive: true });
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    try {
      try {
        for (; !next.done; next = await nextFile()) {
          const [name, text] = next.value;
          await writeText(path.join(staging, name), text);
          await written?.(staging, name);
        }
        await prepare(staging);
      } catch (error) {
        if (building) throw error;
        // The user knows `dir`, not its staging copy: messages name the folder being replaced.
        throw withDisplayPaths(namingPath(error, dir), [{ staging, shown: dir }]);
      }
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
  } catch (error) {
    // Files not yet built are not wanted: an unfinished generator ends here (its `finally` runs).
    if (!building) await iterator.return?.();
    if (made !== undefined) await removeMadeFolders(parent, made);
    throw asFailureToWrite(dir, error, [staging, retired]);
  }
}

/** Removes `folder` and its parents up to `top`, each only while empty (something else may have written there). */
async function removeMadeFolders(folder: string, top: string): Promise<void> {
  const removed = (at: string) => rmdir(at).then(succeeded, failed);
  for (let at = folder; at.startsWith(top); at = path.dirname(at)) {
    if (!(await removed(at)) || at === top) return;
  }
}

const succeeded = () => true;
const failed = () => false;

/**
 * A file's text: one string, or its pieces in order, each built only when asked for (a 10^5-entry ledger a chunk of
 * entries at a time, `src/store/ledger-text.ts`, so its whole text is never held while it is written). A piece must
 * not end in half a surrogate pair.
 */
export type FileText = string | Iterable<string>;

/** The files of a folder to stage, by name, each text built when asked for; an async iterable may wait between files. */
export type StagedFiles =
  | Iterable<readonly [name: string, text: FileText]>
  | AsyncIterable<readonly [name: string, text: FileText]>;

/** Code units written per call: large texts go out in pieces, so no UTF-8 copy of a whole 60 MB ledger is made. */
const WRITE_CHUNK = 1 << 20;

/** Writes `text` as UTF-8 (the same bytes as `writeFile(file, text, "utf8")`), at most WRITE_CHUNK code units a call. */
export async function writeText(file: string, text: FileText): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (const piece of typeof text === "string" ? [text] : text) await writePiece(handle, piece);
  } finally {
    await handle.close();
  }
}

/** One piece, at most WRITE_CHUNK code units a call. */
async function writePiece(handle: FileHandle, text: string): Promise<void> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + WRITE_CHUNK, text.length);
    // Never split a surrogate pair: each half alone would be written as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    const bytes = Buffer.from(text.slice(start, end), "utf8");
    for (let offset = 0; offset < bytes.length; ) {
      offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
    }
    start = end;
  }
}

/**
 * A file-system error about one of our internal folders (staging, retired), told as what it means to the person
 * running the command: `dir` could not be written. Messages never show internal folder names; the errno is kept, so
 * the exit code is the same (src/errors.ts).
 */
export function asFailureToWrite(dir: string, error: unknown, internal: readonly string[]): unknown {
  const failure = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof failure?.code !== "string") return error;
  const mentions = (where: unknown) => typeof where === "string" && internal.some((folder) => where.startsWith(folder));
  if (!mentions(failure.path) && !mentions(failure.dest)) return error;
  return Object.assign(new Error(`${failure.code}: could not write ${dir}`, { cause: error }), {
    code: failure.code,
    errno: failure.errno,
    syscall: failure.syscall,
    path: dir,
  });
}

/** Whether a pid is alive on this host (EPERM: alive, but someone else's). */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid a leftover's name ends with (`.<name>.staging-<pid>`), or null. */
export function leftoverPid(entry: string): number | null {
  const match = /-(\d{1,10})$/.exec(entry);
  return match ? Number(match[1]) : null;
}

/**
 * Whether a leftover folder belongs to a run that is over (killed): ours from an earlier life of this pid, or one
 * whose pid is not alive. A live run's staging and retired folders are never touched.
 */
export function isLeftoverOfDeadRun(entry: string, isAlive: (pid: number) => boolean = pidIsAlive): boolean {
  const pid = leftoverPid(entry);
  return pid === null || pid === process.pid || !isAlive(pid);
}

/**
 * Cleans up after a run that was killed: a retired folder whose live folder is missing is the last complete
 * folder and is restored; staging folders are partial and are dropped. Leftovers of runs still alive are left to
 * them.
 */
export async function recoverInterruptedRun(
  parent: string,
  base: string,
  isAlive: (pid: number) => boolean = pidIsAlive,
): Promise<void> {
  const entries = (await readdir(parent).catch(() => [] as string[])).sort();
  let live = entries.includes(base);
  for (const entry of entries) {
    const retired = entry.startsWith(`.${base}.retired-`);
    if (!retired && !entry.startsWith(`.${base}.staging-`)) continue;
    if (!isLeftoverOfDeadRun(entry, isAlive)) continue;
    if (retired && !live) {
      await rename(path.join(parent, entry), path.join(parent, base));
      live = true;
    } else {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
