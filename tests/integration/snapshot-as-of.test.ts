import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { loadProgramConfig, programConfigPath } from "../../src/config/program.ts";
import { DEMO_SCENARIO } from "../../src/fake-node/demo-snapshot.ts";
import { type FakeNode, startFakeNode } from "../../src/fake-node/http/server.ts";
import { loadScenarioFile } from "../../src/fake-node/sim/scenario.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { recordedRunVersions, snapshotAsOf } from "../../src/lib/ledger/as-of.ts";
import { snapshotBooks } from "../../src/lib/ledger/reconcile.ts";
import { quarterStatement } from "../../src/lib/reports/quarter-statement.ts";
import { FIGURE_NAMES, figureResolver, snapshotQuarters } from "../../src/lib/reports/report-figures.ts";
import type { ProgramConfig } from "../../src/schemas/program.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { runSnapshot, writtenSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { readCommittedSnapshot, snapshotsDir, walletSnapshotDir } from "../../src/store/snapshot-folder.ts";
import { repoRoot } from "../support/site/build-site.ts";

/**
 * `snapshotAsOf` against the chain itself: for every earlier run recorded in the committed demo snapshot, the
 * snapshot cut back to that run gives the same figures, statements, balance, donors and statuses as a snapshot
 * taken from scratch at that version from the fake node playing the same scenario.
 */

let node: FakeNode;
let committed: Snapshot;
let program: ProgramConfig;
const dirs: string[] = [];
/** Every recorded run of the committed demo history but the latest (which the unit test covers). */
const EARLIER_RUNS = [160n, 331n, 448n, 492n, 657n, 823n, 839n, 988n, 1149n, 1313n, 1477n, 1633n, 1797n];

beforeAll(async () => {
  const content = path.join(repoRoot, "content");
  program = await loadProgramConfig(programConfigPath(content));
  const snapshot = await readCommittedSnapshot(walletSnapshotDir(snapshotsDir(content), program.wallet));
  if (!snapshot) throw new Error("no committed snapshot");
  committed = snapshot;
  node = await startFakeNode({ chain: simulate(loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO))), port: 0 });
});

afterAll(async () => {
  await node?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshSnapshotAt(version: bigint): Promise<Snapshot> {
  const dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-as-of-"));
  dirs.push(dir);
  const reader = createChainReader({ nodeUrl: node.url });
  const result = await runSnapshot({
    reader,
    wallet: program.wallet,
    outDir: dir,
    simulated: true,
    ledgerVersion: version,
  });
  return writtenSnapshot(result);
}

/** Every figure a report can cite, for every quarter it covers and `all`, as the page would print it. */
function everyFigure(snapshot: Snapshot): Record<string, string> {
  const figures = figureResolver(snapshot, {
    stewards: program.stewards,
    coinSymbol: program.coinSymbol,
    feeConfig: program,
  });
  const out: Record<string, string> = {};
  for (const period of [...snapshotQuarters(snapshot), "all"]) {
    for (const name of FIGURE_NAMES) {
      const figure = figures.figure(name, period);
      out[`${name}{${period}}`] = `${figure.value} ${figure.text} ${figure.source.rowsHref ?? figure.source.href}`;
    }
  }
  return out;
}

describe("snapshotAsOf against a snapshot taken at that version", () => {
  it("covers every earlier recorded run of the demo history", () => {
    expect(recordedRunVersions(committed).slice(0, -1)).toEqual(EARLIER_RUNS);
  });

  it.each(EARLIER_RUNS)(
    "at ledger version %s the figures equal a fresh snapshot's",
    async (version) => {
      expect(recordedRunVersions(committed)).toContain(version);
      const asOf = snapshotAsOf(committed, version);
      const fresh = await freshSnapshotAt(version);
      expect(snapshotBooks(asOf).balanced).toBe(true);
      expect(asOf.meta.ledgerVersion).toBe(fresh.meta.ledgerVersion);
      expect(asOf.meta.ledgerTimestampUsec).toBe(fresh.meta.ledgerTimestampUsec);
      expect(asOf.meta.epoch).toBe(fresh.meta.epoch);
      expect(asOf.meta.eventCursors).toEqual(fresh.meta.eventCursors);
      expect(asOf.wallet.balance.coinStoreValue).toBe(fresh.wallet.balance.coinStoreValue);
      expect(asOf.wallet.cumulativeDeposits.value).toBe(fresh.wallet.cumulativeDeposits.value);
      expect(asOf.wallet.cumulativeDeposits.depositorCount).toBe(fresh.wallet.cumulativeDeposits.depositorCount);
      expect(asOf.ledger).toEqual(fresh.ledger);
      expect(asOf.epochs).toEqual(fresh.epochs);
      const people = (s: Snapshot) => s.donors.map(({ provenance: _, ...donor }) => donor);
      expect(people(asOf)).toEqual(people(fresh));
      const states = (s: Snapshot) => ({
        transfers: s.transfers.map((t) => [t.uid, t.status, t.deadlineEpoch, t.amount, t.payee]),
        proposals: s.proposals.map((p) => [p.id, p.status, p.votes.length]),
        vetoes: s.vetoes.map((v) => [v.ballotId, v.status, v.approvalPct, v.turnoutPct]),
      });
      expect(states(asOf)).toEqual(states(fresh));
      expect(snapshotQuarters(asOf)).toEqual(snapshotQuarters(fresh));
      expect(everyFigure(asOf)).toEqual(everyFigure(fresh));
      for (const quarter of snapshotQuarters(asOf)) {
        expect(quarterStatement(asOf, program, quarter)).toEqual(quarterStatement(fresh, program, quarter));
      }
    },
    60_000,
  );
});
