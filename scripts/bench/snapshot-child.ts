/**
 * One snapshot run in its own process, as `npm run snapshot` runs it (spawned by the snapshot benchmark in
 * main.ts with the Node flags of the `snapshot` script in package.json): `node snapshot-child.ts <json>` with
 * `{nodeUrl, wallet, outDir, concurrency, requestsFile?}`. Prints one JSON line on stdout: requests, wall and CPU of the run,
 * the process's peak RSS (`resourceUsage().maxRSS`, taken as soon as the run returns, before the figures below are
 * computed), and the counts the benchmark compares requests with. Also where a request's time goes beyond the
 * node's latency: each attempt's round trip as the run sees it, and how late the event loop ran (a 2 ms timer of
 * `monitorEventLoopDelay`): an answer that arrives while the main thread is busy waits for it. Figures only; asserts
 * nothing.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { z } from "zod";
import { nodeHttpTransport } from "../../src/chain/node-http-transport.ts";
import { createChainReader } from "../../src/chain/reader.ts";
import { compareBigint } from "../../src/lib/compare.ts";
import { parseOrThrow } from "../../src/schemas/parse.ts";
import { TRANSACTION_PAGE_LIMIT } from "../../src/snapshot/read-chain.ts";
import { planTransactionReads } from "../../src/snapshot/read-plan.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { type RecordedRequest, recordingTransport, timingTransport, writeRecordedRequests } from "./request-replay.ts";
import { summarizeDurations } from "./stats.ts";

export const SnapshotChildRequestSchema = z.object({
  nodeUrl: z.string(),
  wallet: z.string(),
  outDir: z.string(),
  concurrency: z.number().int().positive(),
  /** Where to write the requests the run sent, one a line (`request-replay.ts`), after the run. */
  requestsFile: z.string().optional(),
});
export type SnapshotChildRequest = z.infer<typeof SnapshotChildRequestSchema>;

/** A measured figure; null where there was nothing to measure (JSON has no NaN). */
const Figure = z.number().nullable();
/** The event-loop histogram's figures are NaN before its first sample. */
const figure = (value: number) => (Number.isFinite(value) ? value : null);

export const SnapshotChildReportSchema = z.object({
  written: z.boolean(),
  requests: z.number(),
  wallMs: z.number(),
  /** user+sys of this process during `runSnapshot` alone. */
  runCpuMs: z.number(),
  /** user+sys of this process from its start (module loading included) to the end of the run. */
  processCpuMs: z.number(),
  /** Peak resident set of this process up to the end of the run, in bytes. */
  maxRssBytes: z.number(),
  /** Resident set just before the run (modules loaded), in bytes. */
  rssBeforeBytes: z.number(),
  /** Every attempt's round trip, from the transport's call to the whole body received (null: no attempt). */
  roundTrips: z.object({ count: z.number(), meanMs: Figure, p50Ms: Figure, p90Ms: Figure, p99Ms: Figure }),
  /** How late the event loop ran during the run (`monitorEventLoopDelay`, 2 ms resolution), in ms (null: no sample). */
  eventLoopDelay: z.object({ meanMs: Figure, p90Ms: Figure, p99Ms: Figure, maxMs: Figure }),
  /** Present when the run wrote a snapshot. */
  records: z
    .object({
      ledgerVersion: z.string(),
      ledgerEntries: z.number(),
      transfers: z.number(),
      donors: z.number(),
      vetoes: z.number(),
      epochs: z.number(),
      eventPages: z.number(),
      distinctVersions: z.number(),
      plannedReads: z.number(),
      rangeReads: z.number(),
    })
    .optional(),
});
export type SnapshotChildReport = z.infer<typeof SnapshotChildReportSchema>;

// Run only as its own process (main.ts imports the schemas above without running a snapshot).
if (import.meta.main) {
  const request = parseOrThrow(
    SnapshotChildRequestSchema,
    JSON.parse(process.argv[2] ?? "{}"),
    "the snapshot child's request (argument 1)",
  );
  let requests = 0;
  const recorded: RecordedRequest[] = [];
  const roundTrips: number[] = [];
  const sending =
    request.requestsFile === undefined ? nodeHttpTransport : recordingTransport(nodeHttpTransport, recorded);
  const reader = createChainReader({
    nodeUrl: request.nodeUrl,
    onAttempt: () => requests++,
    transport: timingTransport(sending, roundTrips),
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 2 });
  const rssBeforeBytes = process.memoryUsage.rss();
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await runSnapshot({
    reader,
    wallet: request.wallet,
    outDir: request.outDir,
    simulated: true,
    concurrency: request.concurrency,
  });
  const wallMs = performance.now() - started;
  const usage = process.resourceUsage();
  const runCpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const delayMs = (nanoseconds: number) => figure(nanoseconds / 1e6);
  const report: SnapshotChildReport = {
    written: result.written,
    requests,
    wallMs,
    runCpuMs: (runCpu.user + runCpu.system) / 1000,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: usage.maxRSS * 1024,
    rssBeforeBytes,
    roundTrips: summarizeDurations(roundTrips),
    eventLoopDelay: {
      meanMs: delayMs(loopDelay.mean),
      p90Ms: delayMs(loopDelay.percentile(90)),
      p99Ms: delayMs(loopDelay.percentile(99)),
      maxMs: delayMs(loopDelay.max),
    },
  };
  if (result.written) {
    const { snapshot } = result;
    const pages = (n: bigint) => (n + 99n) / 100n;
    const cursors = snapshot.meta.eventCursors;
    const versions = new Set([
      ...snapshot.ledger.entries.map((e) => e.version),
      ...snapshot.epochs.map((e) => e.version),
    ]);
    const plan = planTransactionReads([...versions].sort(compareBigint), { pageLimit: TRANSACTION_PAGE_LIMIT });
    report.records = {
      ledgerVersion: String(snapshot.meta.ledgerVersion),
      ledgerEntries: snapshot.ledger.entries.length,
      transfers: snapshot.transfers.length,
      donors: snapshot.donors.length,
      vetoes: snapshot.vetoes.length,
      epochs: snapshot.epochs.length,
      eventPages: Number(
        pages(BigInt(cursors.deposits)) + pages(BigInt(cursors.withdrawals)) + pages(BigInt(cursors.newEpochs)),
      ),
      distinctVersions: versions.size,
      plannedReads: plan.length,
      rangeReads: plan.filter((read) => read.kind === "range").length,
    };
  }
  if (request.requestsFile !== undefined) await writeRecordedRequests(request.requestsFile, recorded);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
