import { createHash } from "node:crypto";
import { toCanonicalJson } from "../lib/canonical-json.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, type SnapshotManifest } from "../schemas/snapshot.ts";
import type { FileText } from "../store/folder-swap.ts";
import { ledgerTextPieces } from "../store/ledger-text.ts";
import { arrayDocumentPieces } from "../store/record-array-text.ts";
import { MANIFEST_FILE, SNAPSHOT_PARTS } from "../store/snapshot-folder.ts";

/**
 * Turns a snapshot into the exact bytes of every file, manifest included. Pure: the same snapshot always gives
 * the same bytes.
 *
 * The decoded records are written straight, each bigint as its decimal string: the one codec of a snapshot's
 * schemas is the u64's (bigint <-> canonical decimal string, `src/schemas/common.ts`), so for a snapshot its schema
 * accepts these are exactly the bytes of `toCanonicalJson(schema.encode(part))` (the tests compare them for every
 * part). Nothing is validated here. A run's files are parsed and validated against their schemas as they are read
 * back from the staging folder, before the swap (`replaceSnapshotFolder`), and `verify` compares these bytes with
 * committed files that were validated when read; so a value the schema refuses (an amount past 2^64 − 1) is
 * written, then refused there, and nothing committed changes. Encoding through the schemas first validated every
 * field of 10^5 records a second time and made an encoded copy of each: at the benchmark's scale, ~0.5 s of a run's
 * CPU.
 */
export function buildSnapshotFiles(snapshot: Snapshot): Map<string, string> {
  return new Map(
    Array.from(snapshotFileTexts(snapshot), ([name, text]) => [
      name,
      typeof text === "string" ? text : [...text].join(""),
    ]),
  );
}

/**
 * The same files as `buildSnapshotFiles`, one at a time (parts in name order, the manifest last), each built only
 * when asked for: a writer that drops each text once written holds one file's text at a time, not a 10^5-record
 * ledger's text beside every other part's. The ledger and the parts that are one array of records come in pieces,
 * a chunk of records each (`ledgerTextPieces`, `arrayDocumentPieces`), hashed as they are built, so not even one
 * file's whole text is held: each piece must be taken before the next file is asked for.
 */
export function* snapshotFileTexts(snapshot: Snapshot): Generator<[name: string, text: FileText]> {
  const files = createSnapshotFileTexts();
  yield* files.partTexts(snapshot, Object.keys(SNAPSHOT_PARTS) as Array<keyof Snapshot>);
  yield files.manifest();
}

/**
 * A snapshot's files built a few parts at a time, as a run has them (`run-snapshot.ts` writes the parts its
 * ledger's read decides while its views are still read): `partTexts` gives the named parts' files in name order,
 * as `snapshotFileTexts` does, and `manifest` the manifest of every part's hash once all were taken.
 */
export function createSnapshotFileTexts() {
  const hashes: Record<string, string> = {};
  function* partTexts<K extends keyof Snapshot>(
    snapshot: Pick<Snapshot, K>,
    parts: readonly K[],
  ): Generator<[name: string, text: FileText]> {
    const named = parts.map((part) => [part, SNAPSHOT_PARTS[part]] as const).sort(([, a], [, b]) => (a < b ? -1 : 1));
    for (const [part, name] of named) {
      const value: unknown = snapshot[part];
      if (part === "ledger") {
        yield [name, hashedPieces(ledgerTextPieces(value as Snapshot["ledger"]), (hash) => (hashes[name] = hash))];
      } else if (Array.isArray(value)) {
        // 10^4 transfers or proposals written whole held every record's text and the whole text at once.
        yield [name, hashedPieces(arrayDocumentPieces(value), (hash) => (hashes[name] = hash))];
      } else {
        const text = toCanonicalJson(value, { bigintsAsStrings: true });
        hashes[name] = sha256Hex(text);
        yield [name, text];
      }
    }
  }
  function manifest(): [name: string, text: string] {
    const missing = Object.values(SNAPSHOT_PARTS).filter((name) => hashes[name] === undefined);
    if (missing.length > 0) throw new Error(`${missing.join(", ")} asked for before every piece was taken`);
    const manifest: SnapshotManifest = { schemaVersion: SNAPSHOT_SCHEMA_VERSION, files: hashes };
    return [MANIFEST_FILE, toCanonicalJson(manifest)];
  }
  return { partTexts, manifest };
}

/** `pieces` passed through, their UTF-8 bytes hashed on the way; `done` gets the sha256 after the last one. */
function* hashedPieces(pieces: Iterable<string>, done: (sha256: string) => void): Generator<string> {
  const hash = createHash("sha256");
  for (const piece of pieces) {
    hash.update(piece);
    yield piece;
  }
  done(hash.digest("hex"));
}
