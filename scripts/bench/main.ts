/**
 * `npm run bench -- [--scale F] [--latency-ms N] [--concurrency N] [--only snapshot|site|legacy|state|verify] [--dist DIR]
 * [--no-lighthouse]`: prints figures, asserts nothing. The legacy import benchmark is in legacy.ts, the state import one in state.ts. The site benchmark is in site.ts (`--dist` measures an
 * existing build instead of making one; `--no-lighthouse` skips Lighthouse).
 *
 * Snapshot benchmark: a generated SIP-like scenario (100,000 donations and 10,000 transfers at scale 1) served by
 * the fake 0L node, in its own process as a real node would be, with injected latency per request; one full
 * snapshot, then an incremental re-run with no chain change. Prints requests made against the lower bound (event pages of 100 plus one read per distinct transaction
 * version), wall time against the latency-bound target, and peak RSS.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { createChainReader } from "../../src/chain/reader.ts";
import { generateScenario } from "../../src/fake-node/sim/generator.ts";
import { scenarioToJson } from "../../src/fake-node/sim/scenario.ts";
import { formatInteger } from "../../src/lib/money.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { snapshotsDir } from "../../src/store/snapshot-folder.ts";
import { parseCliArgs, runCli } from "../cli.ts";
import { benchLegacy } from "./legacy.ts";
import { benchSite } from "./site.ts";
import { benchState } from "./state.ts";
import { benchVerify } from "./verify.ts";

const ArgsSchema = z
  .object({
    scale: z.coerce.number().positive().max(1).default(1),
    "latency-ms": z.coerce.number().int().min(0).default(20),
    concurrency: z.coerce.number().int().min(1).max(256).default(16),
    only: z.enum(["snapshot", "site", "legacy", "state", "verify"]).optional(),
    dist: z.string().min(1).optional(),
    "no-lighthouse": z.boolean().default(false),
  })
  .strict();

const ms = (n: number) => `${formatInteger(BigInt(Math.round(n)))} ms`;
const mb = (bytes: number) => `${formatInteger(BigInt(Math.round(bytes / 1024 / 1024)))} MB`;

await runCli(async () => {
  const args = parseCliArgs(
    "bench",
    {
      scale: { type: "string" },
      "latency-ms": { type: "string" },
      concurrency: { type: "string" },
      only: { type: "string" },
      dist: { type: "string" },
      "no-lighthouse": { type: "boolean" },
    },
    ArgsSchema,
  );
  if (args.only === undefined || args.only === "snapshot") await benchSnapshot(args);
  if (args.only === undefined || args.only === "legacy") await benchLegacy({ scale: args.scale });
  if (args.only === undefined || args.only === "state") await benchState({ scale: args.scale });
  if (args.only === undefined || args.only === "verify") await benchVerify({ scale: args.scale });
  if (args.only === undefined || args.only === "site") {
    await benchSite({ scale: args.scale, dist: args.dist, lighthouse: !args["no-lighthouse"] });
  }
});

async function benchSnapshot(args: z.output<typeof ArgsSchema>): Promise<void> {
  const donations = Math.round(100_000 * args.scale);
  const transfers = Math.round(10_000 * args.scale);
  let started = performance.now();
  const scenario = generateScenario({
    seed: 20261124,
    donations,
    transfers,
    donors: Math.max(10, Math.round(2_000 * args.scale)),
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

    const { snapshot } = result;
    const pages = (n: bigint) => (n + 99n) / 100n;
    const cursors = snapshot.meta.eventCursors;
    const versions = new Set([
      ...snapshot.ledger.entries.map((e) => e.version),
      ...snapshot.epochs.map((e) => e.version),
    ]);
    const lowerBound =
      Number(pages(BigInt(cursors.deposits)) + pages(BigInt(cursors.withdrawals)) + pages(BigInt(cursors.newEpochs))) +
      versions.size;
    const target = 1.5 * ((lowerBound * args["latency-ms"]) / args.concurrency);
    const other = fullRequests - lowerBound;

    console.log(`full snapshot at version ${snapshot.meta.ledgerVersion}:`);
    console.log(
      `  records: ${formatInteger(BigInt(snapshot.ledger.entries.length))} ledger entries, ${formatInteger(BigInt(snapshot.transfers.length))} transfers, ${formatInteger(BigInt(snapshot.donors.length))} donors, ${formatInteger(BigInt(snapshot.epochs.length))} epochs`,
    );
    console.log(
      `  requests: ${formatInteger(BigInt(fullRequests))} (lower bound ${formatInteger(BigInt(lowerBound))} = event pages + ${formatInteger(BigInt(versions.size))} distinct transaction versions; ratio ${(fullRequests / lowerBound).toFixed(3)}, target ≤ 1.05)`,
    );
    console.log(
      `    beyond the bound: ${formatInteger(BigInt(other))} (ledger info, resources, balance view, ${snapshot.donors.length} receipts and as many veto weights, ${snapshot.vetoes.length} veto tallies, block, opening balance)`,
    );
    console.log(
      `  wall: ${ms(wall)} with ${args["latency-ms"]} ms latency and concurrency ${args.concurrency} (target ≤ ${ms(target)}: ${wall <= target ? "met" : "missed"})`,
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
      `incremental re-run, no chain change: ${requests} request(s), ${ms(performance.now() - started)}, wrote nothing: ${!again.written} (target ≤ 3 requests)`,
    );
    console.log(`peak RSS of the snapshot process: ${mb(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    node.kill("SIGTERM");
    await rm(out, { recursive: true, force: true });
  }
}
