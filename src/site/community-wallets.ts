import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { SnapshotRefusedError, ValidationError } from "../errors.ts";
import { compareText } from "../lib/compare.ts";
import { sha256Hex } from "../lib/sha256.ts";
import {
  nameDirectory,
  latestExport as pickLatestExport,
  sortRows,
  walletRows,
  walletTotals,
} from "../lib/state/wallet-rows.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import {
  type StateExport,
  StateExportSchema,
  StateManifestSchema,
  type WalletName,
  WalletNameSchema,
  type WalletStateHistory,
  WalletStateHistorySchema,
} from "../schemas/state-history.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * The one door to `content/state/` (every community wallet's state in real chain exports, written by
 * `npm run import-state`) for the site: the manifest first, then every file it lists, each checked against its
 * sha256 and parsed with its schema, so an edited or half-imported file fails the build naming it. The folder is
 * optional: without it the site has no community wallets pages and no menu link.
 */

export const STATE_FOLDER = "state";

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

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Every file of the folder as a relative path (`exports.json`, `wallets/0x….json`), sorted. */
async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort(compareText);
}

/** Reads and checks a state folder; null when it does not exist. */
export async function readStateFolder(dir: string): Promise<StateData | null> {
  if (!(await isDirectory(dir))) return null;
  const manifestPath = path.join(dir, "manifest.json");
  const manifestText = await readFile(manifestPath, "utf8").catch(() => {
    throw new SnapshotRefusedError(`${dir} has no manifest.json; run \`npm run import-state\` again.`);
  });
  const manifest = parseOrThrow(StateManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  const listed = Object.keys(manifest.files).sort(compareText);
  const present = (await folderFiles(dir)).filter((file) => file !== "manifest.json");
  if (listed.join() !== present.join()) {
    const extra = present.filter((file) => !(file in manifest.files));
    const missing = listed.filter((file) => !present.includes(file));
    throw new SnapshotRefusedError(
      `${dir} does not match its manifest.json (not listed: ${extra.join(", ") || "none"}; missing: ${missing.join(", ") || "none"}).`,
    );
  }
  const texts = new Map<string, string>([["manifest.json", manifestText]]);
  const sha256 = new Map<string, string>([["manifest.json", sha256Hex(manifestText)]]);
  const read = async (name: string): Promise<unknown> => {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8");
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${file} does not match the sha256 in manifest.json; it was changed after import.`,
      );
    }
    texts.set(name, text);
    sha256.set(name, manifest.files[name]);
    return parseJson(text, file);
  };
  const exportsFile = path.join(dir, "exports.json");
  const exports = parseOrThrow(StateExportSchema.array(), await read("exports.json"), exportsFile);
  const names = parseOrThrow(WalletNameSchema.array(), await read("names.json"), path.join(dir, "names.json"));
  const exportIds = new Set(exports.map((item) => item.id));
  const histories: WalletStateHistory[] = [];
  for (const name of listed.filter((file) => file.startsWith("wallets/"))) {
    const file = path.join(dir, name);
    const history = parseOrThrow(WalletStateHistorySchema, await read(name), file);
    if (name !== `wallets/${history.address}.json`) {
      throw new ValidationError(`${file} holds wallet ${history.address}, not the one its name says.`);
    }
    history.states.forEach((state, index) => {
      if (!exportIds.has(state.export)) {
        throw new ValidationError(`${file} states[${index}].export: ${state.export} is not listed in exports.json.`);
      }
    });
    histories.push(history);
  }
  // Each export says how many community wallets it holds; the wallet files must agree, or rows went missing.
  for (const item of exports) {
    const count = histories.filter((history) => history.states.some((state) => state.export === item.id)).length;
    if (count !== item.walletCount) {
      throw new ValidationError(
        `${exportsFile}: export ${item.id} holds ${item.walletCount} community wallets, but ${count} wallet files have a state of it.`,
      );
    }
  }
  return {
    exports,
    histories,
    historyByAddress: new Map(histories.map((history) => [history.address, history])),
    names,
    texts,
    sha256,
  };
}

async function readCommunityWallets() {
  const { contentDir } = readBuildEnv();
  const state = await readStateFolder(path.join(path.resolve(contentDir), STATE_FOLDER));
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
