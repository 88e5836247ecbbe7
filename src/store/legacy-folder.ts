import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError, ValidationError } from "../errors.ts";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { sha256Hex } from "../lib/sha256.ts";
import {
  LEGACY_FILES,
  LEGACY_SCHEMA_VERSION,
  type LegacyEvent,
  type LegacyExport,
  type LegacyManifest,
  LegacyManifestSchema,
  type LegacyReceipt,
} from "../schemas/legacy.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { swapInFolder } from "./folder-swap.ts";
import { parseJson } from "./parse-json.ts";

/**
 * The legacy era's committed files (`content/snapshots/<wallet>/legacy/`), read like a snapshot folder: the
 * manifest first, then every file it lists, each checked against its sha256 and parsed with its schema, so an
 * edited or half-imported file fails the build naming it. The folder is optional: without it the site has no
 * legacy section.
 *
 * Written only by `npm run import-legacy`: the folder's bytes (canonical JSON plus its manifest), replaced
 * all-or-nothing (staging folder beside it, re-read and validated with the same reader, then renamed in). The site
 * and the importer read it with the one reader below, so the same fault gets the same message in both.
 */

export const LEGACY_FOLDER = "legacy";
export const LEGACY_MANIFEST = "manifest.json";

/** The records of the legacy era: what an import adds and the folder's files hold. */
export interface LegacyRecords {
  exports: LegacyExport[];
  receipts: LegacyReceipt[];
  events: LegacyEvent[];
}

export const EMPTY_LEGACY: LegacyRecords = { exports: [], receipts: [], events: [] };

/** A committed legacy folder as read: its records, its manifest and every file's bytes and sha256. */
export interface LegacyData extends LegacyRecords {
  manifest: LegacyManifest;
  /** Every file's bytes as committed (published byte for byte), by name. */
  texts: ReadonlyMap<string, string>;
  /** Every file's sha256 (the manifest's own is computed here), by name. */
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

/**
 * Reads and checks `dir` (a wallet's `legacy/` folder) for `wallet`; null when the folder does not exist. A
 * folder that does not match its manifest is refused (SnapshotRefusedError, like a snapshot folder); a file that
 * is not valid JSON or does not match its schema is a ValidationError naming the file and field.
 */
export async function readLegacyFolder(dir: string, wallet: string): Promise<LegacyData | null> {
  if (!(await isDirectory(dir))) return null;
  const manifestPath = path.join(dir, LEGACY_MANIFEST);
  const manifestText = await readFile(manifestPath, "utf8").catch(() => {
    throw new SnapshotRefusedError(
      `${dir} has no ${LEGACY_MANIFEST}, so it is not a complete legacy folder; remove it and run \`npm run import-legacy\` again.`,
    );
  });
  const manifest = parseOrThrow(LegacyManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  if (manifest.wallet !== wallet) {
    throw new SnapshotRefusedError(`${manifestPath} is for wallet ${manifest.wallet}, but the folder is ${wallet}'s.`);
  }
  const expected = Object.keys(LEGACY_FILES).sort();
  const listed = Object.keys(manifest.files).sort();
  if (expected.join() !== listed.join()) {
    throw new SnapshotRefusedError(
      `${manifestPath} lists ${listed.join(", ")}; a legacy folder has ${expected.join(", ")}.`,
    );
  }
  const texts = new Map<string, string>([[LEGACY_MANIFEST, manifestText]]);
  const sha256 = new Map<string, string>([[LEGACY_MANIFEST, sha256Hex(manifestText)]]);
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(LEGACY_FILES)) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8").catch(() => {
      throw new SnapshotRefusedError(`${dir} is missing ${name}, which ${LEGACY_MANIFEST} lists.`);
    });
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${file} does not match the sha256 in ${LEGACY_MANIFEST}; the file was changed after it was imported.`,
      );
    }
    parsed[name] = parseOrThrow(schema, parseJson(text, file), file);
    texts.set(name, text);
    sha256.set(name, manifest.files[name]);
  }
  const exports = parsed["exports.json"] as LegacyExport[];
  const receipts = parsed["receipts.json"] as LegacyReceipt[];
  const epochs = new Set(exports.map((item) => item.epoch));
  receipts.forEach((receipt, index) => {
    if (!epochs.has(receipt.epoch)) {
      throw new ValidationError(
        `${path.join(dir, "receipts.json")}[${index}] is for epoch ${receipt.epoch}, which exports.json does not list.`,
      );
    }
  });
  return { manifest, exports, receipts, events: parsed["events.json"] as LegacyEvent[], texts, sha256 };
}

/** The legacy folder's files (canonical JSON) including its manifest. */
export function buildLegacyFiles(wallet: string, data: LegacyRecords): Map<string, string> {
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
  files.set(LEGACY_MANIFEST, toCanonicalJson(parseOrThrow(LegacyManifestSchema, manifest, "legacy manifest")));
  return files;
}

/** Atomically replaces `dir` (a `legacy/` folder) with `files`: nothing is changed unless all of it validates. */
export async function replaceLegacyFolder(dir: string, wallet: string, files: Map<string, string>): Promise<void> {
  await swapInFolder(dir, files, async (staging) => {
    await readLegacyFolder(staging, wallet);
  });
}
