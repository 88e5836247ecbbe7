import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { RefusedError, ValidationError } from "../errors.ts";
import { pidIsAlive } from "./folder-swap.ts";
import { describeLockHolder, type LockOwner, lockOwner, tryLock } from "./lock-file.ts";

/**
 * One writer at a time per content folder. Every command that writes a content folder (`snapshot`, `publish`,
 * `import-legacy`, `new-report`, `init --force`) holds `<content>/.ledgerlight.lock` while it runs: a second one
 * fails at once (exit 5) naming the run that holds it, instead of both writing and the later finisher winning.
 * `build`, `verify`, `diff` and the checks only read, so they take no lock (a snapshot swap is a rename, so a reader
 * sees the old snapshot or the new one). How the lock is taken, and when a stale one is taken over: lock-file.ts.
 */

export const LOCK_FILE = ".ledgerlight.lock";

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

function busy(file: string, contentDir: string, owner: LockOwner): RefusedError {
  return new RefusedError(
    `Another run (${describeLockHolder(owner)}) is writing ${contentDir}; wait for it or, if it died, remove ${file}.`,
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
  const attempt = await tryLock(file, lockOwner(options.command, options.startedAt), isAlive);
  if (!attempt.taken) throw attempt.holder ? busy(file, contentDir, attempt.holder) : unreadable(file, contentDir);
  const stale = attempt.tookOverFrom;
  if (stale) {
    options.onNote?.(
      `Note: took over ${file}, left by a run that is no longer alive (pid ${stale.pid}, \`${stale.command}\`, started ${stale.startedAt}).`,
    );
  }
  return { file, release: attempt.release };
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
