import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { RefusedError, ValidationError } from "../errors.ts";
import { pidIsAlive } from "./folder-swap.ts";

/**
 * One writer at a time per content folder. Every command that writes a content folder (`snapshot`, `publish`,
 * `import-legacy`, `new-report`, `init --force`) holds `<content>/.ledgerlight.lock` while it runs: a second one
 * fails at once (exit 5) naming the run that holds it, instead of both writing and the later finisher winning.
 * `build`, `verify`, `diff` and the checks only read, so they take no lock (a snapshot swap is a rename, so a reader
 * sees the old snapshot or the new one).
 *
 * The lock file is written whole under a private name and then hard-linked to the lock's name (link fails when the
 * name exists), so a lock is never seen half-written. A lock whose pid is not alive on this host is stale (its run
 * was killed) and is taken over with a note; a lock from another host, or one we cannot read, is never taken over.
 */

export const LOCK_FILE = ".ledgerlight.lock";

/** What a lock file holds: who is writing, so the refusal can say whom to wait for. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** When the run started (ISO 8601, UTC). */
  startedAt: string;
}

export interface ContentLock {
  file: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** What is running, e.g. `npm run snapshot`. */
  command: string;
  /** The start time recorded in the lock (a CLI passes the clock; tests pass a fixed time). */
  startedAt: Date;
  /** Told when a stale lock is taken over (a CLI writes it to stderr). */
  onNote?: (line: string) => void;
  /** Create the content folder when it is missing (a first snapshot); otherwise a missing folder is bad input. */
  createFolder?: boolean;
  /** Whether a pid is alive on this host (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

/** The lock file of a content folder. */
export function contentLockFile(contentDir: string): string {
  return path.join(contentDir, LOCK_FILE);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      Number.isSafeInteger(value.pid) &&
      (value.pid as number) > 0 &&
      typeof value.host === "string" &&
      typeof value.command === "string" &&
      typeof value.startedAt === "string"
    ) {
      return value as LockOwner;
    }
  } catch {
    // Falls through: not a lock we wrote.
  }
  return null;
}

function busy(file: string, contentDir: string, owner: LockOwner): RefusedError {
  const where = owner.host === hostname() ? "" : ` on ${owner.host}`;
  return new RefusedError(
    `Another run (pid ${owner.pid}${where}, \`${owner.command}\`, started ${owner.startedAt}) is writing ${contentDir}; wait for it or, if it died, remove ${file}.`,
  );
}

function unreadable(file: string, contentDir: string): RefusedError {
  return new RefusedError(
    `${file} exists but is not a lock Ledgerlight can read, so another run may be writing ${contentDir}; if none is, remove ${file} and run again.`,
  );
}

/**
 * Takes the lock of `contentDir` or throws RefusedError naming its holder.
 */
export async function acquireContentLock(contentDir: string, options: LockOptions): Promise<ContentLock> {
  const isAlive = options.isAlive ?? pidIsAlive;
  const file = contentLockFile(contentDir);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    startedAt: options.startedAt.toISOString(),
  };
  const text = `${JSON.stringify(owner)}\n`;
  if (options.createFolder) await mkdir(contentDir, { recursive: true });
  else {
    const kind = await stat(contentDir).then(
      (info) => (info.isDirectory() ? "folder" : "file"),
      () => "missing",
    );
    if (kind !== "folder") {
      throw new ValidationError(
        kind === "missing"
          ? `The content folder ${contentDir} does not exist.`
          : `${contentDir} is a file, not a content folder.`,
        {
          advice:
            "name the content folder that holds program.yaml with --content DIR, or create one with npm run init.",
        },
      );
    }
  }
  await removeDeadDrafts(contentDir, isAlive);
  const draft = `${file}.${process.pid}`;
  await writeFile(draft, text, "utf8");
  try {
    // Twice at most: once as is, once after taking over a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, file);
        return { file, release: () => releaseLock(file, text) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = await readFile(file, "utf8").catch(() => null);
      if (held === null) continue; // Released between our link and our read.
      const holder = parseOwner(held);
      if (holder === null) throw unreadable(file, contentDir);
      if (holder.host !== hostname() || isAlive(holder.pid) || attempt > 0) throw busy(file, contentDir, holder);
      await takeOverStale(file, held);
      options.onNote?.(
        `Note: took over ${file}, left by a run that is no longer alive (pid ${holder.pid}, \`${holder.command}\`, started ${holder.startedAt}).`,
      );
    }
    const holder = parseOwner(await readFile(file, "utf8").catch(() => ""));
    throw holder ? busy(file, contentDir, holder) : unreadable(file, contentDir);
  } finally {
    await unlink(draft).catch(() => {});
  }
}

/**
 * Removes a stale lock without removing a live one that replaced it meanwhile: the lock is first moved to a name of
 * our own (atomic), and put back if what we moved is not the stale lock we read.
 */
async function takeOverStale(file: string, staleText: string): Promise<void> {
  const moved = `${file}.takeover-${process.pid}`;
  try {
    await rename(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const movedText = await readFile(moved, "utf8");
  if (movedText !== staleText) await link(moved, file).catch(() => {});
  await unlink(moved);
}

/** Removes the private files (`.ledgerlight.lock.<pid>`, `.ledgerlight.lock.takeover-<pid>`) of killed runs. */
async function removeDeadDrafts(contentDir: string, isAlive: (pid: number) => boolean): Promise<void> {
  for (const entry of await readdir(contentDir)) {
    const match = /^\.ledgerlight\.lock\.(?:takeover-)?(\d{1,10})$/.exec(entry);
    if (match && !isAlive(Number(match[1]))) await unlink(path.join(contentDir, entry)).catch(() => {});
  }
}

/** Removes the lock if it is still ours (never another run's). */
async function releaseLock(file: string, ownText: string): Promise<void> {
  const held = await readFile(file, "utf8").catch(() => null);
  if (held === ownText) await unlink(file).catch(() => {});
}

/** Runs `work` holding the lock of `contentDir`, released however `work` ends. */
export async function withContentLock<T>(contentDir: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = await acquireContentLock(contentDir, options);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
