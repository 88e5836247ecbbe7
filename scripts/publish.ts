/**
 * `npm run publish -- [--node URL] [--content DIR] [--out DIR] [--dry-run] [--summary-file FILE] [--simulated]
 *   [--concurrency N] [--timeout-ms N] [--deadline-s N]`
 * Snapshot -> what changed -> build -> verify, printing each step and stopping at the first failure with the
 * committed snapshot and the output folder untouched (src/snapshot/publish.ts). `--summary-file` receives the
 * plain-words change summary (the scheduled workflow's commit message).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { loadProgramConfig, programConfigPath } from "../src/config/program.ts";
import { buildWalletSites } from "../src/integrations/build-wallets.ts";
import { publish } from "../src/snapshot/publish.ts";
import { namingPath } from "../src/store/errno-path.ts";
import {
  cliChainReader,
  failedAfterWriting,
  holdContentLock,
  NodeUrlSchema,
  parseCliArgs,
  runCli,
  simulatedClaim,
} from "./cli.ts";

const root = path.resolve(import.meta.dirname, "..");

const ArgsSchema = z
  .object({
    node: NodeUrlSchema.optional(),
    content: z.string().min(1).default("content"),
    out: z.string().min(1).default("dist"),
    "dry-run": z.boolean().default(false),
    "summary-file": z.string().min(1).optional(),
    simulated: z.boolean().default(false),
    concurrency: z.coerce.number().int().min(1).max(64).default(4),
    // As for `snapshot` and `verify`: one deadline for every read of the run (snapshot and verify alike).
    "timeout-ms": z.coerce.number().int().min(100).default(30_000),
    "deadline-s": z.coerce.number().int().min(1).default(3_600),
  })
  .strict();

/**
 * The whole site (every wallet of the program) of another content folder: the same build as `npm run build`. A
 * failure keeps its kind (bad content is bad input, exit 3; anything else a bug), as it would in `npm run build`.
 */
async function buildSite(contentDir: string, outDir: string, onWait: (line: string) => void): Promise<void> {
  await buildWalletSites({ root, contentDir, outDir, onWait });
}

await runCli(
  async () => {
    const args = parseCliArgs(
      "publish",
      {
        node: { type: "string" },
        content: { type: "string" },
        out: { type: "string" },
        "dry-run": { type: "boolean" },
        "summary-file": { type: "string" },
        simulated: { type: "boolean" },
        concurrency: { type: "string" },
        "timeout-ms": { type: "string" },
        "deadline-s": { type: "string" },
      },
      ArgsSchema,
    );
    await using _lock = await holdContentLock(path.resolve(args.content), "npm run publish");
    const program = await loadProgramConfig(programConfigPath(args.content));
    const reader = cliChainReader(program, args);
    const info = await reader.getLedgerInfo();
    const claim = simulatedClaim(info, args.simulated);
    const result = await publish({
      reader,
      program,
      contentDir: path.resolve(args.content),
      outDir: path.resolve(args.out),
      build: buildSite,
      dryRun: args["dry-run"],
      ...claim,
      concurrency: args.concurrency,
      say: (line) => process.stdout.write(`${line}\n`),
    });
    if (args["summary-file"]) {
      const title = result.summary
        ? `Snapshot at ledger version ${result.ledgerVersion}`
        : `Rebuild at ledger version ${result.ledgerVersion} (no chain change)`;
      const summaryFile = args["summary-file"];
      await writeFile(summaryFile, `${[title, "", ...(result.summary ?? [])].join("\n")}\n`, "utf8").catch(
        (error: unknown) => {
          // Written last: the run has published (unless --dry-run), so the closing line must not say otherwise.
          throw failedAfterWriting(
            namingPath(error, summaryFile),
            result.published
              ? `The committed snapshot and the site were published; only ${summaryFile} was not written.`
              : `Nothing was written (dry run); ${summaryFile} was not written either.`,
          );
        },
      );
    }
  },
  { writes: "the committed snapshot and the site are" },
);
