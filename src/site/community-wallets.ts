import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { sha256Hex } from "../lib/sha256.ts";
import {
  nameDirectory,
  latestExport as pickLatestExport,
  sortRows,
  walletRows,
  walletTotals,
} from "../lib/state/wallet-rows.ts";
import type { StateExport, WalletName, WalletStateHistory } from "../schemas/state-history.ts";
import { readStateFolder as readStoredState, stateDir } from "../store/state-folder.ts";

/**
 * `content/state/` (every community wallet's state in real chain exports, written by `npm run import-state`) as the
 * site uses it, read through the folder's one door (src/store/state-folder.ts: the manifest first, then every file
 * it lists, each checked against its sha256 and parsed with its schema, so an edited or half-imported file fails the
 * build naming it). The folder is optional: without it the site has no community wallets pages and no menu link.
 */

export interface StateData {
  /** Every imported export, oldest first. */
  exports: StateExport[];
  /** Every wallet's history, by address. */
  histories: WalletStateHistory[];
  historyByAddress: ReadonlyMap<string, WalletStateHistory>;
  names: WalletName[];
  /** Files as committed, by path relative to the folder (published byte for byte), with their sha256. */
  texts: ReadonlyMap<string, string>;
  sha256: ReadonlyMap<string, string>;
}

/** Reads and checks a state folder through its one door (src/store/state-folder.ts); null when it does not exist. */
export async function readStateFolder(dir: string): Promise<StateData | null> {
  const state = await readStoredState(dir);
  if (state === null) return null;
  return {
    exports: state.exports,
    histories: state.wallets,
    historyByAddress: new Map(state.wallets.map((history) => [history.address, history])),
    names: state.names,
    texts: state.texts,
    sha256: new Map([...state.texts].map(([name, text]) => [name, state.manifest.files[name] ?? sha256Hex(text)])),
  };
}

let stateRead: Promise<StateData | null> | undefined;

/** The content's state folder, read once per build (the community wallets pages and the GAS → LIBRA timeline). */
export function loadStateFolder(): Promise<StateData | null> {
  stateRead ??= readStateFolder(stateDir(path.resolve(readBuildEnv().contentDir)));
  return stateRead;
}

async function readCommunityWallets() {
  const state = await loadStateFolder();
  const latest = state === null ? null : pickLatestExport(state.exports);
  if (state === null || latest === null) return null;
  const names = nameDirectory(state.names);
  const rows = walletRows(state.histories, latest, names);
  return { state, latest, names, rows, byBalance: sortRows(rows, "balance"), totals: walletTotals(rows) };
}

let cached: ReturnType<typeof readCommunityWallets> | undefined;

/**
 * Every community wallet at the latest export, read once per build; null when the content has no state folder
 * (then there are no community wallets pages and no menu link).
 */
export function loadCommunityWallets(): ReturnType<typeof readCommunityWallets> {
  cached ??= readCommunityWallets();
  return cached;
}
