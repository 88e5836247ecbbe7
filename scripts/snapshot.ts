/**
 * `npm run snapshot -- [--node URL] [--address 0x…] [--out DIR] [--ledger-version V] [--simulated]`
 * Reads the configured community wallet at one ledger version and rewrites its committed snapshot atomically.
 */
import { z } from "zod";
import { createChainReader } from "../src/chain/reader.ts";
import { formatCoinAmount } from "../src/lib/money.ts";
import { loadProgramConfig } from "../src/program-config.ts";
import { AddressSchema, U64Schema } from "../src/schemas/common.ts";
import { runSnapshot } from "../src/snapshot/run-snapshot.ts";
import { parseCliArgs, runCli } from "./cli.ts";

const ArgsSchema = z
  .object({
    node: z.url().optional(),
    address: AddressSchema.optional(),
    out: z.string().min(1).default("content/snapshots"),
    "ledger-version": U64Schema.optional(),
    config: z.string().min(1).default("content/program.yaml"),
    simulated: z.boolean().default(false),
  })
  .strict();

await runCli(async () => {
  const args = parseCliArgs(
    "snapshot",
    {
      node: { type: "string" },
      address: { type: "string" },
      out: { type: "string" },
      "ledger-version": { type: "string" },
      config: { type: "string" },
      simulated: { type: "boolean" },
    },
    ArgsSchema,
  );
  const program = await loadProgramConfig(args.config);
  const nodeUrl = args.node ?? program.network.nodeUrls[0] ?? "";
  const reader = createChainReader({ nodeUrl });
  const info = await reader.getLedgerInfo();
  // Our fake node identifies itself through git_hash; a real node reports the build it runs.
  const simulated = args.simulated || (info.git_hash ?? "").startsWith("ledgerlight-fake-node");
  const result = await runSnapshot({
    reader,
    wallet: args.address ?? program.wallet,
    outDir: args.out,
    ...(args["ledger-version"] === undefined ? {} : { ledgerVersion: args["ledger-version"] }),
    // A simulated node may use any chain id; a real one must match the program's network.
    ...(simulated ? {} : { expectedChainId: program.network.chainId }),
    simulated,
  });
  const { meta, balance } = result.content;
  process.stdout.write(
    `Snapshot written to ${result.dir}\n` +
      `  ledger version ${meta.ledgerVersion} (epoch ${meta.epoch}, chain id ${meta.chainId}${simulated ? ", SIMULATED" : ""})\n` +
      `  balance ${formatCoinAmount(BigInt(balance.coinStoreValue), program.coinSymbol)}\n`,
  );
});
