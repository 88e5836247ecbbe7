import type { WalletName } from "../schemas/state-history.ts";
import {
  buildStateFiles,
  EMPTY_STATE,
  readStateFolder,
  replaceStateFolder,
  type StateRecords,
} from "../store/state-folder.ts";
import { mergeStateExport, mergeWalletNames } from "./merge-state.ts";
import { readStateExport, type StateExportDating, type StateExportRead } from "./state-export.ts";
import { readWalletNames } from "./wallet-names.ts";

/**
 * `npm run import-state`: reads every export and names file first (any bad file stops the run before anything is
 * written), merges them into the committed state folder, and replaces that folder atomically.
 */

export interface ImportStateRequest {
  files: readonly string[];
  names: readonly string[];
  /** `content/state`. */
  dir: string;
  /** For the one export file whose name does not date it. */
  dating?: StateExportDating;
}

export interface ImportStateResult {
  imports: StateExportRead[];
  names: WalletName[][];
  data: StateRecords;
  /** False when the folder already held exactly these bytes. */
  changed: boolean;
}

export async function importState(request: ImportStateRequest): Promise<ImportStateResult> {
  const existing = (await readStateFolder(request.dir)) ?? EMPTY_STATE;
  const imports: StateExportRead[] = [];
  for (const file of request.files) imports.push(await readStateExport(file, request.dating ?? {}));
  const names: WalletName[][] = [];
  for (const file of request.names) names.push(await readWalletNames(file));
  let data: StateRecords = { exports: existing.exports, wallets: existing.wallets, names: existing.names };
  for (const read of imports) data = mergeStateExport(data, read);
  for (const list of names) data = mergeWalletNames(data, list);
  const files = buildStateFiles(data);
  const before = existing === EMPTY_STATE ? new Map<string, string>() : buildStateFiles(existing);
  const changed =
    existing === EMPTY_STATE ||
    files.size !== before.size ||
    [...files].some(([name, text]) => before.get(name) !== text);
  if (changed) await replaceStateFolder(request.dir, files);
  return { imports, names, data, changed };
}
