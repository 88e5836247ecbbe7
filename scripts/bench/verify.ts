/**
 * Verify benchmark (run by `npm run bench -- --only verify`): how `npm run verify` grows with the number of
 * recorded snapshot runs. One generated program (20,000 donations and 2,000 transfers at scale 1, 50 donors),
 * served by the fake 0L node in this process without latency; its history is snapshotted in 10, 100 and 1,000
 * runs at evenly spaced ledger versions (the same final records each time), then each history is verified. The
 * histories are built in memory with verify's own replay (the 10-run one is checked against `npm run snapshot`),
 * as 1,000 full snapshot runs would take longer than the measurement. Prints
 * requests and CPU time (verify and the node it asks, one process) per history and their ratio to the 10-run one,
 * then the fixed part and the part per recorded run (from the 10- and 1,000-run rows) beside the per-run bound the
 * target needs (F / 980); the target is 1,000 runs under 2× the cost of 10. Figures, not a test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createChainReader } from "../../src/chain/reader.ts";
import { startFakeNode } from "../../src/fake-node/http/server.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { simulate } from "../../src/fake-node/sim/simulator.ts";
import { formatInteger } from "../../src/lib/money.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../src/snapshot/build-files.ts";
import { runSnapshot, TOOL_VERSION } from "../../src/snapshot/run-snapshot.ts";
import { type ReplayContext, readAheadFor, replayRun, verifySnapshot } from "../../src/snapshot/verify-snapshot.ts";
import {
  readCheckedSnapshotFiles,
  replaceSnapshotFolder,
  snapshotsDir,
  walletSnapshotDir,
} from "../../src/store/snapshot-folder.ts";

const RUN_COUNTS = [10, 100, 1_000] as const;
const count = (n: number) => formatInteger(BigInt(Math.round(n)));

export async function benchVerify(options: { scale: number }): Promise<void> {
  const donations = Math.round(20_000 * options.scale);
  const transfers = Math.round(2_000 * options.scale);
  const scenario = generateScenario({ seed: 20261201, donations, transfers, donors: 50 });
  const chain = simulate(scenario);
  const node = await startFakeNode({ chain });
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-verify-"));
  let requests = 0;
  const reader = createChainReader({ nodeUrl: node.url, onAttempt: () => requests++ });
  console.log(
    `verify: ${count(donations)} donations, ${count(transfers)} transfers, 50 donors, head at version ${chain.head()} (${uptimeLoad()})`,
  );
  const rows: Array<{ runs: number; requests: number; cpuMs: number; wallMs: number; outcome: string }> = [];
  try {
    const head = chain.head();
    const context: ReplayContext = {
      reader,
      info: await reader.getLedgerInfo(),
      wallet: scenario.wallet.address,
      nodeUrl: reader.nodeUrl,
      simulated: true,
      toolVersion: TOOL_VERSION,
      concurrency: 8,
    };
    // Every history ends at the head, so they share one read-ahead of the events and transactions, as verify reads.
    const readAhead = await readAheadFor(context, head);
    if (readAhead) context.readAhead = readAhead;
    for (const runs of RUN_COUNTS) {
      const started = performance.now();
      const versions = Array.from({ length: runs }, (_, i) => (head * BigInt(i + 1)) / BigInt(runs));
      // The history is what `runs` snapshot runs at these versions commit, built in memory (as verify replays it)
      // and written once; the 10-run one is also made by `npm run snapshot`'s own path, to show the two agree.
      let state: Snapshot | null = null;
      for (const [index, version] of versions.entries()) {
        state = await replayRun(context, state, version, index === versions.length - 1);
      }
      if (!state) throw new Error("unreachable: a history has at least one run");
      const files = buildSnapshotFiles(state);
      const dir = walletSnapshotDir(snapshotsDir(path.join(work, `runs-${runs}`)), scenario.wallet.address);
      await replaceSnapshotFolder(dir, files);
      let agrees = "";
      if (runs === RUN_COUNTS[0]) {
        const outDir = snapshotsDir(path.join(work, "by-snapshot"));
        let result: Awaited<ReturnType<typeof runSnapshot>> | undefined;
        for (const version of versions) {
          result = await runSnapshot({
            reader,
            wallet: scenario.wallet.address,
            outDir,
            ledgerVersion: version,
            simulated: true,
            concurrency: 8,
          });
        }
        const written = result === undefined ? new Map<string, string>() : await readCheckedSnapshotFiles(result.dir);
        const same = result !== undefined && [...files].every(([name, bytes]) => written.get(name) === bytes);
        agrees = `; the same bytes as ${runs} runs of npm run snapshot: ${same ? "yes" : "NO"}`;
      }
      console.log(`  history of ${count(runs)} runs made in ${count(performance.now() - started)} ms${agrees}`);
      requests = 0;
      const cpu = process.cpuUsage();
      const wallStarted = performance.now();
      const report = await verifySnapshot({ reader, snapshotDir: dir, concurrency: 8 });
      const used = process.cpuUsage(cpu);
      rows.push({
        runs,
        requests,
        cpuMs: (used.user + used.system) / 1000,
        wallMs: performance.now() - wallStarted,
        outcome: report.outcome,
      });
    }
  } finally {
    await node.close();
    await rm(work, { recursive: true, force: true });
  }
  const base = rows[0];
  if (!base) return;
  console.log("  runs | outcome | requests (× 10 runs) | CPU ms (× 10 runs) | wall ms");
  for (const row of rows) {
    console.log(
      `  ${count(row.runs)} | ${row.outcome} | ${count(row.requests)} (${(row.requests / base.requests).toFixed(2)}) | ${count(row.cpuMs)} (${(row.cpuMs / base.cpuMs).toFixed(2)}) | ${count(row.wallMs)}`,
    );
  }
  const last = rows[rows.length - 1];
  if (last && last.runs > base.runs) {
    // cost(n) = F + n·r: the fixed part (the records, read once) and the part each recorded run adds, from the two
    // ends of the table. 1,000 runs under 2× of 10 needs F + 1,000·r < 2·(F + 10·r), i.e. r < F / 980.
    const parts = (of: (row: (typeof rows)[number]) => number) => {
      const perRun = (of(last) - of(base)) / (last.runs - base.runs);
      return { fixed: of(base) - base.runs * perRun, perRun };
    };
    const requests = parts((row) => row.requests);
    const cpu = parts((row) => row.cpuMs);
    const bound = 2 * base.runs - last.runs;
    console.log(
      `  fixed part + per run: requests ${count(requests.fixed)} + ${requests.perRun.toFixed(2)} per run (under 2× needs under ${(requests.fixed / -bound).toFixed(2)}); CPU ${count(cpu.fixed)} ms + ${cpu.perRun.toFixed(2)} ms per run (under 2× needs under ${(cpu.fixed / -bound).toFixed(2)} ms)`,
    );
  }
  if (last) {
    const met = last.requests < 2 * base.requests && last.cpuMs < 2 * base.cpuMs;
    console.log(
      `  target: ${count(last.runs)} runs under 2× the cost of ${count(base.runs)} (${met ? "met" : "missed"})`,
    );
  }
}

/** The machine's load as `uptime` prints it, so a reader can judge the CPU figures. */
function uptimeLoad(): string {
  const [one = 0, five = 0] = loadavg();
  return `load average ${one.toFixed(2)}, ${five.toFixed(2)}`;
}
