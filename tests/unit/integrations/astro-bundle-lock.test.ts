import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RefusedError } from "../../../src/errors.ts";
import {
  ASTRO_BUNDLE_LOCK,
  splitWaitingLines,
  takeAstroBundleLock,
  WAITING_PREFIX,
  waitingLine,
} from "../../../src/integrations/astro-bundle-lock.ts";
import type { LockOwner } from "../../../src/store/lock-file.ts";

const STARTED = new Date("2026-01-02T03:04:05.000Z");
let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ledgerlight-bundle-lock-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const lockFile = () => path.join(root, ASTRO_BUNDLE_LOCK);
const OTHER: LockOwner = { pid: 4242, host: hostname(), command: "astro build", startedAt: "2026-01-01T00:00:00.000Z" };
async function heldBy(owner: LockOwner) {
  await mkdir(path.dirname(lockFile()), { recursive: true });
  await writeFile(lockFile(), `${JSON.stringify(owner)}\n`);
}

describe("takeAstroBundleLock", () => {
  it("takes the project's lock under .astro/, saying who holds it, and release gives it back", async () => {
    const lock = await takeAstroBundleLock(root, { command: "astro build", startedAt: STARTED });
    expect(JSON.parse(await readFile(lockFile(), "utf8"))).toEqual({
      pid: process.pid,
      host: hostname(),
      command: "astro build",
      startedAt: "2026-01-02T03:04:05.000Z",
    });
    await lock.release();
    expect(await readdir(path.dirname(lockFile()))).toEqual([]);
  });

  it("waits while another live build holds it, says once whom it waits for, and takes it when it is given back", async () => {
    await heldBy(OTHER);
    const told: string[] = [];
    let taken = false;
    const waiting = takeAstroBundleLock(root, {
      command: "astro build",
      startedAt: STARTED,
      pollMs: 5,
      isAlive: (pid) => pid === OTHER.pid,
      onWait: (holder, file) => told.push(waitingLine(holder, file)),
    }).then((lock) => {
      taken = true;
      return lock;
    });
    await sleep(100);
    // Still waiting after many tries, the other build's lock untouched.
    expect(taken).toBe(false);
    expect(JSON.parse(await readFile(lockFile(), "utf8")).pid).toBe(OTHER.pid);
    expect(told).toEqual([
      `Waiting for another build of this project (pid 4242, \`astro build\`, started 2026-01-01T00:00:00.000Z) to finish: Astro keeps one page bundle per project for sites built outside it. If no build is running, remove ${lockFile()}.`,
    ]);
    await unlink(lockFile());
    const lock = await waiting;
    expect(JSON.parse(await readFile(lockFile(), "utf8")).pid).toBe(process.pid);
    expect(told).toHaveLength(1);
    await lock.release();
  });

  it("takes over the lock of a build that died, without waiting", async () => {
    await heldBy(OTHER);
    const told: string[] = [];
    const lock = await takeAstroBundleLock(root, {
      command: "astro build",
      startedAt: STARTED,
      isAlive: () => false,
      onWait: (holder, file) => told.push(waitingLine(holder, file)),
    });
    expect(JSON.parse(await readFile(lockFile(), "utf8")).pid).toBe(process.pid);
    expect(told).toEqual([]);
    await lock.release();
  });

  it("never waits for a lock of its own pid (a build this process was before it became the next step)", async () => {
    await heldBy({ ...OTHER, pid: process.pid });
    const lock = await takeAstroBundleLock(root, { command: "astro build", startedAt: STARTED, isAlive: () => true });
    expect(JSON.parse(await readFile(lockFile(), "utf8")).startedAt).toBe("2026-01-02T03:04:05.000Z");
    await lock.release();
  });

  it("refuses a lock file it cannot read, naming it, and leaves it", async () => {
    await mkdir(path.dirname(lockFile()), { recursive: true });
    await writeFile(lockFile(), "not a lock");
    const taking = takeAstroBundleLock(root, { command: "astro build", startedAt: STARTED, pollMs: 5 });
    await expect(taking).rejects.toThrow(RefusedError);
    await expect(taking).rejects.toThrow(`${lockFile()} exists but is not a lock Ledgerlight can read`);
    expect(await readFile(lockFile(), "utf8")).toBe("not a lock");
  });

  it("releaseSync (for the exit event) removes only its own lock", async () => {
    const lock = await takeAstroBundleLock(root, { command: "astro build", startedAt: STARTED });
    await heldBy(OTHER);
    lock.releaseSync();
    expect(JSON.parse(await readFile(lockFile(), "utf8")).pid).toBe(OTHER.pid);
    await unlink(lockFile());
    const again = await takeAstroBundleLock(root, { command: "astro build", startedAt: STARTED });
    again.releaseSync();
    expect(await readdir(path.dirname(lockFile()))).toEqual([]);
  });
});

describe("splitWaitingLines", () => {
  it("takes out whole waiting lines and keeps the rest of a build's output as it was", () => {
    const line = waitingLine(OTHER, "/p/.astro/ledgerlight-build.lock");
    expect(splitWaitingLines(`${line}\n[the committed snapshot stopped this build]\nBad.\n`)).toEqual({
      waiting: [line],
      rest: "[the committed snapshot stopped this build]\nBad.\n",
    });
    // Not a line of its own, or not yet whole: the build's output, left where it is.
    const quoted = `Error: ${WAITING_PREFIX}… is not a waiting line\n`;
    expect(splitWaitingLines(quoted)).toEqual({ waiting: [], rest: quoted });
    expect(splitWaitingLines(`Bad.\n${line}`)).toEqual({ waiting: [], rest: `Bad.\n${line}` });
    expect(splitWaitingLines("")).toEqual({ waiting: [], rest: "" });
  });
});
