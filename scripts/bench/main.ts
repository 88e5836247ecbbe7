/**
 * `npm run bench -- [--scale F[,F...]] [--runs N] [--latency-ms N] [--concurrency N] [--only snapshot|site|legacy|state|verify] [--dist DIR]
 * [--no-lighthouse] [--lighthouse-runs N] [--filler-blocks N]`: prints figures, asserts nothing. The legacy import benchmark is in legacy.ts, the state import one in state.ts. The site benchmark is in site.ts: one build per `--scale`, each against a bare-Astro floor of the same page count, `--runs` paired runs per scale (`--dist` measures an
 * existing build instead of making one; `--no-lighthouse` skips Lighthouse, `--lighthouse-runs N` (default 3) runs it N times per page and prints medians). The verify benchmark is in verify.ts (`--runs N`: N rounds of verifying each history).
 *
 * Snapshot benchmark: a generated SIP-like scenario (100,000 donations and 10,000 transfers at scale 1) served by
 * the fake 0L node, in its own process as a real node would be, with injected latency per request; `--runs N` full
 * snapshots (1 by default), each into an empty folder and each followed by its own floor, with medians over the runs
 * (`snapshot-runs.ts`: on a shared machine one run's wall moves with the load), then an incremental re-run with no
 * chain change. Prints requests made against today's lower bound (event
 * pages of 100 plus one read per distinct transaction version) and the read plan's count (event pages plus the
 * plan's range and single reads, `src/snapshot/read-plan.ts`), wall time against the latency bound of the requests
 * made and against a floor measured in the same run (the run's own requests sent again by a bare client at the same
 * concurrency to the same node, `request-replay.ts`), both processes' CPU, the requests' round trips in the run and in
 * the floor beside the latency and how late the run's event loop ran (where a request's time goes), and the peak RSS
 * of the snapshot: each run is a process of its own
 * (`snapshot-child.ts`, started with the Node flags of `npm run snapshot`), so the peak counts the snapshot alone,
 * not the scenario generator of this process. `--filler-blocks N` puts N empty blocks before every user block, so the wallet's versions are
 * sparse as on the real chain.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { scenarioToJson } from "../../src/fake-node/sim/scenario.ts";
import { formatInteger } from "../../src/lib/money.ts";
import { snapshotsDir } from "../../src/store/snapshot-folder.ts";
import { parseCliArgs, runCli } from "../cli.ts";
import { runReportingChild, scriptNodeFlags, startNodeProcess } from "./child-process.ts";
import { benchLegacy } from "./legacy.ts";
import { processCpuMs } from "./process-cpu.ts";
import { readRecordedRequests, replayRequests } from "./request-replay.ts";
import { benchSite } from "./site.ts";
import { type SnapshotChildReport, SnapshotChildReportSchema, type SnapshotChildRequest } from "./snapshot-child.ts";
import { RSS_TARGET_BYTES, type SnapshotRunFigures, summarizeSnapshotRuns, WALL_TARGET } from "./snapshot-runs.ts";
import { benchState } from "./state.ts";
import { wholeMb as mb, wholeMs as ms } from "./units.ts";
import { benchVerify } from "./verify.ts";

const ArgsSchema = z
  .object({
    scale: z
      .string()
      .default("1")
      .transform((text) => text.split(",").map(Number))
      .pipe(z.array(z.number().positive().max(1)).min(1)),
    runs: z.coerce.number().int().min(1).max(9).default(1),
    "latency-ms": z.coerce.number().int().min(0).default(20),
    concurrency: z.coerce.number().int().min(1).max(256).default(16),
    only: z.enum(["snapshot", "site", "legacy", "state", "verify"]).optional(),
    dist: z.string().min(1).optional(),
    "no-lighthouse": z.boolean().default(false),
    "lighthouse-runs": z.coerce.number().int().min(1).max(9).default(3),
    "filler-blocks": z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict();

/** `--scale 0.25,0.5,1` builds the site at each scale (a growth table); the other benchmarks use the largest. */
const largest = (scales: readonly number[]) => Math.max(...scales);
/** A figure in ms with one decimal, or "–" where nothing was measured. */
const tenths = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} ms`);

await runCli(async () => {
  const args = parseCliArgs(
    "bench",
    {
      scale: { type: "string" },
      "latency-ms": { type: "string" },
      concurrency: { type: "string" },
      runs: { type: "string" },
      only: { type: "string" },
      dist: { type: "string" },
      "no-lighthouse": { type: "boolean" },
      "lighthouse-runs": { type: "string" },
      "filler-blocks": { type: "string" },
    },
    ArgsSchema,
  );
  if (args.only === undefined || args.only === "snapshot") await benchSnapshot(args);
  if (args.only === undefined || args.only === "legacy") await benchLegacy({ scale: largest(args.scale) });
  if (args.only === undefined || args.only === "state") await benchState({ scale: largest(args.scale) });
  if (args.only === undefined || args.only === "verify")
    await benchVerify({ scale: largest(args.scale), runs: args.runs });
  if (args.only === undefined || args.only === "site") {
    await benchSite({
      scales: args.scale,
      runs: args.runs,
      dist: args.dist,
      lighthouse: !args["no-lighthouse"],
      lighthouseRuns: args["lighthouse-runs"],
    });
  }
});

/** What the first run read: its records, its requests against today's lower bound, and its read plan. */
function printReadFigures(
  records: NonNullable<SnapshotChildReport["records"]>,
  fullRequests: number,
  flags: readonly string[],
): void {
  // Today's bound: every event page and one read per distinct transaction version (what the run made before the plan).
  const lowerBound = records.eventPages + records.distinctVersions;
  const planned = records.eventPages + records.plannedReads;
  const other = fullRequests - planned;
  console.log(
    `full snapshot at version ${records.ledgerVersion}, in its own process (node ${[...flags, "scripts/bench/snapshot-child.ts"].join(" ")}):`,
  );
  console.log(
    `  records: ${formatInteger(BigInt(records.ledgerEntries))} ledger entries, ${formatInteger(BigInt(records.transfers))} transfers, ${formatInteger(BigInt(records.donors))} donors, ${formatInteger(BigInt(records.epochs))} epochs`,
  );
  console.log(
    `  requests: ${formatInteger(BigInt(fullRequests))}; today's lower bound ${formatInteger(BigInt(lowerBound))} (event pages + ${formatInteger(BigInt(records.distinctVersions))} distinct transaction versions); ratio ${(fullRequests / lowerBound).toFixed(3)}, target ≤ 0.25`,
  );
  console.log(
    `    the read plan: ${formatInteger(BigInt(planned))} = ${formatInteger(BigInt(records.eventPages))} event pages + ${formatInteger(BigInt(records.rangeReads))} range reads + ${formatInteger(BigInt(records.plannedReads - records.rangeReads))} single reads`,
  );
  console.log(
    `    beyond the plan: ${formatInteger(BigInt(other))} (ledger info, resources, balance view, ${records.donors} receipts and as many veto weights, ${records.vetoes} veto tallies, block, opening balance, retries)`,
  );
}

async function benchSnapshot(args: z.output<typeof ArgsSchema>): Promise<void> {
  const donations = Math.round(100_000 * largest(args.scale));
  const transfers = Math.round(10_000 * largest(args.scale));
  const started = performance.now();
  const scenario = generateScenario({
    seed: 20261124,
    donations,
    transfers,
    donors: Math.max(10, Math.round(2_000 * largest(args.scale))),
    fillerBlocks: args["filler-blocks"],
  });
  const out = await mkdtemp(path.join(tmpdir(), "ledgerlight-bench-"));
  const scenarioFile = path.join(out, "scenario.json");
  await writeFile(scenarioFile, scenarioToJson(scenario), "utf8");
  console.log(
    `scenario: ${formatInteger(BigInt(donations))} donations, ${formatInteger(BigInt(transfers))} transfers (generated in ${ms(performance.now() - started)})`,
  );
  const node = await startNodeProcess(scenarioFile, args["latency-ms"]);
  const flags = await scriptNodeFlags("snapshot", "scripts/snapshot.ts");
  // Each full run starts from an empty folder of its own; the no-change re-run reads the first run's.
  const request = (run: number): SnapshotChildRequest => ({
    nodeUrl: node.url,
    wallet: scenario.wallet.address,
    outDir: snapshotsDir(path.join(out, `run-${run}`)),
    concurrency: args.concurrency,
  });
  try {
    const figures: SnapshotRunFigures[] = [];
    for (let run = 1; run <= args.runs; run++) {
      const requestsFile = path.join(out, `requests-${run}.jsonl`);
      const nodeCpuBefore = await processCpuMs(node.pid);
      const full = await runReportingChild(
        {
          flags,
          file: "scripts/bench/snapshot-child.ts",
          request: { ...request(run), requestsFile },
          name: "snapshot",
        },
        SnapshotChildReportSchema,
      );
      const nodeCpu = (await processCpuMs(node.pid)) - nodeCpuBefore;
      const records = full.records;
      if (!full.written || records === undefined)
        throw new Error("the first snapshot of an empty folder must be written");
      const fullRequests = full.requests;
      const bound = (fullRequests * args["latency-ms"]) / args.concurrency;
      if (run === 1) printReadFigures(records, fullRequests, flags);
      if (args.runs > 1) console.log(`run ${run} of ${args.runs}:`);
      console.log(
        `  wall: ${ms(full.wallMs)} with ${args["latency-ms"]} ms latency and concurrency ${args.concurrency}; latency bound of the requests made ${ms(bound)}, ratio ${(full.wallMs / bound).toFixed(2)} (target ≤ ${WALL_TARGET}: ${full.wallMs <= WALL_TARGET * bound ? "met" : "missed"})`,
      );
      // Both processes share the machine's cores: with C cores the wall cannot beat (ours + node's CPU) ÷ C.
      console.log(
        `  CPU: ours ${ms(full.runCpuMs)} in the run (${(full.runCpuMs / fullRequests).toFixed(2)} ms per request; ${ms(full.processCpuMs)} with the process's start), the fake node's ${Number.isNaN(nodeCpu) ? "unknown (no /proc)" : `${ms(nodeCpu)} (${(nodeCpu / fullRequests).toFixed(2)} ms per request)`}; latency bound ${ms(bound)}`,
      );
      // The floor, measured in the same session against the same node: the run's own requests, sent by a bare client.
      const floor = await replayRequests(await readRecordedRequests(requestsFile), args.concurrency);
      const statuses = [...floor.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${formatInteger(BigInt(count))} × ${status}`)
        .join(", ");
      console.log(
        `  floor: the same ${formatInteger(BigInt(floor.requests))} requests sent again by a bare client (no parsing, every request known from the start) at concurrency ${args.concurrency}: ${ms(floor.wallMs)} (${ms(floor.cpuMs)} of its CPU; answers ${statuses}), ratio to the latency bound ${(floor.wallMs / bound).toFixed(2)}; the run's wall is ${(full.wallMs / floor.wallMs).toFixed(2)}× the floor`,
      );
      // Where a request's time goes beyond the latency: the node answers after it; the rest is each side's CPU.
      const trips = full.roundTrips;
      const delay = full.eventLoopDelay;
      console.log(
        `  round trips: the run's mean ${tenths(trips.meanMs)} (p50 ${tenths(trips.p50Ms)}, p90 ${tenths(trips.p90Ms)}, p99 ${tenths(trips.p99Ms)}), the floor's mean ${tenths(floor.roundTrips.meanMs)} (p90 ${tenths(floor.roundTrips.p90Ms)}), against ${args["latency-ms"]} ms of latency; the run's event loop ran late by ${tenths(delay.meanMs)} on average (p90 ${tenths(delay.p90Ms)}, p99 ${tenths(delay.p99Ms)}, max ${tenths(delay.maxMs)})`,
      );
      console.log(
        `  peak RSS of the snapshot process: ${mb(full.maxRssBytes)} (${mb(full.rssBeforeBytes)} with its modules loaded, before the run); target ≤ ${mb(RSS_TARGET_BYTES)}: ${full.maxRssBytes <= RSS_TARGET_BYTES ? "met" : "missed"}`,
      );
      if (run === 1) {
        console.log(
          `    not comparable with figures before round 3, taken inside the bench process after it generated the scenario (this process's peak now: ${mb(process.resourceUsage().maxRSS * 1024)})`,
        );
      }
      figures.push({
        wallMs: full.wallMs,
        boundMs: bound,
        floorWallMs: floor.wallMs,
        roundTripMeanMs: trips.meanMs,
        floorRoundTripMeanMs: floor.roundTrips.meanMs,
        maxRssBytes: full.maxRssBytes,
      });
    }
    for (const line of summarizeSnapshotRuns(figures)) console.log(line);

    const again = await runReportingChild(
      { flags, file: "scripts/bench/snapshot-child.ts", request: request(1), name: "snapshot" },
      SnapshotChildReportSchema,
    );
    console.log(
      `incremental re-run, no chain change (own process): ${again.requests} request(s), ${ms(again.wallMs)} in the run (${ms(again.processCpuMs)} CPU with the process's start), wrote nothing: ${!again.written} (target 1 request, < 1 s); peak RSS ${mb(again.maxRssBytes)}`,
    );
  } finally {
    node.stop();
    await rm(out, { recursive: true, force: true });
  }
}
