/**
 * `npm run verify -- [--node URL] [--snapshot DIR] [--json]` (every wallet of the program unless --snapshot names one)
 * Re-reads the chain at the committed snapshot's own ledger versions with the snapshot's reader, rebuilds the
 * files in a temporary folder and compares them byte for byte (src/snapshot/verify-snapshot.ts).
 * Exit codes (src/errors.ts): 0 verified; 5 a difference; 7 partly verified (the node pruned the history, and what
 * it still serves agrees); 2 bad arguments, 3 a bad snapshot folder, 4 the node could not be read.
 */

import { z } from "zod";
import { loadProgramConfig, PROGRAM_CONFIG_PATH } from "../src/config/program.ts";
import { EXIT_CODES, RefusedError } from "../src/errors.ts";
import { describeDifference } from "../src/lib/ledger/snapshot-compare.ts";
import { formatInteger } from "../src/lib/money.ts";
import { programWallets } from "../src/schemas/program.ts";
import { RECORDED_NOT_VERIFIED, type VerifyReport, verifySnapshot } from "../src/snapshot/verify-snapshot.ts";
import { snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { cliChainReader, NodeUrlSchema, parseCliArgs, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    node: NodeUrlSchema.optional(),
    snapshot: z.string().min(1).optional(),
    config: z.string().min(1).default(PROGRAM_CONFIG_PATH),
    concurrency: z.coerce.number().int().min(1).max(64).default(4),
    "timeout-ms": z.coerce.number().int().min(100).default(30_000),
    "deadline-s": z.coerce.number().int().min(1).default(3_600),
    json: z.boolean().default(false),
    quiet: z.boolean().default(false),
  })
  .strict();

const count = (n: number) => formatInteger(BigInt(n));

function describeReport(report: VerifyReport, nodeUrl: string): string {
  // Versions stay raw digits, as auditors search for them in files and explorers.
  const V = `ledger version ${report.ledgerVersion}`;
  switch (report.outcome) {
    case "verified":
      return (
        `verified: ${count(report.files)} files, ${count(report.records)} records identical at ${V}\n` +
        `  (${count(report.runs)} snapshot runs replayed against ${nodeUrl}; recorded, not compared: ${RECORDED_NOT_VERIFIED.join("; ")})\n`
      );
    case "different": {
      const [first] = report.differences;
      const lines = [
        report.method === "replay"
          ? `NOT verified: the snapshot at ${V} differs from what ${nodeUrl} serves.`
          : `NOT verified: the snapshot at ${V} contradicts the state ${nodeUrl} serves now.`,
      ];
      if (first) {
        lines.push(`First difference: ${describeDifference(first)}`);
        if (report.differences.length > 1) {
          lines.push(`${count(report.differences.length - 1)} more records differ; in all:`);
          for (const difference of report.differences.slice(1, 20)) lines.push(`  - ${describeDifference(difference)}`);
          if (report.differences.length > 20) lines.push(`  … and ${count(report.differences.length - 20)} more.`);
        }
      }
      for (const problem of report.problems) lines.push(`  - ${problem}`);
      lines.push(`Files that differ: ${report.differingFiles.join(", ")}.`);
      return `${lines.join("\n")}\n`;
    }
    case "partial":
      return [
        `partly verified: ${nodeUrl} has pruned versions below ${report.oldestServed}, so the snapshot at ${V} cannot be re-read byte for byte.`,
        `Checked against the node's state at ledger version ${report.checkedAt} instead:`,
        ...report.verified.map((line) => `  ✓ ${line}`),
        "Not verified on this node (use an archive node for these):",
        ...report.notVerified.map((line) => `  - ${line}`),
        "",
      ].join("\n");
  }
}

await runCli(
  async () => {
    const args = parseCliArgs(
      "verify",
      {
        node: { type: "string" },
        snapshot: { type: "string" },
        config: { type: "string" },
        concurrency: { type: "string" },
        "timeout-ms": { type: "string" },
        "deadline-s": { type: "string" },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
      },
      ArgsSchema,
    );
    const program = await loadProgramConfig(args.config);
    const reader = cliChainReader(program, args);
    const targets =
      args.snapshot === undefined
        ? programWallets(program).map((wallet) => ({
            name: wallet.name,
            dir: walletSnapshotDir(snapshotsDir("content"), wallet.address),
          }))
        : [{ name: args.snapshot, dir: args.snapshot }];
    const reports: VerifyReport[] = [];
    for (const target of targets) {
      const report = await verifySnapshot({
        reader,
        snapshotDir: target.dir,
        concurrency: args.concurrency,
        ...(args.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`verify: ${message}\n`) }),
      });
      reports.push(report);
      if (!args.json) {
        process.stdout.write(
          `${targets.length > 1 ? `${target.name}: ` : ""}${describeReport(report, reader.nodeUrl)}`,
        );
      }
    }
    if (args.json) process.stdout.write(`${JSON.stringify(targets.length > 1 ? reports : reports[0], null, 2)}\n`);
    // Any difference fails (refused, exit 5); otherwise a partial verification says so in the exit code.
    const outcomes = new Set(reports.map((report) => report.outcome));
    if (outcomes.has("different")) {
      const different = targets.filter((_, index) => reports[index]?.outcome === "different").map((t) => t.name);
      throw new RefusedError(`NOT verified: ${different.join(", ")} differ(s) from what ${reader.nodeUrl} serves.`, {
        advice:
          "read the first difference above; if the node is right, the committed snapshot was changed by hand (git log shows when), so restore it; try another node to rule out the node.",
      });
    }
    process.exitCode = outcomes.has("partial") ? EXIT_CODES.partial : EXIT_CODES.ok;
  },
  { readOnly: true },
);
