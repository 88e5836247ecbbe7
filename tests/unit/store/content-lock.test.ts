import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RefusedError, ValidationError } from "../../../src/errors.ts";
import { acquireContentLock, LOCK_FILE, withContentLock } from "../../../src/store/content-lock.ts";

const STARTED = new Date("2026-01-02T03:04:05.000Z");
let content: string;
beforeEach(async () => {
  content = await mkdtemp(path.join(tmpdir(), "ledgerlight-lock-"));
});
afterEach(async () => {
  await rm(content, { recursive: true, force: true });
});

const LOCK = LOCK_FILE;
const lockFile = () => path.join(content, LOCK_FILE);
const holder = (pid: number, host = hostname()) =>
  `${JSON.stringify({ pid, host, command: "npm run snapshot", startedAt: "2026-01-01T00:00:00.000Z" })}\n`;

describe("acquireContentLock", () => {
  it("writes who holds it, and release removes it", async () => {
    const lock = await acquireContentLock(content, { command: "npm run publish", startedAt: STARTED });
    expect(JSON.parse(await readFile(lockFile(), "utf8"))).toEqual({
      pid: process.pid,
      host: hostname(),
      command: "npm run publish",
      startedAt: "2026-01-02T03:04:05.000Z",
    });
    await lock.release();
    expect(await readdir(content)).toEqual([]);
  });

  it("refuses a second writer while the first is alive, naming it and the lock file", async () => {
    await writeFile(lockFile(), holder(4242));
    const second = acquireContentLock(content, {
      command: "npm run snapshot",
      startedAt: STARTED,
      isAlive: () => true,
    });
    await expect(second).rejects.toThrow(RefusedError);
    await expect(second).rejects.toThrow(
      `Another run (pid 4242, \`npm run snapshot\`, started 2026-01-01T00:00:00.000Z) is writing ${content}; wait for it or, if it died, remove ${lockFile()}.`,
    );
    expect(await readFile(lockFile(), "utf8")).toBe(holder(4242));
    expect(await readdir(content)).toEqual([LOCK_FILE]);
  });

  it("takes over a lock whose pid is dead, with a note", async () => {
    await writeFile(lockFile(), holder(4242));
    const notes: string[] = [];
    const lock = await acquireContentLock(content, {
      command: "npm run snapshot",
      startedAt: STARTED,
      isAlive: () => false,
      onNote: (line) => notes.push(line),
    });
    expect(JSON.parse(await readFile(lockFile(), "utf8")).pid).toBe(process.pid);
    expect(notes).toEqual([expect.stringMatching(/took over .*no longer alive \(pid 4242/)]);
    await lock.release();
    expect(await readdir(content)).toEqual([]);
  });

  it("never takes over a lock from another host", async () => {
    await writeFile(lockFile(), holder(4242, "elsewhere"));
    await expect(
      acquireContentLock(content, { command: "x", startedAt: STARTED, isAlive: () => false }),
    ).rejects.toThrow(/pid 4242 on elsewhere/);
  });

  it("refuses a lock file it cannot read, and leaves it", async () => {
    await writeFile(lockFile(), "garbage{");
    await expect(acquireContentLock(content, { command: "x", startedAt: STARTED })).rejects.toThrow(
      /is not a lock Ledgerlight can read/,
    );
    expect(await readFile(lockFile(), "utf8")).toBe("garbage{");
  });

  it("a missing content folder is bad input unless the command creates it", async () => {
    const missing = path.join(content, "nope");
    await expect(acquireContentLock(missing, { command: "x", startedAt: STARTED })).rejects.toThrow(ValidationError);
    const lock = await acquireContentLock(missing, { command: "x", startedAt: STARTED, createFolder: true });
    await lock.release();
    expect(await readdir(missing)).toEqual([]);
  });

  it("withContentLock releases the lock when the work fails", async () => {
    await expect(
      withContentLock(content, { command: "x", startedAt: STARTED }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await readdir(content)).toEqual([]);
  });

  it("release never removes another run's lock", async () => {
    const lock = await acquireContentLock(content, { command: "x", startedAt: STARTED });
    await writeFile(lockFile(), holder(4242));
    await lock.release();
    expect(await readFile(lockFile(), "utf8")).toBe(holder(4242));
  });
});

describe("leftovers of a run killed while taking the lock", () => {
  it("removes a dead run's private lock files, keeps a live one's", async () => {
    await writeFile(path.join(content, `${LOCK}.99999999`), holder(99999999));
    await writeFile(path.join(content, `${LOCK}.takeover-99999998`), holder(99999998));
    await writeFile(path.join(content, `${LOCK}.4242`), holder(4242));
    const lock = await acquireContentLock(content, {
      command: "x",
      startedAt: STARTED,
      isAlive: (pid) => pid === 4242,
    });
    await lock.release();
    expect(await readdir(content)).toEqual([`${LOCK}.4242`]);
  });
});
