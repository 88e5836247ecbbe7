/**
 * Verify benchmark (run by `npm run bench -- --only verify`): how `npm run verify` grows with the number of
 * recorded snapshot runs. One generated program (20,000 donations and 2,000 transfers at scale 1, 50 donors),
 * served by the fake 0L node in a process of its own without latency, as a real node would be; its history is
 * snapshotted in 10, 100 and 1,000 runs at evenly spaced ledger versions (the same final records each time), then
 * each history is verified by `verify-child.ts`, a process of its own started as `npm run verify` starts. The
 * histories are built in this process with verify's own replay (the 10-run one is checked against
 * `npm run snapshot`), as 1,000 full snapshot runs would take longer than the measurement. `--runs N` verifies
 * every history N times, in rounds (each round every history in turn). Prints, per history (medians over the
 * rounds), the requests, verify's CPU (its process during `verifySnapshot`; with the process's start beside it)
 * and the node's CPU answering it (from /proc, not the auditor's cost), each with its ratio to the 10-run one; then
 * the fixed part and the part per recorded run (from the 10- and 1,000-run rows) beside the per-run bound the
 * target needs (F / 980); the target is 1,000 runs under 2× the cost of 10, in requests and in verify's CPU
 * (`verify-figures.ts`: with rounds, each round's own ratio too, and "at the line" when the two disagree).
 * Figures, not a test.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createChainReader } from "../../src/chain/reader.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { scenarioToJson } from "../../src/fake-node/sim/scenario.ts";
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
import { wholeCount as count } from "./units.ts";
import { VerifyChildReportSchema, type VerifyChildRequest } from "./verify-child.ts";
import { roundLine, summaryLines, type VerifyRow } from "./verify-figures.ts";

const RUN_COUNTS = [10, 100, 1_000] as const;

export async function benchVerify(options: { scale: number; runs: number }): Promise<void> {
  const donations = Math.round(20_000 * options.scale);
  const transfers = Math.round(2_000 * options.scale);
  const scenario = generateScenario({ seed: 20261201, donations, transfers, donors: 50 });
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-verify-"));
  const scenarioFile = path.join(work, "scenario.json");
  await writeFile(scenarioFile, scenarioToJson(scenario), "utf8");
  const node = await startNodeProcess(scenarioFile, 0);
  const reader = createChainReader({ nodeUrl: node.url });
  const rounds: VerifyRow[][] = [];
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
    const target: VerifyTarget = {
      node,
      flags: await scriptNodeFlags("verify", "scripts/verify.ts"),
      wallet: scenario.wallet.address,
      head,
    };
    const histories: Array<{ runs: number; dir: string }> = [];
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
      histories.push({ runs, dir });
    }
    // Each round verifies every history in turn, so its own ratio is taken at one speed of the machine.
    for (let round = 1; round <= options.runs; round++) {
      const rows: VerifyRow[] = [];
      for (const { runs, dir } of histories) rows.push(await verifyHistory(target, runs, dir));
      rounds.push(rows);
      if (options.runs > 1) console.log(roundLine(round, rows));
    }
  } finally {
    node.stop();
    await rm(work, { recursive: true, force: true });
  }
  for (const line of summaryLines(rounds)) console.log(line);
}

/** The node and how each verify is started, the same for every history and round. */
interface VerifyTarget {
  node: { url: string; pid: number | undefined };
  flags: readonly string[];
  wallet: string;
  head: bigint;
}

/** One `npm run verify` of one history in a process of its own, with the node's CPU while it ran. */
async function verifyHistory(
  { node, flags, wallet, head }: VerifyTarget,
  runs: number,
  dir: string,
): Promise<VerifyRow> {
  const nodeCpuBefore = await processCpuMs(node.pid);
  const report = await runReportingChild(
    {
      flags,
      file: "scripts/bench/verify-child.ts",
      request: {
        nodeUrl: node.url,
        snapshotDir: dir,
        concurrency: 8,
        parseFloor: { wallet, ledgerVersion: head.toString() },
      } satisfies VerifyChildRequest,
      name: "verify",
    },
    VerifyChildReportSchema,
  );
  const nodeCpuMs = (await processCpuMs(node.pid)) - nodeCpuBefore;
  return {
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
  };
}

/** The machine's load as `uptime` prints it, so a reader can judge the CPU figures. */
function uptimeLoad(): string {
  const [one = 0, five = 0] = loadavg();
  return `load average ${one.toFixed(2)}, ${five.toFixed(2)}`;
}
