import { SnapshotRefusedError } from "../errors.ts";
import { compareBigint } from "../lib/compare.ts";
import { compareUtf8 } from "../lib/sha256-manifest.ts";
import type { StateExport, WalletName, WalletState, WalletStateHistory } from "../schemas/state-history.ts";
import type { StateRecords } from "../store/state-folder.ts";
import type { StateExportRead } from "./state-export.ts";

/**
 * Merging one read export into the committed state history (pure; the folder is src/store/state-folder.ts).
 * Exports are identified by `id` (era + epoch). The same file again replaces its own records, so a re-import gives
 * the same bytes. Another file for the same id is accepted only when it says exactly the same about every wallet
 * (then the first one imported stays); otherwise the import is refused naming both files. One file imported under
 * two ids (a different `--epoch`) is refused too.
 */

function describe(e: StateExport): string {
  return `${e.file} (sha256 ${e.sha256.slice(0, 12)}…)`;
}

/** Oldest first: era, then epoch. */
export function compareExports(a: StateExport, b: StateExport): number {
  return compareUtf8(a.era, b.era) || compareBigint(BigInt(a.epoch), BigInt(b.epoch));
}

/** What a file says about the wallets, without where in the file it says it. */
function figures(wallets: readonly WalletStateHistory[], exportId: string): string {
  const rows = wallets.flatMap((w) =>
    w.states.filter((s) => s.export === exportId).map(({ record: _r, ...state }) => [w.address, state]),
  );
  rows.sort((a, b) => compareUtf8(a[0] as string, b[0] as string));
  return JSON.stringify(rows);
}

export function mergeStateExport(existing: StateRecords, incoming: StateExportRead): StateRecords {
  const added = incoming.export;
  const sameFile = existing.exports.find((e) => e.sha256 === added.sha256);
  if (sameFile !== undefined && sameFile.id !== added.id) {
    throw new SnapshotRefusedError(
      `${describe(added)} was already imported as export ${sameFile.id}; importing it again as ${added.id} would record one state twice. Check --epoch.`,
    );
  }
  const old = existing.exports.find((e) => e.id === added.id);
  if (old !== undefined && old.sha256 !== added.sha256) {
    if (figures(existing.wallets, old.id) !== figures(incoming.wallets, added.id) || old.era !== added.era) {
      throw new SnapshotRefusedError(
        `Export ${added.id}: ${describe(added)} disagrees with ${describe(old)}, already imported (a wallet's balance, deposits, donors, payments or schedule differ, or a wallet is in one file only).`,
      );
    }
    return existing; // the same figures from another copy: keep the first
  }
  const byAddress = new Map<string, WalletState[]>(
    existing.wallets.map((w) => [w.address, w.states.filter((s) => s.export !== added.id)]),
  );
  for (const wallet of incoming.wallets) {
    const states = byAddress.get(wallet.address) ?? [];
    states.push(...wallet.states);
    byAddress.set(wallet.address, states);
  }
  const exports = [...existing.exports.filter((e) => e.id !== added.id), added].sort(compareExports);
  const order = new Map(exports.map((e, i) => [e.id, i]));
  const wallets = [...byAddress]
    .filter(([, states]) => states.length > 0)
    .map(([address, states]) => ({
      address,
      states: states.sort((a, b) => (order.get(a.export) ?? 0) - (order.get(b.export) ?? 0)),
    }))
    .sort((a, b) => compareUtf8(a.address, b.address));
  return { exports, wallets, names: existing.names };
}

/** Names from one source file replace every name of the same kind (a newer copy of a source supersedes it). */
export function mergeWalletNames(existing: StateRecords, incoming: readonly WalletName[]): StateRecords {
  const kinds = new Set(incoming.map((n) => n.source.kind));
  const names = [...existing.names.filter((n) => !kinds.has(n.source.kind)), ...incoming].sort(
    (a, b) => compareUtf8(a.address, b.address) || compareUtf8(a.source.kind, b.source.kind),
  );
  return { ...existing, names };
}
