import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { shortAddress } from "../lib/address.ts";
import { compareZipNames, createZipWriter } from "../lib/build/zip.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { buildDownload, DOWNLOAD_TABLES, downloadCsvBytes } from "../lib/views/downloads.ts";
import { LEGACY_FOLDER } from "../store/legacy-folder.ts";
import { loadStateFolder } from "./community-wallets.ts";
import { loadSiteData } from "./site-data.ts";
import { PUBLISHED_FILES, publishedFilePieces } from "./snapshot-files.ts";

/** The folder of the committed JSON Schemas (`npm run export-schema`), relative to the project root. */
const SCHEMA_DIR = "public/schema";

/**
 * Everything an auditor needs in one download: the wallet's committed snapshot files (legacy era included) byte for
 * byte, the site's tables as CSV (the same bytes as `/data/<table>.csv`), and the JSON Schemas, in one
 * deterministic zip (src/lib/build/zip.ts) under one folder named like the file. Its name carries the wallet and
 * the ledger version, so a new snapshot is a new file; the data page prints its sha256. The community wallets' state
 * exports (content/state/) ride along under `state/` when the content has them.
 */
export interface AuditBundle {
  /** `ledgerlight-audit-<short address>-<ledger version>.zip`. */
  fileName: string;
  /** The folder every entry is under (the file name without `.zip`). */
  folder: string;
  /** The site path of the download: `/downloads/<fileName>`. */
  href: string;
  /** The archive's size in bytes (its bytes go to the download route alone: `takeAuditBundleBytes`). */
  size: number;
  sha256: string;
  /** Whether the community wallets' state files (content/state/) are in it. */
  hasState: boolean;
  /** The entries' paths inside the archive, in archive order. */
  entries: string[];
}

/**
 * One file of the archive, read only when the archive is written, so one file is held in full at a time; a
 * committed snapshot file is read in pieces as it is deflated (`pieces`), never whole (76 MB at bench scale 1).
 */
type BundleSource =
  | { name: string; read: () => Promise<Uint8Array> | Uint8Array }
  | { name: string; pieces: () => AsyncIterable<Uint8Array> };

interface BuiltBundle {
  bundle: AuditBundle;
  bytes: Uint8Array<ArrayBuffer>;
  /** Each table's CSV by table name: the bytes of `/data/<table>.csv`, made once for both. */
  tableCsvs: Map<string, Uint8Array<ArrayBuffer>>;
}

async function readBundle(): Promise<BuiltBundle> {
  const { program, snapshot, legacy, payeeNames } = await loadSiteData();
  const folder = `ledgerlight-audit-${shortAddress(program.wallet)}-${snapshot.meta.ledgerVersion.toString()}`;
  const sources: BundleSource[] = [];
  // The same bytes the site publishes one by one: the snapshot files through their download's reader, the legacy
  // and state files as their folders' doors already read (and checked) them for their own download pages.
  const addTexts = (prefix: string, texts: ReadonlyMap<string, string>) => {
    for (const [file, text] of texts) {
      sources.push({ name: `${folder}/${prefix}/${file}`, read: () => Buffer.from(text, "utf8") });
    }
  };
  for (const file of PUBLISHED_FILES) {
    sources.push({
      name: `${folder}/snapshot/${file}`,
      pieces: () => publishedFilePieces(program.wallet, file),
    });
  }
  if (legacy !== null) addTexts(`snapshot/${LEGACY_FOLDER}`, legacy.texts);
  // Every community wallet's real state (content/state/), byte for byte as committed, when the content has it.
  const state = await loadStateFolder();
  if (state !== null) addTexts("state", state.texts);
  const tableCsvs = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const table of DOWNLOAD_TABLES) {
    sources.push({
      name: `${folder}/tables/${table.name}.csv`,
      read: () => {
        const csv = downloadCsvBytes(buildDownload(table, snapshot, payeeNames));
        tableCsvs.set(table.name, csv);
        return csv;
      },
    });
  }
  const schemaDir = path.resolve(SCHEMA_DIR);
  for (const file of (await readdir(schemaDir)).filter((name) => name.endsWith(".json")).sort()) {
    sources.push({ name: `${folder}/schema/${file}`, read: () => readFile(path.join(schemaDir, file)) });
  }
  sources.sort((a, b) => compareZipNames(a.name, b.name));
  const zip = createZipWriter();
  for (const source of sources) {
    if ("pieces" in source) await zip.addStream({ name: source.name, open: source.pieces });
    else zip.add({ name: source.name, bytes: await source.read() });
  }
  const bytes = zip.finish();
  const fileName = `${folder}.zip`;
  const bundle = {
    fileName,
    folder,
    href: `/downloads/${fileName}`,
    size: bytes.length,
    sha256: sha256Hex(bytes),
    hasState: state !== null,
    entries: sources.map((source) => source.name),
  };
  return { bundle, bytes, tableCsvs };
}

let cached: Promise<AuditBundle> | undefined;
/**
 * The archive's bytes and its tables' CSVs until the download routes take them: nothing else needs them for the
 * rest of the build, and each is handed over once (the archive is tens of MB on a big ledger, its ledger table
 * ~28 MB at bench scale 1).
 */
let untaken:
  | { bytes: Uint8Array<ArrayBuffer> | undefined; tableCsvs: Map<string, Uint8Array<ArrayBuffer>> }
  | undefined;

/** Built once per build: the download and the data page's sha256 are of the same bytes. */
export function loadAuditBundle(): Promise<AuditBundle> {
  cached ??= readBundle().then(({ bundle, bytes, tableCsvs }) => {
    untaken = { bytes, tableCsvs };
    return bundle;
  });
  return cached;
}

/**
 * The archive's bytes, for the download route: the build's bytes, handed over once and then let go, or built again
 * for a second request (`astro dev`), the same bytes.
 */
export async function takeAuditBundleBytes(): Promise<Uint8Array<ArrayBuffer>> {
  await loadAuditBundle();
  const bytes = untaken?.bytes ?? (await readBundle()).bytes;
  if (untaken) untaken.bytes = undefined;
  return bytes;
}

/**
 * The CSV of one of `DOWNLOAD_TABLES` as the archive holds it (`tables/<name>.csv`), for `/data/<name>.csv`: handed
 * over once, if the archive was built in this process and the route did not take it yet; otherwise undefined, and
 * the route makes the same bytes itself (`downloadCsvBytes`). The caller owns the bytes it is given.
 */
export function takeAuditTableCsv(name: string): Uint8Array<ArrayBuffer> | undefined {
  const csv = untaken?.tableCsvs.get(name);
  untaken?.tableCsvs.delete(name);
  return csv;
}
