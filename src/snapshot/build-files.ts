import type { z } from "zod";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { SNAPSHOT_FILES, SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotManifest } from "../schemas/snapshot.ts";
import { MANIFEST_FILE, SNAPSHOT_PARTS } from "../store/snapshot-folder.ts";

/**
 * Turns a snapshot into the exact bytes of every file, manifest included. Pure: the same snapshot always gives
 * the same bytes. The schema's codecs encode it first (bigint amounts -> canonical u64 decimal strings), so an
 * out-of-range value is refused here rather than written.
 */
export function buildSnapshotFiles(snapshot: Snapshot): Map<string, string> {
  return new Map(snapshotFileTexts(snapshot));
}

/**
 * The same files as `buildSnapshotFiles`, one at a time (parts in name order, the manifest last), each built only
 * when asked for: a writer that drops each text once written holds one file's text at a time, not a 10^5-record
 * ledger's text beside every other part's.
 */
export function* snapshotFileTexts(snapshot: Snapshot): Generator<[name: string, text: string]> {
  const hashes: Record<string, string> = {};
  // One part encoded at a time (each file's schema is the whole snapshot's for that part), so the encoded copy of
  // a 10^5-record ledger is garbage before the next part is encoded, not all parts at once.
  for (const [part, name] of Object.entries(SNAPSHOT_PARTS).sort(([, a], [, b]) => (a < b ? -1 : 1))) {
    const schema = SNAPSHOT_FILES[name] as z.ZodType<unknown, unknown>;
    const text = toCanonicalJson(schema.encode(snapshot[part as keyof Snapshot]));
    hashes[name] = sha256Hex(text);
    yield [name, text];
  }
  const manifest: SnapshotManifest = { schemaVersion: SNAPSHOT_SCHEMA_VERSION, files: hashes };
  yield [MANIFEST_FILE, toCanonicalJson(manifest)];
}
