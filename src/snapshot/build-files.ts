import { createHash } from "node:crypto";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import {
  SNAPSHOT_SCHEMA_VERSION,
  type SnapshotBalance,
  type SnapshotManifest,
  type SnapshotMeta,
} from "../schemas/snapshot.ts";

/** What a snapshot run read, already checked and in the committed shape. */
export interface SnapshotContent {
  meta: SnapshotMeta;
  balance: SnapshotBalance;
}

export const MANIFEST_FILE = "manifest.json";

export function sha256Hex(bytes: string): string {
  return createHash("sha256").update(bytes, "utf8").digest("hex");
}

/**
 * Turns snapshot content into the exact bytes of every file, manifest included. Pure: the same content always
 * gives the same bytes.
 */
export function buildSnapshotFiles(content: SnapshotContent): Map<string, string> {
  const files = new Map<string, string>([
    ["balance.json", toCanonicalJson(content.balance)],
    ["meta.json", toCanonicalJson(content.meta)],
  ]);
  const manifest: SnapshotManifest = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    files: Object.fromEntries([...files].map(([name, bytes]) => [name, sha256Hex(bytes)])),
  };
  files.set(MANIFEST_FILE, toCanonicalJson(manifest));
  return files;
}
