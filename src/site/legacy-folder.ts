import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "../errors.ts";
import { sha256Hex } from "../lib/sha256.ts";
import {
  LEGACY_FILES,
  type LegacyEvent,
  type LegacyExport,
  type LegacyManifest,
  LegacyManifestSchema,
  type LegacyReceipt,
} from "../schemas/legacy.ts";
import { parseOrThrow } from "../schemas/parse.ts";

/**
 * The legacy era's committed files (`content/snapshots/<wallet>/legacy/`), read like a snapshot folder: the
 * manifest first, then every file it lists, each checked against its sha256 and parsed with its schema, so an
 * edited or half-imported file fails the build naming it. The folder is optional: without it the site has no
 * legacy section.
 */

export const LEGACY_FOLDER = "legacy";
export const LEGACY_MANIFEST = "manifest.json";
/** The legacy files, manifest included, in the order the data page lists them. */
export const LEGACY_PUBLISHED_FILES = [...Object.keys(LEGACY_FILES), LEGACY_MANIFEST].sort();

export interface LegacyData {
  manifest: LegacyManifest;
  exports: LegacyExport[];
  receipts: LegacyReceipt[];
  events: LegacyEvent[];
  /** Every file's bytes as committed (published byte for byte), by name. */
  texts: ReadonlyMap<string, string>;
  /** Every file's sha256 (the manifest's own is computed here), by name. */
  sha256: ReadonlyMap<string, string>;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Reads and checks `dir` (a wallet's `legacy/` folder) for `wallet`; null when the folder does not exist. */
export async function readLegacyFolder(dir: string, wallet: string): Promise<LegacyData | null> {
  if (!(await isDirectory(dir))) return null;
  const manifestPath = path.join(dir, LEGACY_MANIFEST);
  const manifestText = await readFile(manifestPath, "utf8").catch(() => {
    throw new ValidationError(`${dir} has no ${LEGACY_MANIFEST}; run \`npm run import-legacy\` again.`);
  });
  const manifest = parseOrThrow(LegacyManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  if (manifest.wallet !== wallet) {
    throw new ValidationError(`${manifestPath} is for wallet ${manifest.wallet}, but the folder is ${wallet}'s.`);
  }
  const expected = Object.keys(LEGACY_FILES).sort();
  const listed = Object.keys(manifest.files).sort();
  if (expected.join() !== listed.join()) {
    throw new ValidationError(
      `${manifestPath} lists ${listed.join(", ")}; a legacy folder has ${expected.join(", ")}.`,
    );
  }
  const texts = new Map<string, string>([[LEGACY_MANIFEST, manifestText]]);
  const sha256 = new Map<string, string>([[LEGACY_MANIFEST, sha256Hex(manifestText)]]);
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(LEGACY_FILES)) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8").catch(() => {
      throw new ValidationError(`${dir} is missing ${name}, which ${LEGACY_MANIFEST} lists.`);
    });
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new ValidationError(
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
