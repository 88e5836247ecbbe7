import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { shortAddress } from "../lib/address.ts";
import { writeZip, type ZipEntry } from "../lib/build/zip.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { buildDownload, DOWNLOAD_TABLES, downloadCsv } from "../lib/views/downloads.ts";
import { LEGACY_FOLDER } from "../store/legacy-folder.ts";
import { loadStateFolder } from "./community-wallets.ts";
import { loadSiteData } from "./site-data.ts";
import { PUBLISHED_FILES, readPublishedFile } from "./snapshot-files.ts";

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
  bytes: Uint8Array;
  sha256: string;
  /** Whether the community wallets' state files (content/state/) are in it. */
  hasState: boolean;
  /** The entries' paths inside the archive, in archive order. */
  entries: string[];
}

async function readBundle(): Promise<AuditBundle> {
  const { program, snapshot, legacy, payeeNames } = await loadSiteData();
  const folder = `ledgerlight-audit-${shortAddress(program.wallet)}-${snapshot.meta.ledgerVersion.toString()}`;
  const entries: ZipEntry[] = [];
  // The same bytes the site publishes one by one: the snapshot files through their download's reader, the legacy
  // and state files as their folders' doors already read (and checked) them for their own download pages.
  const addTexts = (prefix: string, texts: ReadonlyMap<string, string>) => {
    for (const [file, text] of [...texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      entries.push({ name: `${folder}/${prefix}/${file}`, bytes: Buffer.from(text, "utf8") });
    }
  };
  for (const file of PUBLISHED_FILES) {
    const text = await readPublishedFile(program.wallet, file);
    entries.push({ name: `${folder}/snapshot/${file}`, bytes: Buffer.from(text, "utf8") });
  }
  if (legacy !== null) addTexts(`snapshot/${LEGACY_FOLDER}`, legacy.texts);
  // Every community wallet's real state (content/state/), byte for byte as committed, when the content has it.
  const state = await loadStateFolder();
  if (state !== null) addTexts("state", state.texts);
  for (const table of DOWNLOAD_TABLES) {
    const csv = downloadCsv(buildDownload(table, snapshot, payeeNames));
    entries.push({ name: `${folder}/tables/${table.name}.csv`, bytes: Buffer.from(csv, "utf8") });
  }
  const schemaDir = path.resolve(SCHEMA_DIR);
  for (const file of (await readdir(schemaDir)).filter((name) => name.endsWith(".json")).sort()) {
    entries.push({ name: `${folder}/schema/${file}`, bytes: await readFile(path.join(schemaDir, file)) });
  }
  const bytes = writeZip(entries);
  const fileName = `${folder}.zip`;
  return {
    fileName,
    folder,
    href: `/downloads/${fileName}`,
    bytes,
    sha256: sha256Hex(bytes),
    hasState: state !== null,
    entries: entries.map((entry) => entry.name).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
  };
}

let cached: Promise<AuditBundle> | undefined;

/** Built once per build: the download and the data page's sha256 are of the same bytes. */
export function loadAuditBundle(): Promise<AuditBundle> {
  cached ??= readBundle();
  return cached;
}
