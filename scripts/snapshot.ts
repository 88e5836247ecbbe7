/**
 * `npm run snapshot -- [--node URL] [--address 0x…] [--out DIR] [--ledger-version V] [--concurrency N] [--simulated]`
 * Reads the program's community wallets (all of them, at one ledger version, unless --address names one) and
 * rewrites each committed snapshot atomically, after the books, append-only and chain checks pass. Defaults come
 * from content/program.yaml. Holds the lock of the folder above `--out` (the content folder) while it runs.
 */
import path from "node:path";
import { z } from "zod";
import { loadProgramConfig, PROGRAM_CONFIG_PATH } from "../src/config/program.ts";
import { formatCoinAmount } from "../src/lib/money.ts";
import { AddressSchema, U64Schema } from "../src/schemas/common.ts";
import { programWallets } from "../src/schemas/program.ts";
import { runSnapshot } from "../src/snapshot/run-snapshot.ts";
import { snapshotsDir } from "../src/store/snapshot-folder.ts";
import { cliChainReader, holdContentLock, NodeUrlSchema, parseCliArgs, runCli, simulatedClaim } from "./cli.ts";

const ArgsSchema = z
  .object({
    node: NodeUrlSchema.optional(),
    address: AddressSchema.optional(),
    out: z.string().min(1).default(snapshotsDir("content")),
    "ledger-version": U64Schema.optional(),
    concurrency: z.coerce.number().int().min(1).max(64).default(4),
    "timeout-ms": z.coerce.number().int().min(100).default(30_000),
    "deadline-s": z.coerce.number().int().min(1).default(3_600),
    config: z.string().min(1).default(PROGRAM_CONFIG_PATH),
    simulated: z.boolean().default(false),
    quiet: z.boolean().default(false),
  })
  .strict();

await runCli(
  async () => {
    const args = parseCliArgs(
      "snapshot",
      {
        node: { type: "string" },
        address: { type: "string" },
        out: { type: "string" },
        "ledger-version": { type: "string" },
        concurrency: { type: "string" },
        "timeout-ms": { type: "string" },
        "deadline-s": { type: "string" },
        config: { type: "string" },
        simulated: { type: "boolean" },
        quiet: { type: "boolean" },
      },
      ArgsSchema,
    );
    // The configuration first: a run that cannot start must not create folders on its way out.
    const program = await loadProgramConfig(args.config);
    // The lock lives in the folder holding the snapshots folder (`content` for `content/snapshots`).
    await using _lock = await holdContentLock(path.dirname(path.resolve(args.out)), "npm run snapshot", {
      createFolder: true,
    });
    const reader = cliChainReader(program, args);
    const info = await reader.getLedgerInfo();
    const claim = simulatedClaim(info, args.simulated);
    const wallets =
      args.address === undefined ? programWallets(program) : [{ address: args.address, name: args.address }];
    // Every wallet of a program is read at the same ledger version, so their figures add up at one chain state.
    const ledgerVersion = args["ledger-version"] ?? (wallets.length > 1 ? info.ledger_version : undefined);
    for (const target of wallets) {
      const result = await runSnapshot({
        reader,
        wallet: target.address,
        outDir: args.out,
        ...(ledgerVersion === undefined ? {} : { ledgerVersion }),
        // A simulated snapshot may use any chain id; a real one must match the program's network (runSnapshot decides
        // which it is from the committed history, and from the claim only for a first snapshot).
        expectedChainId: program.network.chainId,
        ...claim,
        concurrency: args.concurrency,
        ...(args.quiet ? {} : { onProgress: (message: string) => process.stderr.write(`snapshot: ${message}\n`) }),
      });
      const { meta, wallet, changes } = result.snapshot;
      const last = changes[changes.length - 1];
      process.stdout.write(
        (wallets.length > 1 ? `${target.name}:\n` : "") +
          (result.written
            ? `Snapshot written to ${result.dir}\n`
            : `No change since the committed snapshot in ${result.dir}\n`) +
          `  ledger version ${meta.ledgerVersion} (epoch ${meta.epoch}, chain id ${meta.chainId}${meta.simulated ? ", SIMULATED" : ""})\n` +
          `  balance ${formatCoinAmount(BigInt(wallet.balance.coinStoreValue), program.coinSymbol)}\n` +
          (result.written && last
            ? `  new: ${last.newDonations.count} donations, ${last.newTransfers.length} transfers, ${last.statusChanges.length} status changes, ${last.newVetoBallots.length} veto ballots\n`
            : ""),
      );
    }
  },
  { writes: "the committed snapshot is" },
);
