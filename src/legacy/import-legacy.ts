import path from "node:path";
import { normalizeAddress } from "../lib/address.ts";
import {
  buildLegacyFiles,
  EMPTY_LEGACY,
  LEGACY_FOLDER,
  type LegacyRecords,
  readLegacyFolder,
  replaceLegacyFolder,
} from "../store/legacy-folder.ts";
import { walletSnapshotDir } from "../store/snapshot-folder.ts";
import { mergeLegacy } from "./merge-legacy.ts";
import { type LegacyFileImport, readLegacyFile } from "./v5-files.ts";

/**
 * `npm run import-legacy`: reads every file first (any bad file stops the run before anything is written), merges
 * them into the wallet's committed `legacy/` folder, and replaces that folder atomically.
 */

export interface ImportLegacyRequest {
  files: readonly string[];
  wallet: string;
  /** `content/snapshots`. */
  snapshotsDir: string;
  date?: string;
  epoch?: string;
}

export interface ImportLegacyResult {
  dir: string;
  imports: LegacyFileImport[];
  data: LegacyRecords;
  /** False when the folder already held exactly these bytes. */
  changed: boolean;
}

export async function importLegacy(request: ImportLegacyRequest): Promise<ImportLegacyResult> {
  const wallet = normalizeAddress(request.wallet);
  const dir = path.join(walletSnapshotDir(request.snapshotsDir, wallet), LEGACY_FOLDER);
  const existing: LegacyRecords = (await readLegacyFolder(dir, wallet)) ?? EMPTY_LEGACY;
  const imports: LegacyFileImport[] = [];
  let data = existing;
  for (const file of request.files) {
    const read = await readLegacyFile(file, {
      wallet,
      ...(request.date === undefined ? {} : { date: request.date }),
      ...(request.epoch === undefined ? {} : { epoch: request.epoch }),
    });
    imports.push(read);
    data = mergeLegacy(data, read);
  }
  const files = buildLegacyFiles(wallet, data);
  const before = buildLegacyFiles(wallet, existing);
  const changed = [...files].some(([name, text]) => before.get(name) !== text) || existing === EMPTY_LEGACY;
  if (changed) await replaceLegacyFolder(dir, wallet, files);
  return { dir, imports, data, changed };
}
