/**
 * `npm run diff -- A B [--json] [--repo DIR] [--path content/snapshots/<wallet> | --address 0x…] [--config FILE]`
 * What happened between two snapshots of one wallet, in plain words (or as data with --json). A and B are
 * snapshot folders or git revisions of the repository (the committed folder at --path is read). B must extend A:
 * if it drops or rewrites anything A recorded, that is reported instead and the exit code is 1.
 */
import { z } from "zod";
import { loadProgramConfig, PROGRAM_CONFIG_PATH } from "../src/config/program.ts";
import { SnapshotRefusedError } from "../src/errors.ts";
import { formatUtcDateTime } from "../src/lib/format-time.ts";
import { checkAppendOnly } from "../src/lib/ledger/append-only.ts";
import { writtenJson } from "../src/lib/ledger/snapshot-compare.ts";
import { describeChange } from "../src/lib/reports/change-summary.ts";
import { diffSnapshots, explainChange } from "../src/lib/reports/snapshot-diff.ts";
import { AddressSchema } from "../src/schemas/common.ts";
import { openSnapshot } from "../src/snapshot/snapshot-source.ts";
import { snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { parseCliArgs, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    from: z.string({ error: "give two snapshots: npm run diff -- A B (folders or git revisions)" }).min(1),
    to: z.string({ error: "give two snapshots: npm run diff -- A B (folders or git revisions)" }).min(1),
    json: z.boolean().default(false),
    repo: z.string().min(1).default("."),
    path: z.string().min(1).optional(),
    address: AddressSchema.optional(),
    config: z.string().min(1).default(PROGRAM_CONFIG_PATH),
  })
  .strict();

await runCli(
  async () => {
    const args = parseCliArgs(
      "diff",
      {
        json: { type: "boolean" },
        repo: { type: "string" },
        path: { type: "string" },
        address: { type: "string" },
        config: { type: "string" },
      },
      ArgsSchema,
      process.argv.slice(2),
      ["from", "to"],
    );
    const program = await loadProgramConfig(args.config);
    const source = {
      repo: args.repo,
      snapshotPath: args.path ?? walletSnapshotDir(snapshotsDir("content"), args.address ?? program.wallet),
    };
    const a = await openSnapshot(args.from, source);
    const b = await openSnapshot(args.to, source);
    if (a.snapshot.meta.ledgerVersion > b.snapshot.meta.ledgerVersion) {
      throw new SnapshotRefusedError(
        `${a.label} (ledger version ${a.snapshot.meta.ledgerVersion}) is newer than ${b.label} (ledger version ${b.snapshot.meta.ledgerVersion}); give the older snapshot first.`,
      );
    }
    const problems = checkAppendOnly(a.snapshot, b.snapshot);
    if (problems.length > 0) {
      throw new SnapshotRefusedError(
        `${b.label} does not extend ${a.label}: it drops or rewrites recorded history.\n${problems
          .slice(0, 20)
          .map((p) => `  - ${p}`)
          .join("\n")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more.` : ""}`,
      );
    }
    const change = explainChange(diffSnapshots(a.snapshot, b.snapshot), b.snapshot, { program });
    if (args.json) {
      // As data: amounts and versions as decimal strings, like the snapshot files.
      process.stdout.write(writtenJson(change));
      return;
    }
    const when = (meta: typeof a.snapshot.meta) =>
      `ledger version ${meta.ledgerVersion} (${formatUtcDateTime(meta.ledgerTimestampUsec)}, epoch ${meta.epoch})`;
    const { sentences } = describeChange(change, program.coinSymbol);
    process.stdout.write(
      `From ${when(a.snapshot.meta)}\n  to ${when(b.snapshot.meta)}:\n${sentences.map((s) => `- ${s}`).join("\n")}\n`,
    );
  },
  { readOnly: true },
);
