import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { SnapshotRefusedError, ValidationError } from "../errors.ts";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import {
  STATE_SCHEMA_VERSION,
  type StateExport,
  StateExportSchema,
  type StateManifest,
  StateManifestSchema,
  type WalletName,
  WalletNameSchema,
  type WalletStateHistory,
  WalletStateHistorySchema,
} from "../schemas/state-history.ts";
import { swapInFolder } from "./folder-swap.ts";
import { parseJson } from "./parse-json.ts";

/**
 * The one door to `content/state/` (the state history of every community wallet, src/schemas/state-history.ts):
 * read like a snapshot folder (manifest first, every file checked against its sha256 and parsed with its schema,
 * no file unlisted, states pointing at listed exports), and written only by `npm run import-state`, all-or-nothing
 * (staging folder beside it, re-read with this same reader, then renamed in; src/store/folder-swap.ts).
 */

export const STATE_FOLDER = "state";
export const STATE_MANIFEST = "manifest.json";
const WALLETS = "wallets";

/** `<content>/state`. */
export function stateDir(contentDir: string): string {
  return path.join(contentDir, STATE_FOLDER);
}

/** What the folder holds. Exports oldest first; wallets by address; names by address, then source kind. */
export interface StateRecords {
  exports: StateExport[];
  wallets: WalletStateHistory[];
  names: WalletName[];
}

export const EMPTY_STATE: StateRecords = { exports: [], wallets: [], names: [] };

export interface StateData extends StateRecords {
  manifest: StateManifest;
  /** Every file as committed (manifest included), by path relative to the folder: the site publishes them as is. */
  texts: ReadonlyMap<string, string>;
}

function walletFile(address: string): string {
  return `${WALLETS}/${address}.json`;
}

/** The folder's files (relative path → canonical JSON), manifest included. */
export function buildStateFiles(records: StateRecords): Map<string, string> {
  const files = new Map<string, string>([
    ["exports.json", toCanonicalJson(records.exports)],
    ["names.json", toCanonicalJson(records.names)],
  ]);
  for (const wallet of records.wallets) files.set(walletFile(wallet.address), toCanonicalJson(wallet));
  const manifest = {
    schemaVersion: STATE_SCHEMA_VERSION,
    files: Object.fromEntries([...files].map(([name, text]) => [name, sha256Hex(text)])),
  };
  files.set(STATE_MANIFEST, toCanonicalJson(parseOrThrow(StateManifestSchema, manifest, "state manifest")));
  return files;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Every file in the folder, as relative paths (`wallets/…` for the wallet files). */
async function listFiles(dir: string): Promise<string[]> {
  const top = await readdir(dir, { withFileTypes: true });
  const files = top.filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
  if (top.some((entry) => entry.isDirectory() && entry.name === WALLETS)) {
    files.push(...(await readdir(path.join(dir, WALLETS))).map((name) => `${WALLETS}/${name}`));
  }
  const other = top.filter((entry) => entry.isDirectory() && entry.name !== WALLETS).map((entry) => entry.name);
  if (other.length > 0)
    throw new SnapshotRefusedError(`${dir} holds folders a state folder does not have: ${other.join(", ")}.`);
  return files.sort();
}

/**
 * Reads and checks `dir` (`content/state`); null when it does not exist. A folder that does not match its manifest
 * is refused (SnapshotRefusedError); a file that is not valid JSON or breaks its schema is a ValidationError naming
 * the file and field.
 */
export async function readStateFolder(dir: string): Promise<StateData | null> {
  if (!(await isDirectory(dir))) return null;
  const manifestPath = path.join(dir, STATE_MANIFEST);
  const manifestText = await readFile(manifestPath, "utf8").catch(() => {
    throw new SnapshotRefusedError(
      `${dir} has no ${STATE_MANIFEST}, so it is not a complete state folder; remove it and run \`npm run import-state\` again.`,
    );
  });
  const manifest = parseOrThrow(StateManifestSchema, parseJson(manifestText, manifestPath), manifestPath);
  const listed = Object.keys(manifest.files).sort();
  const present = (await listFiles(dir)).filter((name) => name !== STATE_MANIFEST);
  if (listed.join("\n") !== present.join("\n")) {
    const extra = present.filter((name) => !listed.includes(name));
    const missing = listed.filter((name) => !present.includes(name));
    throw new SnapshotRefusedError(
      `${dir} does not match ${STATE_MANIFEST}: ${[
        extra.length > 0 && `not listed: ${extra.join(", ")}`,
        missing.length > 0 && `missing: ${missing.join(", ")}`,
      ]
        .filter(Boolean)
        .join("; ")}.`,
    );
  }
  const texts = new Map<string, string>([[STATE_MANIFEST, manifestText]]);
  const load = async (name: string): Promise<unknown> => {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8");
    if (manifest.files[name] !== sha256Hex(text)) {
      throw new SnapshotRefusedError(
        `${file} does not match the sha256 in ${STATE_MANIFEST}; the file was changed after it was imported.`,
      );
    }
    texts.set(name, text);
    return parseJson(text, file);
  };
  for (const required of ["exports.json", "names.json"]) {
    if (!(required in manifest.files)) throw new SnapshotRefusedError(`${manifestPath} does not list ${required}.`);
  }
  const exportsFile = path.join(dir, "exports.json");
  const exports = parseOrThrow(StateExportSchema.array(), await load("exports.json"), exportsFile);
  const names = parseOrThrow(WalletNameSchema.array(), await load("names.json"), path.join(dir, "names.json"));
  const order = new Map(exports.map((e, i) => [e.id, i]));
  if (order.size !== exports.length) throw new ValidationError(`${exportsFile} lists an export id twice.`);
  const counts = new Map(exports.map((e) => [e.id, 0]));
  const wallets: WalletStateHistory[] = [];
  for (const name of listed.filter((n) => n.startsWith(`${WALLETS}/`))) {
    const file = path.join(dir, name);
    const wallet = parseOrThrow(WalletStateHistorySchema, await load(name), file);
    if (name !== walletFile(wallet.address)) throw new ValidationError(`${file} holds wallet ${wallet.address}.`);
    let previous = -1;
    wallet.states.forEach((state, i) => {
      const at = order.get(state.export);
      if (at === undefined) {
        throw new ValidationError(
          `${file} states[${i}] is from export ${state.export}, which exports.json does not list.`,
        );
      }
      if (at <= previous) throw new ValidationError(`${file} states[${i}] is out of order or repeats an export.`);
      previous = at;
      counts.set(state.export, (counts.get(state.export) ?? 0) + 1);
    });
    wallets.push(wallet);
  }
  for (const e of exports) {
    if (counts.get(e.id) !== e.walletCount) {
      throw new ValidationError(
        `${exportsFile}: export ${e.id} says ${e.walletCount} community wallets, but ${counts.get(e.id)} wallet files hold a state from it.`,
      );
    }
  }
  return { manifest, exports, wallets, names, texts };
}

/** Atomically replaces `dir` with `files` (from buildStateFiles): nothing changes unless all of it validates. */
export async function replaceStateFolder(dir: string, files: Map<string, string>): Promise<void> {
  const top = new Map([...files].filter(([name]) => !name.includes("/")));
  await swapInFolder(dir, top, async (staging) => {
    // folder-swap writes flat files; the wallet files go into their sub-folder here, before the check.
    await mkdir(path.join(staging, WALLETS), { recursive: true });
    for (const [name, text] of files) if (name.includes("/")) await writeFile(path.join(staging, name), text, "utf8");
    await readStateFolder(staging);
  });
}
