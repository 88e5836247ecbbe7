import { z } from "zod";
import { toCanonicalJsonAt } from "../lib/canonical-json.ts";
import type { ValueSharer } from "../lib/ledger/shared-values.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { LedgerEntrySchema, type SnapshotLedger, SnapshotLedgerSchema } from "../schemas/snapshot.ts";
import { parseJson } from "./parse-json.ts";
import { createRecordChunkReader, type RecordArrayLayout, recordChunkPieces, tryParse } from "./record-array-text.ts";

/**
 * `ledger.json`'s text, written and read a chunk of entries at a time. At 10^5 entries the file is ~60 MB; writing
 * it whole made one string per entry before the text, and parsing it whole made JSON.parse's tree of every entry
 * beside the decoded one. Here each of those exists for one chunk at a time, so what a run holds beyond the snapshot
 * and the text is bounded by the chunk size, not by the history.
 *
 * The text is written from the decoded entries straight, bigints as decimal strings (`toCanonicalJsonAt` with
 * `bigintsAsStrings`): for a ledger the schema accepts, exactly `toCanonicalJson(SnapshotLedgerSchema.encode(
 * ledger))` (the tests compare them), without the encode's copy of every entry and its validation of every field.
 * The validation is the check's, not the writer's: a snapshot's files are parsed and validated as they are read
 * back from the staging folder, before they can be swapped in (`replaceSnapshotFolder`), so a ledger the schema
 * refuses (an amount past 2^64 − 1) is written there as it stands and refused with the parse's findings. Validating
 * on the way out too checked every field of 10^5 entries twice. The findings on a bad text are exactly the
 * whole-file ones: whenever a chunk fails to parse or validate, the whole text is parsed as before, which reports
 * the problem with its full path (`entries[41234].amount`) and JSON position.
 */

const EntriesSchema = z.array(LedgerEntrySchema);
const OpeningSchema = SnapshotLedgerSchema.shape.opening;

/**
 * The canonical layout of the ledger document: its keys in order ("entries" < "opening"), two-space indent, the
 * entries one level deeper, the opening after them.
 */
const ENTRIES: RecordArrayLayout = {
  open: '{\n  "entries": [\n',
  indent: "    ",
  close: '\n  ],\n  "opening": ',
  path: "$.entries",
};

/** The text of `ledger.json`: canonical JSON of the encoded ledger. */
export function ledgerText(ledger: SnapshotLedger): string {
  return [...ledgerTextPieces(ledger)].join("");
}

/**
 * `ledgerText` in pieces, a chunk of entries each, each written only when asked for: a writer that drops each piece
 * once written holds one chunk's text at a time.
 */
export function* ledgerTextPieces(ledger: SnapshotLedger): Generator<string> {
  const openingText = toCanonicalJsonAt(ledger.opening, "$.opening", "  ", { bigintsAsStrings: true });
  if (ledger.entries.length === 0) return yield `{\n  "entries": [],\n  "opening": ${openingText}\n}\n`;
  yield* recordChunkPieces(ledger.entries, ENTRIES);
  yield `${ENTRIES.close}${openingText}\n}\n`;
}

/**
 * Parses and validates `ledger.json`'s text (`file` names it in errors); `sharer` gives each entry's repeated values
 * one copy, a chunk at a time, so the copies it drops die young.
 */
export function parseLedgerText(text: string, file: string, sharer?: ValueSharer): SnapshotLedger {
  const entries: SnapshotLedger["entries"] = [];
  const opening = visitLedgerChunks([text], (chunk) => {
    for (const entry of chunk) entries.push(sharer ? sharer.entry(entry) : entry);
  });
  if (opening === undefined) {
    const ledger = parseOrThrow(SnapshotLedgerSchema, parseJson(text, file), file);
    return sharer ? { opening: ledger.opening, entries: ledger.entries.map(sharer.entry) } : ledger;
  }
  return { opening, entries };
}

/**
 * Checks `ledger.json`'s text as `parseLedgerText` does, keeping nothing of what it parsed. The text may come in
 * pieces: they are never joined unless the check fails.
 */
export function checkLedgerText(text: string | readonly string[], file: string): void {
  const pieces = typeof text === "string" ? [text] : text;
  const check = createLedgerCheck();
  for (const piece of pieces) check.push(piece);
  if (!check.end()) parseOrThrow(SnapshotLedgerSchema, parseJson(pieces.join(""), file), file);
}

/**
 * `checkLedgerText` fed a piece at a time as a file is read (`src/store/snapshot-folder.ts`), holding one chunk's
 * text and no piece: `end()` says whether the text passed; when it did not, the caller parses the whole text for
 * the findings (`checkLedgerText`).
 */
export function createLedgerCheck(): { push: (piece: string) => void; end: () => boolean } {
  const chunks = createLedgerChunkReader(() => {});
  return { push: chunks.push, end: () => chunks.end() !== undefined };
}

/**
 * Hands the decoded entries of canonical ledger text (in pieces cut anywhere) to `visit` a chunk at a time and
 * returns the decoded opening; undefined when the text is not in the canonical layout or any part of it fails to
 * parse or validate (the caller then parses it whole, for the same findings as always). Chunks that each parse as a
 * JSON array, joined by commas, are the whole array: a cut inside a string or a nested value would leave a chunk that
 * does not parse. What it holds at once is one chunk's text and one piece, not the whole text.
 */
function visitLedgerChunks(
  pieces: Iterable<string>,
  visit: (entries: SnapshotLedger["entries"]) => void,
): SnapshotLedger["opening"] | undefined {
  const chunks = createLedgerChunkReader(visit);
  for (const piece of pieces) chunks.push(piece);
  return chunks.end();
}

/** `visitLedgerChunks` as a reader the text is pushed into a piece at a time; `end` returns what it returns. */
function createLedgerChunkReader(visit: (entries: SnapshotLedger["entries"]) => void) {
  const entries = createRecordChunkReader(ENTRIES, EntriesSchema, visit);
  return {
    push: entries.push,
    end(): SnapshotLedger["opening"] | undefined {
      const rest = entries.end();
      if (rest === undefined) return undefined;
      // What follows the entries must be the opening alone (another key, even a second "entries", goes to the
      // whole parse, which decides as JSON.parse does).
      const document = tryParse(`{"opening": ${rest}`);
      if (document === null || typeof document !== "object" || Object.keys(document).join() !== "opening") {
        return undefined;
      }
      const opening = OpeningSchema.safeParse((document as { opening: unknown }).opening);
      return opening.success ? opening.data : undefined;
    },
  };
}
