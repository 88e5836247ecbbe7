/**
 * One snapshot run in its own process, as `npm run snapshot` runs it (spawned by the snapshot benchmark in
 * main.ts with the Node flags of the `snapshot` script in package.json): `node snapshot-child.ts <json>` with
 * `{nodeUrl, wallet, outDir, concurrency, requestsFile?}`. Prints one JSON line on stdout: requests, wall and CPU of the run,
 * the process's peak RSS (`resourceUsage().maxRSS`, taken as soon as the run returns, before the figures below are
 * computed), and the counts the benchmark compares requests with. Figures only; asserts nothing.
 */
import { z } from "zod";
import { nodeHttpTransport } from "../../src/chain/node-http-transport.ts";
import { createChainReader } from "../../src/chain/reader.ts";
import { compareBigint } from "../../src/lib/compare.ts";
import { parseOrThrow } from "../../src/schemas/parse.ts";
import { TRANSACTION_PAGE_LIMIT } from "../../src/snapshot/read-chain.ts";
import { planTransactionReads } from "../../src/snapshot/read-plan.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { type RecordedRequest, recordingTransport, writeRecordedRequests } from "./request-replay.ts";

export const SnapshotChildRequestSchema = z.object({
  nodeUrl: z.string(),
  wallet: z.string(),
  outDir: z.string(),
  concurrency: z.number().int().positive(),
  /** Where to write the requests the run sent, one a line (`request-replay.ts`), after the run. */
  requestsFile: z.string().optional(),
});
export type SnapshotChildRequest = z.infer<typeof SnapshotChildRequestSchema>;

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
  const reader = createChainReader({
    nodeUrl: request.nodeUrl,
    onAttempt: () => requests++,
    ...(request.requestsFile === undefined ? {} : { transport: recordingTransport(nodeHttpTransport, recorded) }),
  });
  const rssBeforeBytes = process.memoryUsage.rss();
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
  const report: SnapshotChildReport = {
    written: result.written,
    requests,
    wallMs,
    runCpuMs: (runCpu.user + runCpu.system) / 1000,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: usage.maxRSS * 1024,
    rssBeforeBytes,
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
