import path from "node:path";
import { createChainReader } from "../chain/reader.ts";
import { compareBigint } from "../lib/compare.ts";
import { runSnapshot, type SnapshotResult } from "../snapshot/run-snapshot.ts";
import { startFakeNode } from "./http/server.ts";
import { loadScenarioFile } from "./sim/scenario.ts";
import { simulate } from "./sim/simulator.ts";

/**
 * The committed default snapshot: the SIP year scenario played through the fake node and snapshotted the way the
 * publish workflow would, at regular points over the year up to epoch 731, so the committed files carry a realistic history
 * (status changes seen over time, one change record per run). Deterministic: the same scenario gives the same
 * bytes, which a test checks against `content/snapshots/`.
 */
export const DEMO_SCENARIO = "tests/fixtures/scenarios/sip-year.json";
/** Epochs between two demo snapshots (about a month). */
const EVERY_EPOCHS = 30n;
/**
 * Also snapshot where a status change can be seen happening: the "Mutual insurance pool" award is overdue (short
 * balance) from epoch 473 to 489; the scholarship award is scheduled with a veto ballot open around epoch 551; the
 * dispute-resolution training award is scheduled at epoch 731.
 */
const EXTRA_EPOCHS = [480n, 551n, 731n];
/** The last demo snapshot: the boundary closing this epoch (the scenario runs on to epoch 764). */
const STOP_AT_EPOCH = 731n;
/** What the demo snapshot records as its node: it was served on loopback, so name it for what it was. */
export const DEMO_NODE_LABEL = "http://127.0.0.1/v1 (Ledgerlight fake node, scenario sip-year.json)";

export async function buildDemoSnapshot(repoRoot: string, outDir: string): Promise<SnapshotResult> {
  const scenario = loadScenarioFile(path.join(repoRoot, DEMO_SCENARIO));
  const chain = simulate(scenario);
  const node = await startFakeNode({ chain });
  try {
    const reader = createChainReader({ nodeUrl: node.url });
    const labelled = { ...reader, nodeUrl: DEMO_NODE_LABEL };
    const first = BigInt(scenario.firstEpoch);
    const points = [...chain.info.boundaryVersions]
      .filter(([epoch]) => (epoch - first) % EVERY_EPOCHS === EVERY_EPOCHS - 1n || EXTRA_EPOCHS.includes(epoch))
      .map(([, version]) => BigInt(version))
      .sort(compareBigint);
    let result: SnapshotResult | undefined;
    // The last snapshot stops short of the scenario's end, so a snapshot taken from the fake node by hand adds
    // the remaining weeks (README: "How data is refreshed").
    for (const version of points.filter((v) => v <= BigInt(chain.info.boundaryVersions.get(STOP_AT_EPOCH) ?? 0))) {
      result = await runSnapshot({
        reader: labelled,
        wallet: scenario.wallet.address,
        outDir,
        simulated: true,
        ledgerVersion: version,
      });
    }
    if (!result) throw new Error("no snapshot taken");
    return result;
  } finally {
    await node.close();
  }
}
