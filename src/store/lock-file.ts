import { readFileSync, unlinkSync } from "node:fs";
import { link, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

/**
 * A lock file on this machine: who holds it, taken atomically, taken over when its holder died. The content lock
 * (content-lock.ts, one writer per content folder, refuses a second) and the Astro bundle lock
 * (src/integrations/astro-bundle-lock.ts, one Astro build per checkout at a time, waits) are both this file.
 *
 * The lock file is written whole under a private name and then hard-linked to the lock's name (link fails when the
 * name exists), so a lock is never seen half-written. A lock whose pid is not alive on this host is stale (its run
 * was killed) and is taken over; a lock from another host, or one we cannot read, is never taken over.
 */

/** What a lock file holds: who holds it, so a refusal or a wait can say whom. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** When the run started (ISO 8601, UTC). */
  startedAt: string;
}

/** Who holds a lock, as a refusal or a wait names them: `pid 4242, \`npm run snapshot\`, started …` (`on HOST` if not here). */
export function describeLockHolder(owner: LockOwner): string {
  const where = owner.host === hostname() ? "" : ` on ${owner.host}`;
  return `pid ${owner.pid}${where}, \`${owner.command}\`, started ${owner.startedAt}`;
}

/** This process as a lock's owner. */
export function lockOwner(command: string, startedAt: Date): LockOwner {
  return { pid: process.pid, host: hostname(), command, startedAt: startedAt.toISOString() };
}

/**
 * One attempt at a lock: taken (with the stale holder it replaced, if any), or held by `holder` (null: unreadable).
 * `releaseSync` is for a process's `exit` event, where nothing asynchronous runs.
 */
export type LockAttempt =
  | { taken: true; release: () => Promise<void>; releaseSync: () => void; tookOverFrom: LockOwner | undefined }
  | { taken: false; holder: LockOwner | null };

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

/** The text a lock file holds for `owner`: what `release` compares before removing it. */
function lockText(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/**
 * Tries once to take `file` for `owner` (its folder must exist): taken, or the holder that keeps it. A stale lock
 * (its pid dead on this host) is taken over once. `isAlive` says whether a pid on this host is alive.
 */
export async function tryLock(file: string, owner: LockOwner, isAlive: (pid: number) => boolean): Promise<LockAttempt> {
  await removeDeadDrafts(file, isAlive);
  const text = lockText(owner);
  const draft = `${file}.${owner.pid}`;
  await writeFile(draft, text, "utf8");
  let tookOverFrom: LockOwner | undefined;
  try {
    // Twice at most: once as is, once after taking over a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, file);
        return {
          taken: true,
          release: () => releaseLock(file, text),
          releaseSync: () => releaseLockSync(file, text),
          tookOverFrom,
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = await readFile(file, "utf8").catch(() => null);
      if (held === null) continue; // Released between our link and our read.
      const holder = parseOwner(held);
      if (holder === null) return { taken: false, holder: null };
      if (holder.host !== hostname() || isAlive(holder.pid) || attempt > 0) return { taken: false, holder };
      await takeOverStale(file, held);
      tookOverFrom = holder;
    }
    return { taken: false, holder: parseOwner(await readFile(file, "utf8").catch(() => "")) };
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

/** Removes the private files (`<lock>.<pid>`, `<lock>.takeover-<pid>`) that killed runs left beside `file`. */
async function removeDeadDrafts(file: string, isAlive: (pid: number) => boolean): Promise<void> {
  const name = path.basename(file);
  for (const entry of await readdir(path.dirname(file))) {
    if (!entry.startsWith(`${name}.`)) continue;
    const match = /^(?:takeover-)?(\d{1,10})$/.exec(entry.slice(name.length + 1));
    if (match && !isAlive(Number(match[1]))) await unlink(path.join(path.dirname(file), entry)).catch(() => {});
  }
}

/** Removes the lock if it is still ours (never another run's). */
async function releaseLock(file: string, ownText: string): Promise<void> {
  const held = await readFile(file, "utf8").catch(() => null);
  if (held === ownText) await unlink(file).catch(() => {});
}

/** `releaseLock`, synchronously. */
function releaseLockSync(file: string, ownText: string): void {
  try {
    if (readFileSync(file, "utf8") === ownText) unlinkSync(file);
  } catch {
    // Already gone, or unreadable: not ours to remove.
  }
}
