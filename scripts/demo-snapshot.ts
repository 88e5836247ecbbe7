/**
 * `node scripts/demo-snapshot.ts [--out DIR]`: regenerates the committed simulated default snapshot from
 * tests/fixtures/scenarios/sip-year.json (see src/fake-node/demo-snapshot.ts). Replaces the existing folder.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { buildDemoSnapshot } from "../src/fake-node/demo-snapshot.ts";
import { snapshotsDir, walletSnapshotDir } from "../src/store/snapshot-folder.ts";
import { holdContentLock, parseCliArgs, runCli } from "./cli.ts";

await runCli(
  async () => {
    const { out } = parseCliArgs(
      "demo-snapshot",
      { out: { type: "string" } },
      z.object({ out: z.string().min(1).default(snapshotsDir("content")) }).strict(),
    );
    const root = path.resolve(import.meta.dirname, "..");
    await using _lock = await holdContentLock(path.dirname(path.resolve(out)), "npm run demo-snapshot", {
      createFolder: true,
    });
    await rm(walletSnapshotDir(out, "0x19e966bfa4b32ce9b7e23721b37b96d2"), { recursive: true, force: true });
    const result = await buildDemoSnapshot(root, out);
    process.stdout.write(
      `Wrote ${result.dir} at ledger version ${result.snapshot.meta.ledgerVersion} (${result.snapshot.changes.length} snapshot runs)\n`,
    );
  },
  { writes: "the committed demo snapshot is" },
);
