import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { readBuildEnv } from "../config/build-env.ts";
import { SnapshotRefusedError } from "../errors.ts";
import { buildGasToLibraTimeline, type TimelinePoint } from "../lib/figures/gas-to-libra-timeline.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { deriveRebaseFactor, type RebaseDerivation } from "../lib/state/rebase.ts";
import { receiptObservations } from "../lib/state/rebase-evidence.ts";
import type { LegacyEvent, LegacyExport } from "../schemas/legacy.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import {
  type StateExport,
  StateExportSchema,
  StateManifestSchema,
  type WalletStateHistory,
  WalletStateHistorySchema,
} from "../schemas/state-history.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * What the GAS → LIBRA timeline and the legacy page's LIBRA equivalents need from the imported state history
 * (`content/state/`, written by `npm run import-state`): every export, the program wallet's states, and the rebase
 * factor derived from every community wallet's carried-over receipts. The folder is optional; without it the factor
 * has no evidence and the timeline ends at the v5 exports. Files are checked against the folder's sha256 manifest.
 */
export interface GasToLibraData {
  exports: StateExport[];
  /** The program wallet's state history, or null when the folder holds none for it. */
  history: WalletStateHistory | null;
  derivation: RebaseDerivation;
  /** The LIBRA export the evidence was read from (the earliest), or null. */
  libraExport: StateExport | null;
}

const STATE_FOLDER = "state";

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function readChecked(dir: string, name: string, expected: string | undefined): Promise<unknown> {
  const file = path.join(dir, name);
  const text = await readFile(file, "utf8");
  if (expected !== sha256Hex(text)) {
    throw new SnapshotRefusedError(`${file} does not match the sha256 in ${path.join(dir, "manifest.json")}.`);
  }
  return parseJson(text, file);
}

async function readGasToLibraData(contentDir: string, wallet: string): Promise<GasToLibraData> {
  const dir = path.join(path.resolve(contentDir), STATE_FOLDER);
  const manifestPath = path.join(dir, "manifest.json");
  if (!(await exists(manifestPath))) {
    return { exports: [], history: null, derivation: deriveRebaseFactor([], []), libraExport: null };
  }
  const manifest = parseOrThrow(
    StateManifestSchema,
    parseJson(await readFile(manifestPath, "utf8"), manifestPath),
    manifestPath,
  );
  const exports = parseOrThrow(
    StateExportSchema.array(),
    await readChecked(dir, "exports.json", manifest.files["exports.json"]),
    path.join(dir, "exports.json"),
  );
  const histories: WalletStateHistory[] = [];
  for (const name of Object.keys(manifest.files).sort()) {
    if (!name.startsWith("wallets/")) continue;
    const history = parseOrThrow(
      WalletStateHistorySchema,
      await readChecked(dir, name, manifest.files[name]),
      path.join(dir, name),
    );
    histories.push(history);
  }
  const evidence = receiptObservations(exports, histories);
  return {
    exports,
    history: histories.find((item) => item.address === wallet) ?? null,
    derivation: deriveRebaseFactor(evidence.gas, evidence.libra),
    libraExport: evidence.libraExport,
  };
}

const cache = new Map<string, Promise<GasToLibraData>>();

/** Read once per build and wallet: the legacy page and the overview ask for the same data. */
export function loadGasToLibraData(wallet: string): Promise<GasToLibraData> {
  const { contentDir } = readBuildEnv();
  const key = `${contentDir}\n${wallet}`;
  let data = cache.get(key);
  if (data === undefined) {
    data = readGasToLibraData(contentDir, wallet);
    cache.set(key, data);
  }
  return data;
}

/**
 * The program wallet's GAS → LIBRA timeline from everything committed: its legacy folder (v5 transactions and
 * monthly exports), the state history (v6 exports, the rebase evidence) and today's snapshot.
 */
export async function loadGasToLibraTimeline(input: {
  wallet: string;
  legacy: { events: LegacyEvent[]; exports: LegacyExport[] } | null;
  snapshot: Snapshot;
}): Promise<{ points: TimelinePoint[]; derivation: RebaseDerivation; data: GasToLibraData }> {
  const data = await loadGasToLibraData(input.wallet);
  const { meta, wallet } = input.snapshot;
  const points = buildGasToLibraTimeline({
    legacyEvents: input.legacy?.events ?? [],
    legacyExports: input.legacy?.exports ?? [],
    stateExports: data.exports,
    history: data.history,
    derivation: data.derivation,
    current: {
      ledgerVersion: meta.ledgerVersion,
      timestampUsec: meta.ledgerTimestampUsec,
      epoch: meta.epoch,
      balance: wallet.balance.coinStoreValue,
      simulated: meta.simulated,
    },
  });
  return { points, derivation: data.derivation, data };
}
