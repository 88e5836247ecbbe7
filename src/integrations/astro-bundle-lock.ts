import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { RefusedError } from "../errors.ts";
import { pidIsAlive } from "../store/folder-swap.ts";
import { describeLockHolder, type LockOwner, lockOwner, tryLock } from "../store/lock-file.ts";

/**
 * One Astro build at a time per checkout. Astro bundles the pages it is about to render into `.prerender/` inside the
 * output folder, but when that folder is outside the project (`npm run build -- --out /srv/site`, `publish`, every
 * test build into a temporary folder) into the project's own `.astro/.prerender/` instead, one folder for every such
 * build, and removes it when its pages are written. A second build then loses the bundle it is still importing page
 * modules from (measured: removing that folder mid-render stops the build with "Cannot find module
 * …/.astro/.prerender/chunks/…"), or reads a chunk the other is rewriting. So every `astro build` of the project
 * waits for this lock (`.astro/ledgerlight-build.lock`) before it starts and gives it back when its pages are
 * written: builds of one checkout take turns, whatever their output folders; `dev` and `sync` take no lock.
 * A build that dies leaves a lock whose pid is dead, which the next build takes over (src/store/lock-file.ts).
 */

export const ASTRO_BUNDLE_LOCK = path.join(".astro", "ledgerlight-build.lock");

export interface AstroBundleLock {
  release(): Promise<void>;
  releaseSync(): void;
}

export interface AstroBundleWait {
  /** What is building, recorded in the lock (e.g. `astro build`). */
  command: string;
  startedAt: Date;
  /** Told once, when the lock is held by another build, whom this build waits for. */
  onWait?: (holder: LockOwner, file: string) => void;
  /** How often the lock is tried again while another build holds it. */
  pollMs?: number;
  /** Whether a pid is alive on this host (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

/** Takes the bundle lock of the project at `root`, waiting while another live build holds it. */
export async function takeAstroBundleLock(root: string, options: AstroBundleWait): Promise<AstroBundleLock> {
  const file = path.join(root, ASTRO_BUNDLE_LOCK);
  await mkdir(path.dirname(file), { recursive: true });
  const owner = lockOwner(options.command, options.startedAt);
  // A lock of this very pid is a build this process was before (`npm run build` becomes each of its steps, and an
  // Astro step that failed hands over without an exit event): not a build to wait for.
  const alive = options.isAlive ?? pidIsAlive;
  const isAnotherBuild = (pid: number) => pid !== process.pid && alive(pid);
  let told = false;
  for (;;) {
    const attempt = await tryLock(file, owner, isAnotherBuild);
    if (attempt.taken) return attempt;
    if (attempt.holder === null) {
      throw new RefusedError(
        `${file} exists but is not a lock Ledgerlight can read, so another Astro build of this project may be running; if none is, remove ${file} and build again.`,
      );
    }
    if (!told) options.onWait?.(attempt.holder, file);
    told = true;
    await sleep(options.pollMs ?? 250);
  }
}

/** How the line a waiting build prints begins. */
export const WAITING_PREFIX = "Waiting for another build of this project (";

/** The line a waiting build prints. */
export function waitingLine(holder: LockOwner, file: string): string {
  return `${WAITING_PREFIX}${describeLockHolder(holder)}) to finish: Astro keeps one page bundle per project for sites built outside it. If no build is running, remove ${file}.`;
}

/**
 * A build process's output split into its waiting lines and the rest: a parent that runs the build as a child
 * (build-wallets.ts) shows the waiting line as it comes, and reads the rest as the build's own output, whose first
 * line may mark a committed snapshot's failure (child-failure.ts).
 */
export function splitWaitingLines(output: string): { waiting: string[]; rest: string } {
  const waiting: string[] = [];
  const rest: string[] = [];
  for (const line of output.split(/(?<=\n)/)) {
    if (line.startsWith(WAITING_PREFIX) && line.endsWith("\n")) waiting.push(line.slice(0, -1));
    else rest.push(line);
  }
  return { waiting, rest: rest.join("") };
}

/**
 * The lock as an integration: taken when `astro build` sets up (before Astro writes anything under `.astro/`) and
 * given back when the build is done (Astro has removed its bundle by then), or when the process exits otherwise.
 */
export function astroBundleLock(): AstroIntegration {
  let lock: AstroBundleLock | undefined;
  const onExit = () => lock?.releaseSync();
  return {
    name: "ledgerlight-astro-bundle-lock",
    hooks: {
      "astro:config:setup": async ({ command, config }) => {
        if (command !== "build") return;
        lock = await takeAstroBundleLock(fileURLToPath(config.root), {
          command: "astro build",
          startedAt: new Date(),
          onWait: (holder, file) => process.stderr.write(`${waitingLine(holder, file)}\n`),
        });
        process.once("exit", onExit);
      },
      "astro:build:done": async () => {
        process.off("exit", onExit);
        await lock?.release();
        lock = undefined;
      },
    },
  };
}
