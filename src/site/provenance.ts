import { readFile } from "node:fs/promises";
import path from "node:path";
import { readBuildEnv, readSourceCommit } from "../config/build-env.ts";
import type { WalletSite } from "../lib/build/wallet-sites.ts";
import type { SourceCommit } from "../schemas/build-env.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SnapshotMetaSchema } from "../schemas/snapshot.ts";
import { parseJson } from "../store/parse-json.ts";
import { SNAPSHOT_PARTS, snapshotsDir, walletSnapshotDir } from "../store/snapshot-folder.ts";
import { loadSiteData } from "./site-data.ts";

/**
 * Where this site comes from, for the footer and the data page: the source repository (`sourceRepository` in
 * program.yaml, never guessed), the commit it was built from (`LEDGERLIGHT_COMMIT` or git, read once) and the
 * ledger version of every wallet's committed snapshot, so an auditor can rebuild exactly this site.
 */
export interface Provenance {
  repository: string | undefined;
  commit: SourceCommit | undefined;
  /** Every wallet of the program (the main one first) with its snapshot's ledger version. */
  wallets: Array<{ site: WalletSite; ledgerVersion: bigint }>;
}

async function readLedgerVersion(contentDir: string, address: string): Promise<bigint> {
  const file = path.join(walletSnapshotDir(snapshotsDir(path.resolve(contentDir)), address), SNAPSHOT_PARTS.meta);
  return parseOrThrow(SnapshotMetaSchema, parseJson(await readFile(file, "utf8"), file), file).ledgerVersion;
}

async function readProvenance(): Promise<Provenance> {
  const { program, sites, site, snapshot } = await loadSiteData();
  const { contentDir } = readBuildEnv();
  const wallets: Provenance["wallets"] = [];
  for (const other of sites) {
    const ledgerVersion =
      other.address === site.address ? snapshot.meta.ledgerVersion : await readLedgerVersion(contentDir, other.address);
    wallets.push({ site: other, ledgerVersion });
  }
  // Astro builds from the project root, which is the working directory of every build.
  return { repository: program.sourceRepository, commit: readSourceCommit(process.cwd()), wallets };
}

let cached: Promise<Provenance> | undefined;

/** Read once per build: every page's footer names the same commit. */
export function loadProvenance(): Promise<Provenance> {
  cached ??= readProvenance();
  return cached;
}
