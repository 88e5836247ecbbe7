/**
 * One `npm run verify` of one snapshot folder in its own process, as an auditor runs it (spawned by the verify
 * benchmark, verify.ts, with the Node flags of the `verify` script in package.json): `node verify-child.ts <json>`
 * with `{nodeUrl, snapshotDir, concurrency}`. Prints one JSON line on stdout: the outcome, the requests made, and
 * the wall and CPU of `verifySnapshot` alone and of the whole process (module loading included), with its peak RSS.
 * The node it asks runs in another process, so none of this is the node's work. Figures only; asserts nothing.
 */
import { z } from "zod";
import { createChainReader } from "../../src/chain/reader.ts";
import { parseOrThrow } from "../../src/schemas/parse.ts";
import { verifySnapshot } from "../../src/snapshot/verify-snapshot.ts";

export const VerifyChildRequestSchema = z.object({
  nodeUrl: z.string(),
  snapshotDir: z.string(),
  concurrency: z.number().int().positive(),
});
export type VerifyChildRequest = z.infer<typeof VerifyChildRequestSchema>;

export const VerifyChildReportSchema = z.object({
  outcome: z.string(),
  requests: z.number(),
  wallMs: z.number(),
  /** user+sys of this process during `verifySnapshot` alone. */
  verifyCpuMs: z.number(),
  /** user+sys of this process from its start (module loading included) to the end of the verification. */
  processCpuMs: z.number(),
  /** Peak resident set of this process up to the end of the verification, in bytes. */
  maxRssBytes: z.number(),
});
export type VerifyChildReport = z.infer<typeof VerifyChildReportSchema>;

// Run only as its own process (verify.ts imports the schemas above without verifying anything).
if (import.meta.main) {
  const request = parseOrThrow(
    VerifyChildRequestSchema,
    JSON.parse(process.argv[2] ?? "{}"),
    "the verify child's request (argument 1)",
  );
  let requests = 0;
  const reader = createChainReader({ nodeUrl: request.nodeUrl, onAttempt: () => requests++ });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await verifySnapshot({
    reader,
    snapshotDir: request.snapshotDir,
    concurrency: request.concurrency,
  });
  const wallMs = performance.now() - started;
  const usage = process.resourceUsage();
  const verifyCpu = process.cpuUsage(cpuBefore);
  const report: VerifyChildReport = {
    outcome: result.outcome,
    requests,
    wallMs,
    verifyCpuMs: (verifyCpu.user + verifyCpu.system) / 1000,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes: usage.maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
