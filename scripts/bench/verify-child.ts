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
  /** The wallet's resources answer at this version is read once more after the verification, to time its parse. */
  parseFloor: z.object({ wallet: z.string(), ledgerVersion: z.string() }).optional(),
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
  /** `JSON.parse` of one whole resources answer (`parseFloor`) in this process: its size and median time. */
  answerBytes: z.number().optional(),
  answerParseMs: z.number().optional(),
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
    ...(request.parseFloor ? await timeAnswerParse(request.nodeUrl, request.parseFloor) : {}),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/**
 * The floor of reading one earlier run's state in full: `JSON.parse` of the wallet's whole resources answer at a
 * version (as verify gets it, one request), in this process after the verification, median of 21 parses.
 */
async function timeAnswerParse(
  nodeUrl: string,
  at: { wallet: string; ledgerVersion: string },
): Promise<{ answerBytes: number; answerParseMs: number }> {
  const url = `${nodeUrl}/accounts/${at.wallet}/resources?ledger_version=${at.ledgerVersion}&limit=9999`;
  const text = await (await fetch(url)).text();
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    JSON.parse(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { answerBytes: Buffer.byteLength(text), answerParseMs: times[10] ?? 0 };
}
