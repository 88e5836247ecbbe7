/**
 * `npm run check-fees -- [--content DIR]`: checks the administrative fee against the cap in `DIR/program.yaml`
 * (default `content`), on the committed snapshot of its wallet, read with the build's checks (schemas, manifest and
 * every snapshot invariant). Prints each quarter's and the lifetime's cap status and every breach with its numbers.
 * Exit 0 when the cap holds everywhere (every award, quarter and the lifetime), 5 on any breach (so CI can gate on
 * it), 3 when the inputs are missing or invalid (a snapshot breaking an invariant included).
 */
import { z } from "zod";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { RefusedError, SnapshotRefusedError, ValidationError } from "../src/errors.ts";
import { breachLines, capPercent, capSentence } from "../src/lib/figures/fee-text.ts";
import { assertFeeLinks, buildFeeReport, formatRate } from "../src/lib/figures/fees.ts";
import { formatCoinAmount } from "../src/lib/money.ts";
import { readCheckedSnapshot } from "../src/store/checked-snapshot.ts";
import { snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { parseCliArgs, runCli } from "./cli.ts";

await runCli(async () => {
  const args = parseCliArgs(
    "check-fees",
    { content: { type: "string" } },
    z.object({ content: z.string().min(1).default("content") }).strict(),
  );
  const configFile = programConfigPath(args.content);
  const program = await loadProgramConfig(configFile);
  const dir = walletSnapshotDir(snapshotsDir(args.content), program.wallet);
  let snapshot: Awaited<ReturnType<typeof readCheckedSnapshot>>;
  try {
    // The same checks as the build: a snapshot whose records contradict each other is bad input (exit 3).
    snapshot = await readCheckedSnapshot(dir);
  } catch (error) {
    // A damaged snapshot is bad input here, not a refused write.
    if (error instanceof SnapshotRefusedError) throw new ValidationError(error.message, { cause: error });
    throw error;
  }
  if (!snapshot) {
    throw new ValidationError(`No committed snapshot for wallet ${program.wallet}: expected ${dir}/.`, {
      advice: `take one first: npm run snapshot -- --config ${configFile} --out ${snapshotsDir(args.content)}.`,
    });
  }
  assertFeeLinks(snapshot, program, configFile);

  const report = buildFeeReport(snapshot, program);
  const symbol = program.coinSymbol;
  const out: string[] = [
    `Fee cap: ${capPercent(report.capBps)} of awards paid (${configFile}; snapshot at ledger version ${snapshot.meta.ledgerVersion})`,
  ];
  for (const row of report.quarters) {
    out.push(
      `${row.quarter}: awards ${formatCoinAmount(row.awards, symbol)}, fees ${formatCoinAmount(row.fees, symbol)} (${formatRate(row.rate)}); ${capSentence(row.fees, row.awards, row, report.capBps, symbol)}`,
    );
    if (row.pendingAwards > 0n || row.pendingFees > 0n) {
      out.push(
        `  pending, not counted: awards ${formatCoinAmount(row.pendingAwards, symbol)}, fees ${formatCoinAmount(row.pendingFees, symbol)}`,
      );
    }
  }
  const life = report.lifetime;
  out.push(
    `Lifetime: awards ${formatCoinAmount(life.awards, symbol)}, fees ${formatCoinAmount(life.fees, symbol)} (${formatRate(life.rate)}); ${capSentence(life.fees, life.awards, life, report.capBps, symbol)}`,
  );
  const breaches = breachLines(report, symbol);
  if (breaches.length === 0) out.push("OK: the fee cap holds for every award, every quarter and the lifetime.");
  process.stdout.write(`${out.join("\n")}\n`);
  if (breaches.length > 0) {
    // A breach is a check that failed on purpose (exit 5), for CI to stop on.
    throw new RefusedError(
      `FAIL: ${breaches.length} breach${breaches.length === 1 ? "" : "es"} of the fee cap:\n${breaches.map((line) => `  ${line}`).join("\n")}`,
      {
        advice: `the fees recorded on chain are what they are: explain each breach in a writeup, or, if the cap in ${configFile} is wrong, correct it.`,
      },
    );
  }
});
