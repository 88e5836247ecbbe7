import { SnapshotRefusedError } from "../errors.ts";
import { compareBigint } from "../lib/compare.ts";
import { compareUtf8 } from "../lib/sha256-manifest.ts";
import type { LegacyExport, LegacyReceipt, LegacySource } from "../schemas/legacy.ts";
import type { LegacyRecords } from "../store/legacy-folder.ts";

/**
 * Merging an import into the `legacy/` sub-folder of a wallet's snapshot folder: which records an import adds,
 * replaces or is refused for. Pure; reading the folder (schemas + manifest sha256), its bytes and replacing it
 * all-or-nothing (temp folder beside it, re-read and validated, then renamed in) are src/store/legacy-folder.ts.
 */

function compareBigintText(a: string, b: string): number {
  return compareBigint(BigInt(a), BigInt(b));
}

function sameSource(a: LegacySource, b: LegacySource): boolean {
  return a.file === b.file && a.sha256 === b.sha256 && a.kind === b.kind;
}

function describe(source: LegacySource): string {
  return `${source.file} (${source.kind}, sha256 ${source.sha256.slice(0, 12)}…)`;
}

/** An export's figures and receipts without provenance, to tell whether two sources agree. */
function exportFigures(record: LegacyExport, receipts: readonly LegacyReceipt[]): string {
  const { source: _s, ...figures } = record;
  const rows = receipts.filter((r) => r.epoch === record.epoch).map(({ source: _r, ...rest }) => rest);
  rows.sort((a, b) => compareUtf8(a.donor, b.donor));
  return JSON.stringify([figures, rows]);
}

/** Original exports win over the derived summary when both say the same thing. */
const RANK: Record<LegacySource["kind"], number> = {
  "state-export": 2,
  "transaction-archive": 1,
  "derived-summary": 0,
};

/**
 * Merges `incoming` into `existing`. Records from other sources are kept; the same source re-imported replaces
 * its own records; two sources that disagree about an epoch (or a transaction version) are refused, naming both.
 */
export function mergeLegacy(existing: LegacyRecords, incoming: LegacyRecords): LegacyRecords {
  const exports = new Map(existing.exports.map((e) => [e.epoch, e]));
  let receipts = [...existing.receipts];
  for (const record of incoming.exports) {
    const old = exports.get(record.epoch);
    if (old !== undefined && !sameSource(old.source, record.source)) {
      if (exportFigures(old, existing.receipts) !== exportFigures(record, incoming.receipts)) {
        throw new SnapshotRefusedError(
          `Epoch ${record.epoch}: ${describe(record.source)} disagrees with ${describe(old.source)}, already imported (balance ${record.balance} vs ${old.balance}, ${record.donorCount} vs ${old.donorCount} donors, Σ receipts ${record.receiptsTotal} vs ${old.receiptsTotal}, or the receipts themselves).`,
        );
      }
      if (RANK[record.source.kind] <= RANK[old.source.kind]) continue; // same figures: keep what is there
    }
    exports.set(record.epoch, record);
    receipts = receipts.filter((r) => r.epoch !== record.epoch);
    receipts.push(...incoming.receipts.filter((r) => r.epoch === record.epoch));
  }
  const events = new Map(existing.events.map((e) => [e.version, e]));
  for (const event of incoming.events) {
    const old = events.get(event.version);
    if (old !== undefined && !sameSource(old.source, event.source)) {
      const { source: _a, ...a } = old;
      const { source: _b, ...b } = event;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new SnapshotRefusedError(
          `Transaction version ${event.version}: ${describe(event.source)} disagrees with ${describe(old.source)}, already imported.`,
        );
      }
      continue;
    }
    events.set(event.version, event);
  }
  return {
    exports: [...exports.values()].sort((a, b) => compareBigintText(a.epoch, b.epoch)),
    receipts: receipts.sort((a, b) => compareBigintText(a.epoch, b.epoch) || compareUtf8(a.donor, b.donor)),
    events: [...events.values()].sort((a, b) => compareBigintText(a.version, b.version)),
  };
}
