/**
 * `npm run bench -- [--scale F[,F...]] [--runs N] [--latency-ms N] [--concurrency N] [--only snapshot|site|legacy|state|verify] [--dist DIR]
 * [--no-lighthouse] [--lighthouse-runs N] [--filler-blocks N]`: prints figures, asserts nothing. The legacy import benchmark is in legacy.ts, the state import one in state.ts. The site benchmark is in site.ts: one build per `--scale`, each against a bare-Astro floor of the same page count, `--runs` paired runs per scale (`--dist` measures an
 * existing build instead of making one; `--no-lighthouse` skips Lighthouse, `--lighthouse-runs N` (default 3) runs it N times per page and prints medians).
 *
 * Snapshot benchmark: a generated SIP-like scenario (100,000 donations and 10,000 transfers at scale 1) served by
 * the fake 0L node, in its own process as a real node would be, with injected latency per request; one full
 * snapshot, then an incremental re-run with no chain change. Prints requests made against today's lower bound (event
 * pages of 100 plus one read per distinct transaction version) and the read plan's count (event pages plus the
 * plan's range and single reads, `src/snapshot/read-plan.ts`), wall time against the latency bound of the requests
 * made, and peak RSS. `--filler-blocks N` puts N empty blocks before every user block, so the wallet's versions are
 * sparse as on the real chain.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { createChainReader } from "../../src/chain/reader.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { scenarioToJson } from "../../src/fake-node/sim/scenario.ts";
import { compareBigint } from "../../src/lib/compare.ts";
import { formatInteger } from "../../src/lib/money.ts";
import { TRANSACTION_PAGE_LIMIT } from "../../src/snapshot/read-chain.ts";
import { planTransactionReads } from "../../src/snapshot/read-plan.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { snapshotsDir } from "../../src/store/snapshot-folder.ts";
import { parseCliArgs, runCli } from "../cli.ts";
import { benchLegacy } from "./legacy.ts";
import { benchSite } from "./site.ts";
import { benchState } from "./state.ts";
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
const ms = (n: number) => `${formatInteger(BigInt(Math.round(n)))} ms`;
const mb = (bytes: number) => `${formatInteger(BigInt(Math.round(bytes / 1024 / 1024)))} MB`;

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
  if (args.only === undefined || args.only === "verify") await benchVerify({ scale: largest(args.scale) });
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

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN where there is none. */
async function processCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name: state is field 3, utime and stime are fields 14 and 15, in clock ticks.
    // The command name may itself hold ") ": the fields start after its last one.
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const clockTicksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}

async function benchSnapshot(args: z.output<typeof ArgsSchema>): Promise<void> {
  const donations = Math.round(100_000 * largest(args.scale));
  const transfers = Math.round(10_000 * largest(args.scale));
  let started = performance.now();
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
  const node = spawn(
    process.execPath,
    ["scripts/fake-node.ts", "--scenario", scenarioFile, "--port", "0", "--latency-ms", String(args["latency-ms"])],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const nodeUrl = await new Promise<string>((resolve, reject) => {
    let text = "";
    node.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    node.on("exit", (code) => reject(new Error(`fake node exited with ${code}`)));
  });
  const outDir = snapshotsDir(out);
  let requests = 0;
  try {
    const reader = createChainReader({ nodeUrl, onAttempt: () => requests++ });
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const cpuBefore = process.cpuUsage();
    const nodeCpuBefore = await processCpuMs(node.pid);
    started = performance.now();
    const result = await runSnapshot({
      reader,
      wallet: scenario.wallet.address,
      outDir,
      simulated: true,
      concurrency: args.concurrency,
    });
    const wall = performance.now() - started;
    const fullRequests = requests;
    const cpuUsed = process.cpuUsage(cpuBefore);
    const ourCpu = (cpuUsed.user + cpuUsed.system) / 1000;
    const nodeCpu = (await processCpuMs(node.pid)) - nodeCpuBefore;

    if (!result.written) throw new Error("the first snapshot of an empty folder must be written");
    const { snapshot } = result;
    const pages = (n: bigint) => (n + 99n) / 100n;
    const cursors = snapshot.meta.eventCursors;
    const versions = new Set([
      ...snapshot.ledger.entries.map((e) => e.version),
      ...snapshot.epochs.map((e) => e.version),
    ]);
    const eventPages = Number(
      pages(BigInt(cursors.deposits)) + pages(BigInt(cursors.withdrawals)) + pages(BigInt(cursors.newEpochs)),
    );
    // Today's bound: every event page and one read per distinct transaction version (what the run made before the plan).
    const lowerBound = eventPages + versions.size;
    const plan = planTransactionReads([...versions].sort(compareBigint), { pageLimit: TRANSACTION_PAGE_LIMIT });
    const planned = eventPages + plan.length;
    const ranges = plan.filter((read) => read.kind === "range").length;
    const target = 1.5 * ((fullRequests * args["latency-ms"]) / args.concurrency);
    const other = fullRequests - planned;

    console.log(`full snapshot at version ${snapshot.meta.ledgerVersion}:`);
    console.log(
      `  records: ${formatInteger(BigInt(snapshot.ledger.entries.length))} ledger entries, ${formatInteger(BigInt(snapshot.transfers.length))} transfers, ${formatInteger(BigInt(snapshot.donors.length))} donors, ${formatInteger(BigInt(snapshot.epochs.length))} epochs`,
    );
    console.log(
      `  requests: ${formatInteger(BigInt(fullRequests))}; today's lower bound ${formatInteger(BigInt(lowerBound))} (event pages + ${formatInteger(BigInt(versions.size))} distinct transaction versions); ratio ${(fullRequests / lowerBound).toFixed(3)}, target ≤ 0.25`,
    );
    console.log(
      `    the read plan: ${formatInteger(BigInt(planned))} = ${formatInteger(BigInt(eventPages))} event pages + ${formatInteger(BigInt(ranges))} range reads + ${formatInteger(BigInt(plan.length - ranges))} single reads`,
    );
    console.log(
      `    beyond the plan: ${formatInteger(BigInt(other))} (ledger info, resources, balance view, ${snapshot.donors.length} receipts and as many veto weights, ${snapshot.vetoes.length} veto tallies, block, opening balance, retries)`,
    );
    console.log(
      `  wall: ${ms(wall)} with ${args["latency-ms"]} ms latency and concurrency ${args.concurrency}; latency bound of the requests made ${ms(target / 1.5)}, ratio ${(wall / (target / 1.5)).toFixed(2)} (target ≤ 1.5: ${wall <= target ? "met" : "missed"})`,
    );
    // Both processes share the machine's cores: with C cores the wall cannot beat (ours + node's CPU) ÷ C.
    console.log(
      `  CPU: ours ${ms(ourCpu)} (${(ourCpu / fullRequests).toFixed(2)} ms per request), the fake node's ${Number.isNaN(nodeCpu) ? "unknown (no /proc)" : `${ms(nodeCpu)} (${(nodeCpu / fullRequests).toFixed(2)} ms per request)`}; latency bound ${ms(target / 1.5)}`,
    );
    console.log(
      `  peak RSS after the full snapshot: ${mb(process.resourceUsage().maxRSS * 1024)} (before it, with the modules loaded and the scenario generated: ${mb(rssBefore)})`,
    );

    requests = 0;
    started = performance.now();
    const again = await runSnapshot({
      reader,
      wallet: scenario.wallet.address,
      outDir,
      simulated: true,
      concurrency: args.concurrency,
    });
    console.log(
      `incremental re-run, no chain change: ${requests} request(s), ${ms(performance.now() - started)}, wrote nothing: ${!again.written} (target 1 request, < 1 s)`,
    );
    console.log(`peak RSS of the snapshot process: ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    node.kill("SIGTERM");
    await rm(out, { recursive: true, force: true });
  }
}
