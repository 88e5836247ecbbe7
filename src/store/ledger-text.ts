import { z } from "zod";
import { toCanonicalJsonAt } from "../lib/canonical-json.ts";
import type { ValueSharer } from "../lib/ledger/shared-values.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { LedgerEntrySchema, type SnapshotLedger, SnapshotLedgerSchema } from "../schemas/snapshot.ts";
import { parseJson } from "./parse-json.ts";

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

/**
 * Entries written, or parsed and validated, at once: ~55 kB of text. A chunk's text (and the copy JSON.parse is given)
 * stays below V8's large-object size (128 KiB), so it dies young in the scavenged space; at 1,000 entries (~0.5 MB)
 * every chunk was a large object that only a full mark-sweep frees, and writing and checking a 10^5-entry ledger
 * spent about as long collecting them as working.
 */
const ENTRIES_PER_CHUNK = 100;

/** Code units of text added to what is scanned at once (see `createLedgerChunkReader`). */
const SCAN_UNITS = 1 << 16;

const EntriesSchema = z.array(LedgerEntrySchema);
const OpeningSchema = SnapshotLedgerSchema.shape.opening;

// The canonical layout of the ledger document: its keys in order ("entries" < "opening"), two-space indent, the
// entries one level deeper. An entry holds only scalar fields, and a JSON string never holds a raw line break, so
// ENTRY_GAP occurs in canonical text only between two entries of the array.
const ENTRIES_OPEN = '{\n  "entries": [\n';
const ENTRIES_CLOSE = '\n  ],\n  "opening": ';
const ENTRY_GAP = "\n    },\n    {";
const ENTRY_END = "\n    }";
const ENTRY_INDENT = "    ";

/** The text of `ledger.json`: canonical JSON of the encoded ledger. */
export function ledgerText(ledger: SnapshotLedger): string {
  return [...ledgerTextPieces(ledger)].join("");
}

/** Decoded records written as their text: bigints as the u64 codec writes them (see the module comment). */
const AS_WRITTEN = { bigintsAsStrings: true } as const;

/**
 * `ledgerText` in pieces, a chunk of entries each, each written only when asked for: a writer that drops each piece
 * once written holds one chunk's text at a time.
 */
export function* ledgerTextPieces(ledger: SnapshotLedger): Generator<string> {
  const openingText = toCanonicalJsonAt(ledger.opening, "$.opening", "  ", AS_WRITTEN);
  if (ledger.entries.length === 0) return yield `{\n  "entries": [],\n  "opening": ${openingText}\n}\n`;
  for (let start = 0; start < ledger.entries.length; start += ENTRIES_PER_CHUNK) {
    const entries = ledger.entries
      .slice(start, start + ENTRIES_PER_CHUNK)
      .map((entry, i) => ENTRY_INDENT + toCanonicalJsonAt(entry, `$.entries[${start + i}]`, ENTRY_INDENT, AS_WRITTEN))
      .join(",\n");
    yield `${start === 0 ? ENTRIES_OPEN : ",\n"}${entries}`;
  }
  yield `${ENTRIES_CLOSE}${openingText}\n}\n`;
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
  // Text not yet parsed: after the opening bracket, the entries from the last chunk taken on.
  let pending = "";
  // Pieces gathered into runs of at least SCAN_UNITS code units: each run flattens and scans `pending` once.
  let run = "";
  let opened = false;
  let failed = false;
  let gaps = 0;
  let searchFrom = 0;
  const take = (end: number): boolean => {
    const chunk = EntriesSchema.safeParse(tryParse(`[${pending.slice(0, end)}]`));
    if (chunk.success) visit(chunk.data);
    return chunk.success;
  };
  const scan = (): boolean => {
    pending += run;
    run = "";
    if (!opened) {
      if (pending.length < ENTRIES_OPEN.length) return true;
      if (!pending.startsWith(ENTRIES_OPEN)) return false;
      pending = pending.slice(ENTRIES_OPEN.length);
      opened = true;
    }
    for (let cut = pending.indexOf(ENTRY_GAP, searchFrom); cut !== -1; cut = pending.indexOf(ENTRY_GAP, searchFrom)) {
      searchFrom = cut + 1;
      if (++gaps < ENTRIES_PER_CHUNK) continue;
      if (!take(cut + ENTRY_END.length)) return false;
      pending = pending.slice(cut + ENTRY_END.length + ",\n".length);
      gaps = 0;
      searchFrom = 0;
    }
    // A gap cut in two by the end of this run is found once the next one arrives.
    searchFrom = Math.max(searchFrom, pending.length - ENTRY_GAP.length + 1);
    return true;
  };
  return {
    push(piece: string): void {
      if (failed) return;
      run += piece;
      if (run.length >= SCAN_UNITS) failed = !scan();
    },
    end(): SnapshotLedger["opening"] | undefined {
      if (failed || (run.length > 0 && !scan())) return undefined;
      const close = pending.lastIndexOf(ENTRIES_CLOSE);
      if (!opened || close === -1 || !take(close)) return undefined;
      // What follows the entries must be the opening alone (another key, even a second "entries", goes to the
      // whole parse, which decides as JSON.parse does).
      const rest = tryParse(`{${pending.slice(close + "\n  ],".length)}`);
      if (rest === null || typeof rest !== "object" || Object.keys(rest).join() !== "opening") return undefined;
      const opening = OpeningSchema.safeParse((rest as { opening: unknown }).opening);
      return opening.success ? opening.data : undefined;
    },
  };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
