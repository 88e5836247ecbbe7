import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { takeAstroBundleLock } from "../../src/integrations/astro-bundle-lock.ts";
import { runScript } from "../support/run-script.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { startWatched } from "../support/watched-run.ts";

/**
 * Any community wallet by config, as a new user tries it: `npm run init` for a second wallet, then
 * `npm run publish` against a fake node playing that wallet's own scenario (tests/fixtures/scenarios/commons-small.json).
 */

const COMMONS = "0x000000000000000000000000000000004c0de5e0f1a2b3c4d5e6f708192a3b4c";
const SCENARIO = path.join(repoRoot, "tests/fixtures/scenarios/commons-small.json");

let node: FakeNode;
let work: string;
let content: string;
let dist: string;

function cli(script: string, args: string[]) {
  return runScript(path.join("scripts", script), args, { maxBuffer: 64 * 1024 * 1024 });
}

/** sha256 of every file under `dir`, by relative path: "untouched" means exactly these bytes. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return out;
}

const exists = (where: string) =>
  stat(where).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  node = await startFakeNode({ chain: simulate(loadScenarioFile(SCENARIO)) });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-publish-"));
  content = path.join(work, "content");
  dist = path.join(work, "dist");
});
afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

// Each publish builds a whole site (Astro, the search step and the snapshot check in processes of their own): the
// build tests' 60 s, not the integration layer's 30 s, which a loaded 2-core machine already nearly used before.
describe("npm run init and npm run publish for another community wallet", { timeout: 60_000 }, () => {
  it("scaffolds a valid program.yaml and empty folders, and will not overwrite one without --force", async () => {
    const result = await cli("init.ts", [
      "--address",
      "4C0DE5E0F1A2B3C4D5E6F708192A3B4C",
      "--name",
      "Commons Library Fund",
      "--node",
      node.url,
      "--site-url",
      "https://commons.example.org/",
      "--content",
      content,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`for Commons Library Fund (wallet ${COMMONS})`);
    const yaml = await readFile(path.join(content, "program.yaml"), "utf8");
    expect(yaml).toContain('wallet: "0x4c0de5e0f1a2b3c4d5e6f708192a3b4c"');
    expect(yaml).toContain(`    - ${node.url}`);
    expect(await readdir(path.join(content, "writeups"))).toEqual([".gitkeep"]);
    const again = await cli("init.ts", ["--address", "0x1", "--content", content]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain("already exists. Pass --content DIR for a new folder, or --force");
  });

  it("--dry-run shows the steps and what would change, and writes nothing", async () => {
    const result = await cli("publish.ts", ["--content", content, "--out", dist, "--dry-run"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^1\/4 snapshot: reading 0x0+4c0de5e0f1a2b3c4d5e6f708192a3b4c from http:\/\/127\.0\.0\.1:\d+\/v1\n/,
    );
    expect(result.stdout).toContain(
      "2/4 what changed:\n    5 donations totalling 1,050.00 LIBRA: 400.00 LIBRA from 0xd0d0a1…60707, 300.00 LIBRA from 0xd0d0a1…60808, 200.00 LIBRA from 0xd0d0a1…60909, 100.00 LIBRA from 0xd0d0a1…60a0a and 50.00 LIBRA from 0xd0d0a1…60808.\n    4 new donors: 0xd0d0a1…60707, 0xd0d0a1…60808, 0xd0d0a1…60909 and 0xd0d0a1…60a0a.\n",
    );
    // Nothing under the build step, but the line of a wait while another test file's build holds the checkout's lock.
    expect(result.stdout).toMatch(
      /\n3\/4 build\n( {4}Waiting for another build of this project \(pid \d+, .*\n)?4\/4 verify\n/,
    );
    expect(result.stdout).toMatch(/manifest\.sha256: \d+ files, every sha256 matches/);
    expect(result.stdout).toMatch(/snapshot: 10 files, [\d,]+ records identical on re-reading at 26/);
    expect(result.stdout).toContain("Dry run:");
    expect(await readdir(path.join(content, "snapshots"))).toEqual([]);
    expect(await exists(dist)).toBe(false);
    expect((await readdir(work)).filter((name) => name.startsWith(".ledgerlight-publish"))).toEqual([]);
  });

  it("publishes: the wallet's snapshot, a site about it, and the change summary for the commit message", async () => {
    const summary = path.join(work, "summary.txt");
    const result = await cli("publish.ts", ["--content", content, "--out", dist, "--summary-file", summary]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Published: ${path.join(content, "snapshots", COMMONS)} updated, site in ${dist}.`);
    const meta = JSON.parse(await readFile(path.join(content, "snapshots", COMMONS, "meta.json"), "utf8"));
    expect(meta).toMatchObject({ wallet: COMMONS, ledgerVersion: "26", simulated: true });
    const home = await readFile(path.join(dist, "index.html"), "utf8");
    expect(home).toContain("Commons Library Fund");
    expect(await readFile(path.join(dist, "feed.xml"), "utf8")).toContain("https://commons.example.org/changes/");
    expect(home).not.toContain("Social Infrastructure Program");
    expect(await exists(path.join(dist, "transfers", "index.html"))).toBe(true);
    const message = await readFile(summary, "utf8");
    expect(message.split("\n").slice(0, 3)).toEqual([
      "Snapshot at ledger version 26",
      "",
      "5 donations totalling 1,050.00 LIBRA: 400.00 LIBRA from 0xd0d0a1…60707, 300.00 LIBRA from 0xd0d0a1…60808, 200.00 LIBRA from 0xd0d0a1…60909, 100.00 LIBRA from 0xd0d0a1…60a0a and 50.00 LIBRA from 0xd0d0a1…60808.",
    ]);
  });

  it("stops at a refusing snapshot with the committed snapshot and the site untouched", async () => {
    const before = { snapshot: await fingerprint(path.join(content, "snapshots")), site: await fingerprint(dist) };
    const chain = simulate(loadScenarioFile(SCENARIO));
    chain.setHead(20n);
    const behind = await startFakeNode({ chain });
    try {
      const result = await cli("publish.ts", ["--content", content, "--out", dist, "--node", behind.url]);
      expect(result.code).toBe(5);
      expect(result.stdout).toContain("1/4 snapshot");
      expect(result.stdout).not.toContain("3/4 build");
      expect(result.stderr).toContain("Ledger version 20 is older than the committed snapshot's 26");
    } finally {
      await behind.close();
    }
    expect(await fingerprint(path.join(content, "snapshots"))).toEqual(before.snapshot);
    expect(await fingerprint(dist)).toEqual(before.site);
  });

  // Another test file's build may hold the checkout's bundle lock before this test takes it: more than 60 s.
  it("rebuilds without a new snapshot when the chain has not moved, saying so while another build makes it wait", {
    timeout: 180_000,
  }, async () => {
    // This test plays another build of the checkout (another program's publish, say): its pid is alive.
    const other = await takeAstroBundleLock(repoRoot, { command: "the publish test", startedAt: new Date() });
    const run = startWatched(
      process.execPath,
      [path.join(repoRoot, "scripts/publish.ts"), "--content", content, "--out", dist],
      {
        cwd: repoRoot,
      },
    );
    try {
      // Under its step, as soon as the wallet's build starts waiting, not when the publish ends.
      const waiting = `3/4 build\n    Waiting for another build of this project (pid ${process.pid}, \`the publish test\``;
      expect(await run.until(() => run.stdout.includes(waiting), 60_000), `${run.stdout}${run.stderr}`).toBe(true);
      expect(run.exitCode).toBeUndefined();
      await other.release();
      expect(await run.exited, run.stderr).toBe(0);
    } finally {
      run.kill();
      await other.release();
    }
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("nothing: the chain has not moved since the committed snapshot.");
    expect(run.stdout).toContain(`Published: site in ${dist}.`);
  });
});
