import { buildGasToLibraTimeline, type TimelinePoint } from "../lib/figures/gas-to-libra-timeline.ts";
import { deriveRebaseFactor, type RebaseDerivation } from "../lib/state/rebase.ts";
import { receiptObservations } from "../lib/state/rebase-evidence.ts";
import type { LegacyEvent, LegacyExport } from "../schemas/legacy.ts";
import type { Snapshot } from "../schemas/snapshot.ts";
import type { StateExport, WalletStateHistory } from "../schemas/state-history.ts";
import { loadStateFolder } from "./community-wallets.ts";

/**
 * What the GAS → LIBRA timeline and the legacy page's LIBRA equivalents need from the imported state history
 * (`content/state/`, written by `npm run import-state`): every export, the program wallet's states, and the rebase
 * factor derived from every community wallet's carried-over receipts. The folder is optional; without it the factor
 * has no evidence and the timeline ends at the v5 exports. The folder is read once per build through its one door
 * (src/site/community-wallets.ts, src/store/state-folder.ts).
 */
export interface GasToLibraData {
  exports: StateExport[];
  /** The program wallet's state history, or null when the folder holds none for it. */
  history: WalletStateHistory | null;
  derivation: RebaseDerivation;
  /** The LIBRA export the evidence was read from (the earliest), or null. */
  libraExport: StateExport | null;
}

async function readGasToLibraData(wallet: string): Promise<GasToLibraData> {
  const state = await loadStateFolder();
  if (state === null) {
    return { exports: [], history: null, derivation: deriveRebaseFactor([], []), libraExport: null };
  }
  const { exports, histories } = state;
  const evidence = receiptObservations(exports, histories);
  return {
    exports,
    history: state.historyByAddress.get(wallet) ?? null,
    derivation: deriveRebaseFactor(evidence.gas, evidence.libra),
    libraExport: evidence.libraExport,
  };
}

const cache = new Map<string, Promise<GasToLibraData>>();

/** Derived once per build and wallet: the legacy page and the overview ask for the same data. */
export function loadGasToLibraData(wallet: string): Promise<GasToLibraData> {
  let data = cache.get(wallet);
  if (data === undefined) {
    data = readGasToLibraData(wallet);
    cache.set(wallet, data);
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
