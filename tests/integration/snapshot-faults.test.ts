import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import type { FaultAction, FaultMatch, FaultRule } from "../../src/fake-node/http/faults.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import type { FakeChain } from "../../src/fake-node/model.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { recoverInterruptedRun } from "../../src/store/folder-swap.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * The fault matrix: every fault the fake node can inject, at every kind of request a snapshot run makes. Each
 * run either recovers to the byte-identical snapshot, or fails with the committed snapshot untouched.
 */

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

let chain: FakeChain;
let node: FakeNode;
let work: string;
let golden: Map<string, string>;
let earlierHead: bigint;

async function readFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name), "utf8"));
  return files;
}

function reader() {
  return createChainReader({
    nodeUrl: node.url,
    timeoutMs: 400,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

async function snapshotInto(outDir: string, ledgerVersion?: bigint) {
  return runSnapshot({
    reader: reader(),
    wallet: SIP,
    outDir,
    simulated: true,
    ...(ledgerVersion === undefined ? {} : { ledgerVersion }),
  });
}

beforeAll(async () => {
  chain = simulate(loadScenarioFile(path.join(repoRoot, "tests/fixtures/scenarios/sip-small.json")));
  node = await startFakeNode({ chain });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-faults-"));
  const clean = path.join(work, "clean");
  await snapshotInto(clean);
  golden = await readFolder(path.join(clean, SIP));
  earlierHead = chain.head() / 2n;
});

afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

const places: Array<[string, RegExp, string?]> = [
  ["ledger info", /^\/v1\/?$/],
  ["account resources", /\/resources\?/],
  ["a view function", /^\/v1\/view/, "POST"],
  ["deposit event pages", /deposit_events/],
  ["withdraw event pages", /withdraw_events/],
  ["epoch event pages", /reconfiguration.*\/events/],
  // Range reads (`/transactions?start=`) and single reads (`/transactions/by_version/`), whichever the plan made.
  ["transaction reads", /\/transactions(\/by_version\/|\?)/],
  ["blocks by version", /\/blocks\/by_version\//],
];

const transient: Array<[string, FaultAction & Pick<FaultMatch, "times">]> = [
  ["a 429 with Retry-After", { kind: "rate-limit", retryAfterSeconds: 0, times: 1 }],
  ["two 500s", { kind: "server-error", status: 500, times: 2 }],
  ["a 503", { kind: "server-error", status: 503, times: 1 }],
  ["two connection resets", { kind: "reset", times: 2 }],
  ["a truncated body", { kind: "truncate", times: 1 }],
  ["a response that never ends", { kind: "hang", times: 1 }],
];

let scenarioCount = 0;

describe("a snapshot run recovers from transient faults to the byte-identical snapshot", () => {
  for (const [where, pattern, method] of places) {
    for (const [what, action] of transient) {
      scenarioCount++;
      it(`${what} on ${where}`, async () => {
        node.faults.clear();
        node.faults.clearLog();
        node.faults.add({ ...action, path: pattern, ...(method ? { method } : {}) });
        const outDir = await mkdtemp(path.join(work, "recover-"));
        await snapshotInto(outDir);
        expect(node.faults.count()).toBeGreaterThan(0);
        expect(await readFolder(path.join(outDir, SIP))).toEqual(golden);
        node.faults.clear();
      });
    }
  }

  for (const [where, pattern, method] of places.filter(([name]) => name !== "ledger info")) {
    scenarioCount++;
    it(`a lagging node (404 version_not_found) on ${where}`, async () => {
      node.faults.clear();
      node.faults.clearLog();
      node.faults.add({ kind: "lag", behind: 3n, times: 2, path: pattern, ...(method ? { method } : {}) });
      const outDir = await mkdtemp(path.join(work, "lag-"));
      await snapshotInto(outDir, chain.head());
      expect(await readFolder(path.join(outDir, SIP))).toEqual(golden);
      node.faults.clear();
    });
  }

  it("waits as long as Retry-After asks", async () => {
    node.faults.clear();
    node.faults.add({ kind: "rate-limit", retryAfterSeconds: 1, times: 1, path: /^\/v1\/?$/ });
    const outDir = await mkdtemp(path.join(work, "retry-after-"));
    const started = performance.now();
    await snapshotInto(outDir);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(await readFolder(path.join(outDir, SIP))).toEqual(golden);
    node.faults.clear();
  });
});

const persistent: Array<[string, FaultRule, RegExp]> = [
  [
    "a view that keeps answering 500",
    { kind: "server-error", status: 500, path: /^\/v1\/view/, method: "POST" },
    /failed after 4 attempts/,
  ],
  [
    "transactions that keep resetting",
    { kind: "reset", path: /\/transactions(\/by_version\/|\?)/ },
    /failed after 4 attempts/,
  ],
  ["event pages that are always truncated", { kind: "truncate", path: /deposit_events/ }, /failed after 4 attempts/],
  ["a node that pruned the pinned version", { kind: "prune", oldest: 1_000_000n }, /pruned/],
  [
    "a node that hangs on every block read",
    { kind: "hang", path: /\/blocks\/by_version\// },
    /no answer within 400 ms/,
  ],
];

describe("a snapshot run that cannot recover fails and leaves the committed snapshot untouched", () => {
  for (const [what, rule, message] of persistent) {
    scenarioCount++;
    it(what, async () => {
      node.faults.clear();
      const outDir = await mkdtemp(path.join(work, "fail-"));
      await snapshotInto(outDir, earlierHead);
      const before = await readFolder(path.join(outDir, SIP));
      node.faults.add(rule);
      await expect(snapshotInto(outDir)).rejects.toThrow(message);
      node.faults.clear();
      expect(await readFolder(path.join(outDir, SIP))).toEqual(before);
      expect((await readdir(outDir)).sort()).toEqual([SIP]);
    });
  }

  it("covers at least 25 fault scenarios", () => {
    expect(scenarioCount).toBeGreaterThanOrEqual(25);
  });
});

describe("a snapshot process killed at random points", () => {
  it("leaves the complete old or the complete new snapshot, never a mix", async () => {
    const outDir = await mkdtemp(path.join(work, "kill-"));
    await snapshotInto(outDir, earlierHead);
    const old = await readFolder(path.join(outDir, SIP));
    node.faults.clear();
    node.faults.add({ kind: "latency", ms: 3 });
    const outcomes = { old: 0, new: 0 };
    // A deterministic spread of kill times from "at once" to "after it finished" (the CLI's start alone takes over
    // 3 s on a loaded 2-core machine, so the last one waits long enough for the run to end).
    const killAfterMs = [0, 150, 300, 450, 600, 700, 800, 900, 1000, 1200, 1500, 2000, 4000, 15000];
    for (const delay of killAfterMs) {
      const child = spawn(
        process.execPath,
        ["scripts/snapshot.ts", "--node", node.url, "--address", SIP, "--out", outDir, "--quiet", "--simulated"],
        { cwd: repoRoot, stdio: "ignore" },
      );
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, delay))]);
      child.kill("SIGKILL");
      await exited;
      // Every run starts with this recovery; it is what the next reader sees.
      await recoverInterruptedRun(outDir, SIP);
      const now = await readFolder(path.join(outDir, SIP));
      if (JSON.stringify([...now]) === JSON.stringify([...old])) outcomes.old++;
      else {
        // A complete new snapshot: same bytes as an uninterrupted run over the same history.
        const fresh = await mkdtemp(path.join(work, "kill-fresh-"));
        await snapshotInto(fresh, earlierHead);
        await snapshotInto(fresh, BigInt(JSON.parse(now.get("meta.json") ?? "{}").ledgerVersion));
        expect(now).toEqual(await readFolder(path.join(fresh, SIP)));
        outcomes.new++;
        // Reset to the old snapshot for the next kill.
        await rm(path.join(outDir, SIP), { recursive: true });
        await snapshotInto(outDir, earlierHead);
      }
    }
    node.faults.clear();
    expect(outcomes.old + outcomes.new).toBe(killAfterMs.length);
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  }, 120_000);
});
