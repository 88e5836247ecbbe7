import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../../src/errors.ts";
import { checkDistManifest } from "../../../src/store/dist-manifest.ts";
import { readCommittedSnapshot } from "../../../src/store/snapshot-folder.ts";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, SIP, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import { type CommandResult, runCommand } from "../../support/faults/run-command.ts";
import { repoRoot } from "../../support/site/build-site.ts";

/**
 * Fault cases of issue 15 §3, "one writer at a time, and nothing destroyed": the real CLIs, through the hostile
 * proxy in front of the fake node where they read the chain. Concurrency (two writers, a slow run at an earlier
 * version finishing after a run at head), locks left by killed runs or not ours, build targets we did not create,
 * failing builds, publish killed at several points, badly named imports. Each failing case asserts the documented
 * exit code, the message, the committed folders byte-identical, memory bounded and the run over within its
 * deadline; a lock file never outlives the run that made it.
 */

const LOCK = ".ledgerlight.lock";
/** A pid no process has (above Linux's largest pid_max). */
const DEAD_PID = 99_999_999;
const FIXTURE_EXPORT = path.join(repoRoot, "tests/fixtures/legacy/report-2022-05-01-epoch-190.json");
/**
 * A fast failure: start-up plus a little work, with room for a loaded machine. The runs these cases race against
 * are held by the proxy until the case ends, so finishing at all proves "at once".
 */
const QUICK_MS = 20_000;
/** A case that runs two or three commands. */
const CASE_MS = 60_000;
/** A run that builds the site (astro). */
const BUILD_MS = 90_000;

let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const snapshotArgs = (content: string, node = world.proxy.url, extra: string[] = []) => [
  "--node",
  node,
  "--out",
  path.join(content, "snapshots"),
  "--config",
  path.join(content, "program.yaml"),
  "--quiet",
  ...extra,
];

/** A lock file as a run of ours writes it. */
function lockText(pid: number, host = hostname(), command = "npm run snapshot"): string {
  return `${JSON.stringify({ pid, host, command, startedAt: "2026-12-01T02:40:00.000Z" })}\n`;
}

/** A previous Ledgerlight build (what `checkBuildTarget` accepts), small enough to compare byte for byte. */
async function previousBuild(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>previous</title>\n");
  await writeFile(path.join(dir, "manifest.sha256"), `${"0".repeat(64)}  index.html\n`);
}

/** The gates a test set: opened and removed after it, so one failing test never leaves the next ones' reads held. */
const gates: { open: () => void; remove: () => void }[] = [];
afterEach(() => {
  for (const held of gates.splice(0)) {
    held.open();
    held.remove();
  }
});

/** Holds every proxied request matching `pattern` until `open()` (a node that is slow exactly where we choose). */
function gate(pattern: RegExp): { open: () => void; remove: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const remove = world.proxy.use({
    path: pattern,
    async answer() {
      await opened;
      return "forward";
    },
  });
  const held = { open, remove };
  gates.push(held);
  return held;
}

/**
 * Waits until a run has taken the content folder's lock: the lock is there and its private draft
 * (`.ledgerlight.lock.<pid>`, linked to the lock, then removed: src/store/content-lock.ts) is gone, so a listing of
 * the folder taken now does not name a file that vanishes before it is read.
 */
async function waitForLockTaken(what: string, content: string): Promise<void> {
  await waitFor(
    what,
    () =>
      existsSync(path.join(content, LOCK)) &&
      !readdirSync(content).some((name) => /^\.ledgerlight\.lock\.\d+$/.test(name)),
  );
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, withinMs = 20_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function ledgerVersionOf(content: string): Promise<bigint | undefined> {
  return (await readCommittedSnapshot(world.snapshotDir(content)))?.meta.ledgerVersion;
}

function expectDone(result: CommandResult): void {
  expect(result.code, `stderr:\n${result.stderr}\nstdout:\n${result.stdout}`).toBe(EXIT_CODES.ok);
}

describe("one writer at a time", { timeout: CASE_MS }, () => {
  it("two snapshot runs at once: the second is refused at once (exit 5), the first completes", async () => {
    const content = await world.makeContent();
    const slow = gate(/\/events\//);
    const first = runCommand("snapshot.ts", snapshotArgs(content));
    await waitForLockTaken("the first run's lock", content);
    const before = await folderState(content);
    const second = await runCommand("snapshot.ts", snapshotArgs(content));
    const after = await folderState(content);
    slow.open();
    slow.remove();
    expectFailedRun(second, {
      code: "refused",
      message: new RegExp(
        `Another run \\(pid \\d+, \`npm run snapshot\`, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) is writing ${content}; wait for it or, if it died, remove ${path.join(content, LOCK)}\\.`,
      ),
      before,
      after,
      withinMs: QUICK_MS,
    });
    expectDone(await first);
    expect(await ledgerVersionOf(content)).toBe(world.chain.head());
    expect(existsSync(path.join(content, LOCK))).toBe(false);
  });

  it("a run at an earlier version started while a run at head holds the lock is refused; the head run wins", async () => {
    const content = await world.makeContent();
    const earlier = world.committedAt + (world.chain.head() - world.committedAt) / 2n;
    const slow = gate(/\/events\//);
    const head = runCommand("snapshot.ts", snapshotArgs(content));
    await waitForLockTaken("the head run's lock", content);
    const before = await folderState(content);
    const late = await runCommand(
      "snapshot.ts",
      snapshotArgs(content, world.node.url, ["--ledger-version", `${earlier}`]),
    );
    const after = await folderState(content);
    slow.open();
    slow.remove();
    expectFailedRun(late, { code: "refused", message: /Another run \(pid \d+/, before, after, withinMs: QUICK_MS });
    expectDone(await head);
    expect(await ledgerVersionOf(content)).toBe(world.chain.head());
  });

  it("an earlier-version run that escaped the lock (another path to the folder) and finishes after a head run never takes the snapshot backwards", async () => {
    const content = await world.makeContent();
    // A second content folder whose snapshots folder is the first one's: its lock is another file.
    const alias = path.join(world.work, `alias-${path.basename(content)}`);
    await mkdir(alias);
    await cp(path.join(content, "program.yaml"), path.join(alias, "program.yaml"));
    await symlink(path.join(content, "snapshots"), path.join(alias, "snapshots"));
    const earlier = world.committedAt + (world.chain.head() - world.committedAt) / 2n;
    const slow = gate(/\/events\//);
    const mark = world.proxy.seen.length;
    const late = runCommand("snapshot.ts", snapshotArgs(alias, world.proxy.url, ["--ledger-version", `${earlier}`]));
    await waitFor("the earlier run to read the node", () =>
      world.proxy.seen.slice(mark).some((target) => target.includes("/events/")),
    );
    expectDone(await runCommand("snapshot.ts", snapshotArgs(content, world.node.url)));
    expect(await ledgerVersionOf(content)).toBe(world.chain.head());
    const before = await folderState(content);
    slow.open();
    slow.remove();
    const result = await late;
    expectFailedRun(result, {
      code: "refused",
      message: new RegExp(
        `changed while this run was reading.*\\n.*the committed snapshot is at ledger version ${world.chain.head()}; this run read version ${earlier}, which is not later`,
      ),
      before,
      after: await folderState(content),
      withinMs: 20_000,
    });
    expect(await ledgerVersionOf(content)).toBe(world.chain.head());
  });

  it("a run at an earlier version after a head run has finished is refused: never backwards", async () => {
    const content = await world.makeContent();
    expectDone(await runCommand("snapshot.ts", snapshotArgs(content)));
    const before = await folderState(content);
    const earlier = world.committedAt + 1n;
    const result = await runCommand(
      "snapshot.ts",
      snapshotArgs(content, world.proxy.url, ["--ledger-version", `${earlier}`]),
    );
    expectFailedRun(result, {
      code: "refused",
      message: new RegExp(`Ledger version ${earlier} is older than the committed snapshot's ${world.chain.head()}`),
      before,
      after: await folderState(content),
      withinMs: QUICK_MS,
    });
  });

  it("a stale lock (its pid is dead on this host) is taken over with a note, and gone after the run", async () => {
    const content = await world.makeContent();
    await writeFile(path.join(content, LOCK), lockText(DEAD_PID));
    const result = await runCommand("snapshot.ts", snapshotArgs(content));
    expectDone(result);
    expect(result.stderr).toMatch(
      new RegExp(
        `Note: took over ${path.join(content, LOCK)}, left by a run that is no longer alive \\(pid ${DEAD_PID}`,
      ),
    );
    expect(await ledgerVersionOf(content)).toBe(world.chain.head());
    expect(await readdir(content)).not.toContain(LOCK);
    expect(result.wallMs).toBeLessThan(20_000);
    expect(result.peakRssMb ?? 0).toBeLessThan(400);
  });

  it.each([
    ["a lock file holding garbage", "{not json", /is not a lock Ledgerlight can read, so another run may be writing/],
    ["an empty lock file", "", /is not a lock Ledgerlight can read/],
    [
      "a lock held on another host (its pid cannot be checked)",
      lockText(DEAD_PID, "ci-runner-7"),
      new RegExp(`Another run \\(pid ${DEAD_PID} on ci-runner-7, \`npm run snapshot\``),
    ],
  ])("%s: refused (exit 5), the lock and the snapshot left as they were", async (_what, text, message) => {
    const content = await world.makeContent();
    await writeFile(path.join(content, LOCK), text);
    const before = await folderState(content);
    const mark = world.proxy.seen.length;
    const result = await runCommand("snapshot.ts", snapshotArgs(content));
    expectFailedRun(result, {
      code: "refused",
      message,
      before,
      after: await folderState(content),
      withinMs: QUICK_MS,
    });
    // Refused before asking the node anything.
    expect(world.proxy.seen.length).toBe(mark);
  });

  it.each<[string, string, (content: string) => string[]]>([
    ["snapshot", "snapshot.ts", (content) => snapshotArgs(content)],
    [
      "publish",
      "publish.ts",
      (content) => ["--node", world.proxy.url, "--content", content, "--out", `${content}-dist`],
    ],
    ["import-legacy", "import-legacy.ts", (content) => [FIXTURE_EXPORT, "--content", content]],
    ["new-report", "new-report.ts", (content) => ["2026-Q1", "--date", "2026-01-05", "--content", content]],
    ["init --force", "init.ts", (content) => ["--address", SIP, "--content", content, "--force"]],
  ])(
    "%s while another run holds the content folder's lock: refused at once (exit 5), nothing written",
    async (_what, script, args) => {
      const content = await world.makeContent();
      // The test runner itself is the live holder.
      await writeFile(path.join(content, LOCK), lockText(process.pid, hostname(), "npm run publish"));
      const before = await folderState(content);
      const result = await runCommand(script, args(content));
      expectFailedRun(result, {
        code: "refused",
        message: new RegExp(
          `Another run \\(pid ${process.pid}, \`npm run publish\`, started 2026-12-01T02:40:00.000Z\\) is writing ${content}`,
        ),
        before,
        after: await folderState(content),
        withinMs: QUICK_MS,
      });
      expect(existsSync(`${content}-dist`)).toBe(false);
    },
  );
});

describe("nothing destroyed", { timeout: CASE_MS }, () => {
  const buildArgs = (content: string, out: string) => ["--content", content, "--out", out];
  const leftovers = async (parent: string) =>
    (await readdir(parent)).filter((name) => /^\.(.+\.(staging|retired)-\d+|ledgerlight-publish-\d+)$/.test(name));

  /** A content folder whose build fails: a report whose front matter is not YAML. */
  async function brokenContent(): Promise<string> {
    const content = await world.makeContent();
    await writeFile(path.join(content, "reports", "2026-q1.md"), "---\ntitle: [unclosed\n---\nBody.\n");
    return content;
  }

  it.each<[string, (content: string) => Promise<string>]>([
    ["the content folder itself (`--out content`)", async (content) => content],
    [
      "a non-empty folder of someone else's (no manifest.sha256 of ours)",
      async (content) => {
        const other = `${content}-photos`;
        await mkdir(other);
        await writeFile(path.join(other, "holiday.jpg"), "not a site");
        await writeFile(path.join(other, "manifest.sha256"), "not ours\n");
        return other;
      },
    ],
    [
      "a file",
      async (content) => {
        await writeFile(`${content}-file`, "keep me");
        return `${content}-file`;
      },
    ],
  ])("build --out %s: refused (exit 5) before building, the folder intact", async (_what, target) => {
    const content = await world.makeContent();
    const out = await target(content);
    const before = {
      content: await folderState(content),
      out: await folderState(out),
      file: await readFile(out).catch(() => null),
    };
    const result = await runCommand("build.ts", buildArgs(content, out));
    expectFailedRun(result, {
      code: "refused",
      message: /is not empty and is not a previous Ledgerlight build|is a file, not a folder/,
      before,
      after: {
        content: await folderState(content),
        out: await folderState(out),
        file: await readFile(out).catch(() => null),
      },
      withinMs: QUICK_MS,
    });
    expect(await leftovers(path.dirname(out))).toEqual([]);
  });

  it("publish --out the content folder: refused (exit 5), the program and its snapshot intact", async () => {
    const content = await world.makeContent();
    const before = await folderState(content);
    const result = await runCommand("publish.ts", ["--node", world.proxy.url, "--content", content, "--out", content]);
    expectFailedRun(result, {
      code: "refused",
      message: /is not empty and is not a previous Ledgerlight build/,
      before,
      after: await folderState(content),
      withinMs: QUICK_MS,
    });
  });

  it(
    "a failing build (a bad report) leaves the previous build in place (exit 3, naming the report)",
    async () => {
      const content = await brokenContent();
      const dist = `${content}-dist`;
      await previousBuild(dist);
      const before = await folderState(dist);
      const result = await runCommand("build.ts", buildArgs(content, dist));
      expectFailedRun(result, {
        code: "badInput",
        message: /2026-q1\.md frontmatter is not valid YAML/,
        closing: /Nothing was written; the previous build is unchanged\./,
        before,
        after: await folderState(dist),
        withinMs: BUILD_MS,
        maxRssMb: 600,
      });
      expect(await leftovers(path.dirname(dist))).toEqual([]);
    },
    BUILD_MS,
  );
});

describe("a killed publish never leaves the site without a complete dist/", () => {
  const leftovers = async (parent: string) =>
    (await readdir(parent)).filter((name) => /^\.(.+\.(staging|retired)-\d+|ledgerlight-publish-\d+)$/.test(name));
  const publishArgs = (content: string, dist: string) => [
    "--node",
    world.proxy.url,
    "--content",
    content,
    "--out",
    dist,
  ];

  /** Starts publish and SIGKILLs it once `ready(pid)` holds; returns the killed run. */
  async function killPublishWhen(
    content: string,
    dist: string,
    ready: (pid: number) => boolean | Promise<boolean>,
  ): Promise<{ result: CommandResult; pid: number }> {
    let pid = 0;
    const run = runCommand("publish.ts", publishArgs(content, dist), {
      onStart: (child) => {
        pid = child.pid ?? 0;
      },
    });
    await waitFor("the moment to kill publish", () => pid > 0 && ready(pid), 60_000);
    process.kill(pid, "SIGKILL");
    return { result: await run, pid };
  }

  it(
    "killed while reading the node: dist and snapshot untouched; the next build cleans up and completes",
    async () => {
      const content = await world.makeContent();
      const dist = `${content}-dist`;
      await previousBuild(dist);
      const committed = await folderState(world.snapshotDir(content));
      const builtBefore = await folderState(dist);
      const slow = gate(/\/events\//);
      const mark = world.proxy.seen.length;
      const { result, pid } = await killPublishWhen(content, dist, () =>
        world.proxy.seen.slice(mark).some((target) => target.includes("/events/")),
      );
      slow.open();
      slow.remove();
      expect(result.signal).toBe("SIGKILL");
      expect(await folderState(dist)).toEqual(builtBefore);
      expect(await folderState(world.snapshotDir(content))).toEqual(committed);
      expect(await leftovers(path.dirname(dist))).toEqual([`.ledgerlight-publish-${pid}`]);
      // The killed run's lock is stale now: the next writer takes it over.
      expect(JSON.parse(await readFile(path.join(content, LOCK), "utf8")).pid).toBe(pid);

      const next = await runCommand("build.ts", ["--content", content, "--out", dist]);
      expectDone(next);
      expect(next.stdout).toMatch(/Removed 1 unfinished build folder\(s\) left by runs that were killed\./);
      expect(await checkDistManifest(dist)).toBeGreaterThan(10);
      expect(await leftovers(path.dirname(dist))).toEqual([]);
    },
    BUILD_MS * 2,
  );

  it(
    "killed while building the site: the next publish takes over the lock, cleans up and publishes",
    async () => {
      const content = await world.makeContent();
      const dist = `${content}-dist`;
      await previousBuild(dist);
      const builtBefore = await folderState(dist);
      const committed = await folderState(world.snapshotDir(content));
      const staging = (pid: number) => path.join(path.dirname(dist), `.ledgerlight-publish-${pid}`, "dist");
      const { result } = await killPublishWhen(content, dist, (pid) => existsSync(staging(pid)));
      expect(result.signal).toBe("SIGKILL");
      expect(await folderState(dist)).toEqual(builtBefore);
      expect(await folderState(world.snapshotDir(content))).toEqual(committed);

      const next = await runCommand("publish.ts", publishArgs(content, dist));
      expectDone(next);
      expect(next.stderr).toMatch(/Note: took over .*\.ledgerlight\.lock, left by a run that is no longer alive/);
      expect(await checkDistManifest(dist)).toBeGreaterThan(10);
      expect(await ledgerVersionOf(content)).toBe(world.chain.head());
      expect(await leftovers(path.dirname(dist))).toEqual([]);
      expect(await readdir(content)).not.toContain(LOCK);
    },
    BUILD_MS * 2,
  );

  it(
    "killed between its two renames (dist/ moved aside, the new one not yet in): the next command restores the previous build before anything else",
    async () => {
      // Exactly what a SIGKILL between the renames of src/store/dist-folder.ts swapInDist leaves: the live folder
      // renamed to `.<name>.retired-<pid>`, the complete new build still in the publish run's staging folder.
      const content = await world.makeContent();
      await writeFile(path.join(content, "reports", "2026-q1.md"), "---\ntitle: [unclosed\n---\nBody.\n");
      const dist = `${content}-dist`;
      const parent = path.dirname(dist);
      await previousBuild(dist);
      const builtBefore = await folderState(dist);
      const retired = path.join(parent, `.${path.basename(dist)}.retired-${DEAD_PID}`);
      await cp(dist, retired, { recursive: true });
      await rm(dist, { recursive: true });
      await previousBuild(path.join(parent, `.ledgerlight-publish-${DEAD_PID}`, "dist"));
      expect(existsSync(dist)).toBe(false);

      // The next command fails (its content has a bad report), yet the site has its previous build back.
      const next = await runCommand("build.ts", ["--content", content, "--out", dist]);
      expectFailedRun(next, {
        code: "badInput",
        message: /2026-q1\.md frontmatter is not valid YAML/,
        closing: /Nothing was written; the previous build is unchanged\./,
        before: builtBefore,
        after: await folderState(dist),
        withinMs: BUILD_MS,
        maxRssMb: 600,
      });
      expect(next.stdout).toMatch(
        /Restored .*: a run was killed while swapping in a new build; this is the previous one\./,
      );
      expect(await leftovers(parent)).toEqual([]);
    },
    BUILD_MS,
  );
});

describe("imported file names are validated before anything is written", { timeout: CASE_MS }, () => {
  it.each([
    [
      "a month 13, day 45 and an unreachable epoch",
      "report-2022-13-45-epoch-999.json",
      [],
      /report-2022-13-45-epoch-999\.json: its name files it under 2022-13-45 is not a calendar day/,
    ],
    [
      "an epoch no chain could have reached by its day",
      "report-2022-01-02-epoch-999.json",
      [],
      /report-2022-01-02-epoch-999\.json: its name files it under epoch 999 cannot have been reached by 2022-01-02/,
    ],
    [
      "a day before the v5 chain",
      "report-2019-05-01-epoch-1.json",
      [],
      /report-2019-05-01-epoch-1\.json: its name files it under 2019-05-01 is outside the v5 era/,
    ],
    [
      "--date 2022-02-30 for an unnamed export",
      "sip-export.json",
      ["--date", "2022-02-30", "--epoch", "5"],
      /sip-export\.json: --date\/--epoch give 2022-02-30 is not a calendar day/,
    ],
  ])("%s: refused (exit 3) naming the file, nothing written", async (_what, name, extra, message) => {
    const content = await world.makeContent();
    const file = path.join(world.work, name);
    await cp(FIXTURE_EXPORT, file);
    const before = await folderState(content);
    const result = await runCommand("import-legacy.ts", [file, "--content", content, ...extra]);
    expectFailedRun(result, {
      code: "badInput",
      message,
      before,
      after: await folderState(content),
      withinMs: QUICK_MS,
    });
  });
});

describe("a content folder the machine will not let us write", { timeout: CASE_MS }, () => {
  /**
   * Makes `dir` unwritable: chmod for a normal user; as root (CI may run as root, and chmod does not stop root) the
   * immutable attribute, where the machine allows it. Returns how to undo it, or null when neither works.
   */
  function makeUnwritable(dir: string): (() => void) | null {
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o555);
      return () => chmodSync(dir, 0o755);
    }
    try {
      execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
      return () => execFileSync("chattr", ["-i", dir], { stdio: "ignore" });
    } catch {
      return null;
    }
  }

  it("a snapshots folder we may not write: exit 6 after reading, nothing written, the lock released", async (context) => {
    const content = await world.makeContent();
    const snapshots = path.join(content, "snapshots");
    const undo = makeUnwritable(snapshots);
    if (undo === null) {
      context.skip("running as root without chattr: no way to make a folder unwritable here");
      return;
    }
    try {
      const before = await folderState(content);
      const result = await runCommand("snapshot.ts", snapshotArgs(content));
      expectFailedRun(result, {
        code: "local",
        message: /^Could not write .*: (permission denied|the operation is not permitted)/m,
        before,
        after: await folderState(content),
        withinMs: QUICK_MS,
      });
      expect(existsSync(path.join(content, LOCK))).toBe(false);
    } finally {
      undo();
    }
  });
});
