import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { SnapshotRefusedError } from "../../src/errors.ts";
import { DEMO_SCENARIO } from "../../src/fake-node/demo-snapshot.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { createEntryCache } from "../../src/snapshot/entry-cache.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { type ReplayContext, replayRun, verifySnapshot } from "../../src/snapshot/verify-snapshot.ts";
import { readSnapshotFolder, snapshotsDir, walletSnapshotDir } from "../../src/store/snapshot-folder.ts";
import { type HostileProxy, rewriteJson, startHostileProxy } from "../support/faults/hostile-proxy.ts";
import { COMMITTED_SNAPSHOT_DIR, writeForgedCopy } from "../support/forged-snapshot.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * What verify reads for each recorded snapshot run (`readEarlierRunStates` in verify-snapshot.ts): an earlier run
 * reads the wallet's resources at its version and derives the epoch, the new-epoch counter, the block time (from its
 * transaction, read with the events' transactions) and the balance from what the replay already holds; the last run
 * reads everything. These tests hold the reads to that,
 * and show that what is derived is still checked: a forged epoch or block time of an earlier run is found, and a
 * node whose CoinStore at one earlier run is off is refused with the finding a full read gave.
 */

const COMMITTED = COMMITTED_SNAPSHOT_DIR;

let node: FakeNode;
let work: string;
let committed: Snapshot;

beforeAll(async () => {
  node = await startFakeNode({ chain: simulate(loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO))) });
  work = await mkdtemp(path.join(tmpdir(), "ledgerlight-verify-reads-"));
  committed = await readSnapshotFolder(COMMITTED);
});
afterAll(async () => {
  await node?.close();
  await rm(work, { recursive: true, force: true });
});

/** A copy of the committed snapshot with `edit` applied and files that match (a careful forger). */
const forgedCopy = (name: string, edit: (snapshot: Snapshot) => void) =>
  writeForgedCopy(committed, path.join(work, name), edit);

/** The requests asked at `version`: state reads carry `ledger_version=V`, a block read `/blocks/by_version/V`. */
const readsAt = (seen: readonly string[], version: bigint) =>
  seen
    .filter((url) => new RegExp(`[?&]ledger_version=${version}(&|$)|/blocks/by_version/${version}\\?`).test(url))
    .map((url) =>
      url.includes("/resources?")
        ? "wallet resources"
        : url.includes("reconfiguration::Configuration")
          ? "epoch configuration"
          : url.includes("/blocks/by_version/")
            ? "block"
            : url.includes("/view?")
              ? "view"
              : url,
    )
    .sort();

describe("verify's reads per recorded run", () => {
  it("reads an earlier run's wallet resources only (its block time comes with the events' transactions); the last run reads all", async () => {
    const seen: string[] = [];
    const reader = createChainReader({ nodeUrl: node.url, onAttempt: (url) => seen.push(url) });
    const report = await verifySnapshot({ reader, snapshotDir: COMMITTED });
    expect(report.outcome).toBe("verified");
    const runs = committed.changes.map((c) => c.ledgerVersion);
    const last = runs.at(-1) as bigint;
    expect(runs.length).toBeGreaterThan(5);
    for (const version of runs.slice(0, -1)) {
      expect(readsAt(seen, version), `reads at run version ${version}`).toEqual(["wallet resources"]);
    }
    const lastReads = readsAt(seen, last);
    for (const kind of ["wallet resources", "epoch configuration", "block", "view"]) expect(lastReads).toContain(kind);
  });

  it("finds a forged epoch and a forged block time of an earlier run (derived, not read, but still compared)", async () => {
    const middle = Math.floor(committed.changes.length / 2);
    const change = (snapshot: Snapshot, index: number) => snapshot.changes[index] as Snapshot["changes"][number];
    const dir = await forgedCopy("forged-runs", (snapshot) => {
      change(snapshot, middle).epoch += 1n;
      change(snapshot, middle + 1).timestampUsec += 1n;
    });
    const reader = createChainReader({ nodeUrl: node.url });
    const report = await verifySnapshot({ reader, snapshotDir: dir });
    expect(report.outcome).toBe("different");
    if (report.outcome !== "different") return;
    const { epoch, ledgerVersion: epochRun } = change(committed, middle);
    const { timestampUsec, ledgerVersion: timeRun } = change(committed, middle + 1);
    expect(
      report.differences.map(({ file, record, field, committed, rebuilt }) => ({
        file,
        record,
        field,
        committed,
        rebuilt,
      })),
    ).toEqual([
      {
        file: "changes.json",
        record: `change record at version ${epochRun}`,
        field: "epoch",
        committed: `"${epoch + 1n}"`,
        rebuilt: `"${epoch}"`,
      },
      {
        file: "changes.json",
        record: `change record at version ${timeRun}`,
        field: "timestampUsec",
        committed: `"${timestampUsec + 1n}"`,
        rebuilt: `"${timestampUsec}"`,
      },
    ]);
  });
});

describe("verify's records per recorded run", () => {
  /** The committed snapshot's runs replayed one after the other, with or without an entry cache; every state. */
  async function replayStates(withEntries: boolean): Promise<Snapshot[]> {
    const reader = createChainReader({ nodeUrl: node.url });
    const context: ReplayContext = {
      reader,
      info: await reader.getLedgerInfo(),
      wallet: committed.meta.wallet,
      nodeUrl: committed.meta.nodeUrl,
      simulated: committed.meta.simulated,
      toolVersion: committed.meta.toolVersion,
      concurrency: 4,
      ...(withEntries ? { entries: createEntryCache() } : {}),
    };
    const runs = committed.changes.map((c) => c.ledgerVersion);
    const states: Snapshot[] = [];
    for (const [index, version] of runs.entries()) {
      states.push(await replayRun(context, states.at(-1) ?? null, version, index === runs.length - 1));
    }
    return states;
  }

  it("keeps an earlier run's records of the entries it did not change, builds every record anew at the last run, and ends where a replay without reuse ends", async () => {
    const states = await replayStates(true);
    const kept = (state: Snapshot, before: Snapshot) => {
      const earlier = new Set<object>([...before.transfers, ...before.proposals]);
      return [...state.transfers, ...state.proposals].filter((record) => earlier.has(record)).length;
    };
    const last = states.at(-1) as Snapshot;
    const beforeLast = states.at(-2) as Snapshot;
    expect(states.slice(1, -1).some((state, i) => kept(state, states[i] as Snapshot) > 0)).toBe(true);
    expect(kept(last, beforeLast)).toBe(0);
    for (const record of [...last.transfers, ...last.proposals]) {
      expect(record.provenance.ledgerVersion).toBe(last.meta.ledgerVersion);
    }
    expect(last).toEqual((await replayStates(false)).at(-1));
  });
});

describe("verify of runs at versions no event names (their block time)", () => {
  let history: string;
  let runs: bigint[];
  beforeAll(async () => {
    // Four runs at versions between the wallet's events, as daily runs at the chain's head mostly are.
    const events = new Set([
      ...committed.ledger.entries.map((e) => e.version),
      ...committed.epochs.map((e) => e.version),
    ]);
    const head = committed.meta.ledgerVersion;
    runs = [1n, 2n, 3n, 4n].map((i) => {
      let version = (head * i) / 5n;
      while (events.has(version)) version++;
      return version;
    });
    history = snapshotsDir(path.join(work, "between-events"));
    for (const ledgerVersion of runs) {
      await runSnapshot({
        reader: createChainReader({ nodeUrl: node.url }),
        wallet: committed.meta.wallet,
        outDir: history,
        ledgerVersion,
        simulated: true,
      });
    }
    history = walletSnapshotDir(history, committed.meta.wallet);
  });

  it("takes an earlier run's block time from its transaction, read with the events' transactions: no block read", async () => {
    const seen: string[] = [];
    const reader = createChainReader({ nodeUrl: node.url, onAttempt: (url) => seen.push(url) });
    const report = await verifySnapshot({ reader, snapshotDir: history });
    expect(report).toMatchObject({ outcome: "verified", runs: 4 });
    for (const version of runs.slice(0, -1)) {
      expect(readsAt(seen, version), `reads at run version ${version}`).toEqual(["wallet resources"]);
    }
  });

  it("reads the block when the transaction the node gives for a run's version names another version", async () => {
    const proxy = await startHostileProxy(node.url);
    try {
      const version = runs[1] as bigint;
      // Wherever the transaction comes from (a single read or a range read), it names the next version instead.
      proxy.use(
        rewriteJson(/\/transactions(\?|\/by_version\/)/, (answer) => {
          for (const tx of Array.isArray(answer) ? answer : [answer]) {
            const record = tx as { version?: string };
            if (record.version === version.toString()) record.version = (version + 1n).toString();
          }
          return answer;
        }),
      );
      const seen: string[] = [];
      const reader = createChainReader({ nodeUrl: proxy.url, onAttempt: (url) => seen.push(url) });
      const report = await verifySnapshot({ reader, snapshotDir: history });
      expect(report.outcome).toBe("verified");
      expect(proxy.fired).toBeGreaterThan(0);
      expect(readsAt(seen, version)).toEqual(["block", "wallet resources"]);
      expect(readsAt(seen, runs[0] as bigint)).toEqual(["wallet resources"]);
    } finally {
      await proxy.close();
    }
  });
});

describe("verify against a node whose CoinStore at one earlier run is off", () => {
  let proxy: HostileProxy;
  beforeAll(async () => {
    proxy = await startHostileProxy(node.url);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("reads that run's balance view and refuses the node as inconsistent, naming the version", async () => {
    const version = committed.changes[Math.floor(committed.changes.length / 2)]?.ledgerVersion as bigint;
    proxy.clear();
    proxy.use(
      rewriteJson(
        new RegExp(`/accounts/[^/]*19e966bfa4b32ce9b7e23721b37b96d2/resources\\?ledger_version=${version}&`),
        (answer) => {
          for (const resource of answer as Array<{ type: string; data: { coin?: { value: string } } }>) {
            if (resource.type.includes("::coin::CoinStore<") && resource.data.coin) {
              resource.data.coin.value = (BigInt(resource.data.coin.value) + 1n).toString();
            }
          }
          return answer;
        },
      ),
    );
    const reader = createChainReader({ nodeUrl: proxy.url });
    const failure = await verifySnapshot({ reader, snapshotDir: COMMITTED }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SnapshotRefusedError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^At version ${version} the balance view says (\\d+) but the CoinStore holds \\d+ base units\\.`),
    );
    expect(proxy.fired).toBe(1);
  });
});
