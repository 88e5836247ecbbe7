/**
 * `npm run import-state -- [FILE...] [--names FILE]... [--content DIR] [--epoch N --date YYYY-MM-DD
 * --ledger-version V --dating-note TEXT]`
 * Imports real state exports ("legacy recovery" shape: v5 monthly exports, a JSON array in GAS; libra-framework's
 * export, JSON objects one after another in LIBRA) and off-chain names into `<content>/state/` (see
 * src/schemas/state-history.ts). The dating options describe one file whose name does not date it. A bad file stops
 * the run with nothing written.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { UsageError } from "../src/errors.ts";
import { importState } from "../src/legacy/import-state.ts";
import { formatCoinAmount } from "../src/lib/money.ts";
import { stateDir } from "../src/store/state-folder.ts";
import { parseCommandLine, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    files: z.array(z.string().min(1)).default([]),
    names: z.array(z.string().min(1)).default([]),
    content: z.string().min(1).default("content"),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
      .optional(),
    epoch: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,18})$/, "expected an epoch number")
      .optional(),
    "ledger-version": z
      .string()
      .regex(/^(0|[1-9][0-9]{0,19})$/, "expected a ledger version number")
      .optional(),
    "dating-note": z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.files.length > 0 || a.names.length > 0, {
    message: "give at least one export FILE or --names FILE: npm run import-state -- FILE... [--names FILE]",
  })
  .refine((a) => a.files.length <= 1 || (a.date ?? a.epoch ?? a["ledger-version"] ?? a["dating-note"]) === undefined, {
    message: "--epoch, --date, --ledger-version and --dating-note describe one file: give them with exactly one FILE",
  });

await runCli(
  async () => {
    let values: Record<string, unknown>;
    try {
      const parsed = parseArgs({
        args: process.argv.slice(2),
        options: {
          names: { type: "string", multiple: true },
          content: { type: "string" },
          date: { type: "string" },
          epoch: { type: "string" },
          "ledger-version": { type: "string" },
          "dating-note": { type: "string" },
        },
        strict: true,
        allowPositionals: true,
      });
      values = { ...parsed.values, files: parsed.positionals };
    } catch (error) {
      throw new UsageError(`import-state: ${(error as Error).message}`, { cause: error });
    }
    const args = parseCommandLine(ArgsSchema, values, "import-state");
    const dir = stateDir(args.content);
    const result = await importState({
      files: args.files,
      names: args.names,
      dir,
      dating: {
        ...(args.epoch === undefined ? {} : { epoch: args.epoch }),
        ...(args.date === undefined ? {} : { date: args.date }),
        ...(args["ledger-version"] === undefined ? {} : { ledgerVersion: args["ledger-version"] }),
        ...(args["dating-note"] === undefined ? {} : { note: args["dating-note"] }),
      },
    });
    const lines: string[] = [];
    for (const read of result.imports) {
      const e = read.export;
      const total = read.wallets.reduce((sum, w) => sum + BigInt(w.states[0]?.balance ?? "0"), 0n);
      lines.push(
        `${e.file} (${e.format}, sha256 ${e.sha256}): export ${e.id}, ${e.date}, ${e.accountsRead} accounts, ${e.walletCount} community wallets holding ${formatCoinAmount(total, e.unit)} (${total} base units).`,
        `  dating: ${e.dating}`,
      );
    }
    for (const list of result.names) {
      const source = list[0]?.source;
      if (source) lines.push(`${source.file} (${source.kind}, sha256 ${source.sha256}): ${list.length} names.`);
    }
    lines.push(
      result.changed
        ? `Wrote ${dir}: ${result.data.exports.length} exports, ${result.data.wallets.length} wallets, ${result.data.names.length} names.`
        : `${dir} already holds exactly this; nothing changed.`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  },
  { writes: "the committed state history is" },
);
