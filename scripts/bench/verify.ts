/**
 * Verify benchmark (run by `npm run bench -- --only verify`): how `npm run verify` grows with the number of
 * recorded snapshot runs. One generated program (20,000 donations and 2,000 transfers at scale 1, 50 donors),
 * served by the fake 0L node in a process of its own without latency, as a real node would be; its history is
 * snapshotted in 10, 100 and 1,000 runs at evenly spaced ledger versions (the same final records each time), then
 * each history is verified by `verify-child.ts`, a process of its own started as `npm run verify` starts. The
 * histories are built in this process with verify's own replay (the 10-run one is checked against
 * `npm run snapshot`), as 1,000 full snapshot runs would take longer than the measurement. Prints, per history,
 * the requests, verify's CPU (its process during `verifySnapshot`; with the process's start beside it) and the
 * node's CPU answering it (from /proc, not the auditor's cost), each with its ratio to the 10-run one; then the
 * fixed part and the part per recorded run (from the 10- and 1,000-run rows) beside the per-run bound the target
 * needs (F / 980); the target is 1,000 runs under 2× the cost of 10, in requests and in verify's CPU. Figures,
 * not a test.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createChainReader } from "../../src/chain/reader.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { scenarioToJson } from "../../src/fake-node/sim/scenario.ts";
import { formatInteger } from "../../src/lib/money.ts";
import type { Snapshot } from "../../src/schemas/snapshot.ts";
import { buildSnapshotFiles } from "../../src/snapshot/build-files.ts";
import { runSnapshot, TOOL_VERSION } from "../../src/snapshot/run-snapshot.ts";
import { type ReplayContext, readAheadFor, replayRun } from "../../src/snapshot/verify-snapshot.ts";
import {
  readCheckedSnapshotFiles,
  replaceSnapshotFolder,
  snapshotsDir,
  walletSnapshotDir,
} from "../../src/store/snapshot-folder.ts";
import { runReportingChild, scriptNodeFlags, startNodeProcess } from "./child-process.ts";
import { processCpuMs } from "./process-cpu.ts";
import { VerifyChildReportSchema, type VerifyChildRequest } from "./verify-child.ts";

const RUN_COUNTS = [10, 100, 1_000] as const;
const count = (n: number) => formatInteger(BigInt(Math.round(n)));

interface Row {
  runs: number;
  outcome: string;
  requests: number;
  /** Verify's process during `verifySnapshot`. */
  cpuMs: number;
  /** Verify's process from its start. */
  processCpuMs: number;
  /** The fake node's process while verify ran. */
  nodeCpuMs: number;
  wallMs: number;
  maxRssBytes: number;
  /** One earlier run's answer (the wallet's resources at the head) and `JSON.parse` of it alone, in verify's process. */
  answerBytes: number;
  answerParseMs: number;
}

export async function benchVerify(options: { scale: number }): Promise<void> {
  const donations = Math.round(20_000 * options.scale);
  const transfers = Math.round(2_000 * options.scale);
  const scenario = generateScenario({ seed: 20261201, donations, transfers, donors: 50 });
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-verify-"));
  const scenarioFile = path.join(work, "scenario.json");
  await writeFile(scenarioFile, scenarioToJson(scenario), "utf8");
  const node = await startNodeProcess(scenarioFile, 0);
  const reader = createChainReader({ nodeUrl: node.url });
  const rows: Row[] = [];
  try {
    const info = await reader.getLedgerInfo();
    const head = info.ledger_version;
    console.log(
      `verify: ${count(donations)} donations, ${count(transfers)} transfers, 50 donors, head at version ${head}; the node and each verify in a process of its own (${uptimeLoad()})`,
    );
    const context: ReplayContext = {
      reader,
      info,
      wallet: scenario.wallet.address,
      nodeUrl: reader.nodeUrl,
      simulated: true,
      toolVersion: TOOL_VERSION,
      concurrency: 8,
    };
    // Every history ends at the head, so they share one read-ahead of the events and transactions, as verify reads.
    const readAhead = await readAheadFor(context, head);
    if (readAhead) context.readAhead = readAhead;
    const flags = await scriptNodeFlags("verify", "scripts/verify.ts");
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
      const nodeCpuBefore = await processCpuMs(node.pid);
      const report = await runReportingChild(
        {
          flags,
          file: "scripts/bench/verify-child.ts",
          request: {
            nodeUrl: node.url,
            snapshotDir: dir,
            concurrency: 8,
            parseFloor: { wallet: scenario.wallet.address, ledgerVersion: head.toString() },
          } satisfies VerifyChildRequest,
          name: "verify",
        },
        VerifyChildReportSchema,
      );
      const nodeCpuMs = (await processCpuMs(node.pid)) - nodeCpuBefore;
      rows.push({
        runs,
        outcome: report.outcome,
        requests: report.requests,
        cpuMs: report.verifyCpuMs,
        processCpuMs: report.processCpuMs,
        nodeCpuMs,
        wallMs: report.wallMs,
        maxRssBytes: report.maxRssBytes,
        answerBytes: report.answerBytes ?? 0,
        answerParseMs: report.answerParseMs ?? 0,
      });
    }
  } finally {
    node.stop();
    await rm(work, { recursive: true, force: true });
  }
  printRows(rows);
}

function printRows(rows: readonly Row[]): void {
  const base = rows[0];
  if (!base) return;
  const times = (value: number, of: number) => `${count(value)} (${(value / of).toFixed(2)})`;
  console.log(
    "  runs | outcome | requests (× 10 runs) | verify CPU ms (× 10 runs) | with its process's start | the node's CPU ms (× 10 runs) | wall ms | verify's peak RSS",
  );
  for (const row of rows) {
    console.log(
      `  ${count(row.runs)} | ${row.outcome} | ${times(row.requests, base.requests)} | ${times(row.cpuMs, base.cpuMs)} | ${count(row.processCpuMs)} | ${times(row.nodeCpuMs, base.nodeCpuMs)} | ${count(row.wallMs)} | ${count(row.maxRssBytes / 1024 / 1024)} MB`,
    );
  }
  const last = rows[rows.length - 1];
  if (!last || last.runs <= base.runs) return;
  // cost(n) = F + n·r: the fixed part (the records, read once) and the part each recorded run adds, from the two
  // ends of the table. 1,000 runs under 2× of 10 needs F + 1,000·r < 2·(F + 10·r), i.e. r < F / 980.
  const bound = last.runs - 2 * base.runs;
  const parts = (of: (row: Row) => number) => {
    const perRun = (of(last) - of(base)) / (last.runs - base.runs);
    return { fixed: of(base) - base.runs * perRun, perRun };
  };
  const describe = (name: string, unit: string, of: (row: Row) => number) => {
    const { fixed, perRun } = parts(of);
    return `${name} ${count(fixed)}${unit} + ${perRun.toFixed(2)}${unit} per run (under 2× needs under ${(fixed / bound).toFixed(2)}${unit})`;
  };
  console.log(
    `  fixed part + per run: ${describe("requests", "", (row) => row.requests)}; ${describe("verify CPU", " ms", (row) => row.cpuMs)}; ${describe("the node's CPU", " ms", (row) => row.nodeCpuMs)}`,
  );
  // The floor of a run that parses its answer in full: JSON.parse of the largest answer (the last run's), timed in
  // each verify process after its verification; verify's reusing parser reads only what changed and may go below it.
  const parses = rows.map((row) => row.answerParseMs).sort((a, b) => a - b);
  const { perRun } = parts((row) => row.cpuMs);
  console.log(
    `  per run: ${perRun.toFixed(2)} ms of verify's CPU; JSON.parse of one run's whole answer (${count(last.answerBytes / 1024)} kB, the last run's) alone: ${(parses[Math.floor(parses.length / 2)] ?? 0).toFixed(2)} ms (median over the ${rows.length} verify processes, each the median of 21), the floor of parsing each answer in full`,
  );
  const met = (of: (row: Row) => number) => (of(last) < 2 * of(base) ? "met" : "missed");
  console.log(
    `  target: ${count(last.runs)} runs under 2× the cost of ${count(base.runs)}: requests ${met((row) => row.requests)}, verify CPU ${met((row) => row.cpuMs)}`,
  );
}

/** The machine's load as `uptime` prints it, so a reader can judge the CPU figures. */
function uptimeLoad(): string {
  const [one = 0, five = 0] = loadavg();
  return `load average ${one.toFixed(2)}, ${five.toFixed(2)}`;
}
