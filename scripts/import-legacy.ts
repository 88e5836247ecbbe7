/**
 * `npm run import-legacy -- FILE... [--address 0x…] [--content DIR] [--date YYYY-MM-DD] [--epoch N] [--config FILE]`
 * Imports v5 (legacy era, coin GAS) state exports, transaction archives and the derived receipts summary into
 * `<content>/snapshots/<wallet>/legacy/` (see src/schemas/legacy.ts). The wallet defaults to program.yaml's.
 * A bad file (not one of those kinds, truncated, or without the wallet) stops the run with nothing written.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { UsageError } from "../src/errors.ts";
import { importLegacy } from "../src/legacy/import-legacy.ts";
import { formatIsoUtc } from "../src/lib/format-time.ts";
import { formatCoinAmount } from "../src/lib/money.ts";
import { AddressSchema } from "../src/schemas/common.ts";
import { snapshotsDir } from "../src/store/snapshot-folder.ts";
import { holdContentLock, parseCommandLine, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    files: z.array(z.string().min(1)).min(1, "give at least one file: npm run import-legacy -- FILE..."),
    address: AddressSchema.optional(),
    content: z.string().min(1).default("content"),
    config: z.string().min(1).optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
      .optional(),
    epoch: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,18})$/, "expected an epoch number")
      .optional(),
  })
  .strict();

await runCli(
  async () => {
    let values: Record<string, unknown>;
    try {
      const parsed = parseArgs({
        args: process.argv.slice(2),
        options: {
          address: { type: "string" },
          content: { type: "string" },
          config: { type: "string" },
          date: { type: "string" },
          epoch: { type: "string" },
        },
        strict: true,
        allowPositionals: true,
      });
      values = { ...parsed.values, files: parsed.positionals };
    } catch (error) {
      throw new UsageError(`import-legacy: ${(error as Error).message}`, { cause: error });
    }
    const args = parseCommandLine(ArgsSchema, values, "import-legacy");
    await using _lock = await holdContentLock(path.resolve(args.content), "npm run import-legacy", {
      createFolder: true,
    });
    const wallet = args.address ?? (await loadProgramConfig(args.config ?? programConfigPath(args.content))).wallet;
    const result = await importLegacy({
      files: args.files,
      wallet,
      snapshotsDir: snapshotsDir(args.content),
      ...(args.date === undefined ? {} : { date: args.date }),
      ...(args.epoch === undefined ? {} : { epoch: args.epoch }),
    });
    const gas = (units: string) => formatCoinAmount(BigInt(units), "GAS");
    for (const read of result.imports) {
      const lines = [`${read.source.file} (${read.source.kind}, sha256 ${read.source.sha256}):`];
      for (const e of read.exports) {
        lines.push(
          `  epoch ${e.epoch} (${e.date}): balance ${gas(e.balance)}, ${e.donorCount} donors, Σ receipts ${gas(e.receiptsTotal)}`,
        );
      }
      for (const e of read.events) {
        lines.push(
          `  version ${e.version} (${formatIsoUtc(BigInt(e.timestampUsec))}): ${e.kind}, ${e.function}${e.amount === null ? "" : `, ${gas(e.amount)}`}`,
        );
      }
      if (read.exports.length === 0 && read.events.length === 0) {
        lines.push(`  nothing about this wallet in ${read.itemsRead} transactions.`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    process.stdout.write(
      result.changed
        ? `Wrote ${result.dir}: ${result.data.exports.length} exports, ${result.data.receipts.length} receipts, ${result.data.events.length} events.\n`
        : `${result.dir} already holds exactly this; nothing changed.\n`,
    );
  },
  { writes: "the committed legacy history is" },
);
