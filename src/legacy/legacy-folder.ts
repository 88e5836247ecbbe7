import { readFile } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError, ValidationError } from "../errors.ts";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { compareBigint } from "../lib/compare.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { compareUtf8 } from "../lib/sha256-manifest.ts";
import {
  LEGACY_FILES,
  LEGACY_SCHEMA_VERSION,
  type LegacyEvent,
  type LegacyExport,
  LegacyManifestSchema,
  type LegacyReceipt,
  type LegacySource,
} from "../schemas/legacy.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { swapInFolder } from "../store/folder-swap.ts";

/**
 * The `legacy/` sub-folder of a wallet's snapshot folder: reading it (schemas + manifest sha256), merging an
 * import into it, and replacing it all-or-nothing (temp folder beside it, re-read and validated, then renamed in).
 */

export const LEGACY_DIR = "legacy";
const MANIFEST = "manifest.json";

export interface LegacyData {
  exports: LegacyExport[];
  receipts: LegacyReceipt[];
  events: LegacyEvent[];
}

export const EMPTY_LEGACY: LegacyData = { exports: [], receipts: [], events: [] };

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads and checks `dir` (a `legacy/` folder); null when it does not exist. */
export async function readLegacyFolder(dir: string, wallet: string): Promise<LegacyData | null> {
  const manifestPath = path.join(dir, MANIFEST);
  let manifestText: string;
  try {
    manifestText = await readFile(manifestPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const manifest = parseOrThrow(LegacyManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  if (manifest.wallet !== wallet) {
    throw new SnapshotRefusedError(`${manifestPath} is for wallet ${manifest.wallet}, not ${wallet}.`);
  }
  const expected = Object.keys(LEGACY_FILES).sort();
  const listed = Object.keys(manifest.files).sort();
  if (expected.join() !== listed.join()) {
    throw new SnapshotRefusedError(
      `${manifestPath} lists ${listed.join(", ")}; a legacy folder has ${expected.join(", ")}.`,
    );
  }
  const data: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(LEGACY_FILES)) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8").catch(() => {
      throw new SnapshotRefusedError(`${dir} is missing ${name}.`);
    });
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${file} does not match the sha256 in ${MANIFEST}; it was changed after it was written.`,
      );
    }
    data[name.replace(/\.json$/, "")] = parseOrThrow(schema, parseJson(text, file), file);
  }
  return data as unknown as LegacyData;
}

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
export function mergeLegacy(existing: LegacyData, incoming: LegacyData): LegacyData {
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

/** The legacy folder's files (canonical JSON) including its manifest. */
export function buildLegacyFiles(wallet: string, data: LegacyData): Map<string, string> {
  const files = new Map<string, string>([
    ["events.json", toCanonicalJson(data.events)],
    ["exports.json", toCanonicalJson(data.exports)],
    ["receipts.json", toCanonicalJson(data.receipts)],
  ]);
  const manifest = {
    schemaVersion: LEGACY_SCHEMA_VERSION,
    wallet,
    coin: "GAS",
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set(MANIFEST, toCanonicalJson(parseOrThrow(LegacyManifestSchema, manifest, "legacy manifest")));
  return files;
}

/** Atomically replaces `dir` (a `legacy/` folder) with `files`: nothing is changed unless all of it validates. */
export async function replaceLegacyFolder(dir: string, wallet: string, files: Map<string, string>): Promise<void> {
  await swapInFolder(dir, files, async (staging) => {
    await readLegacyFolder(staging, wallet);
  });
}
