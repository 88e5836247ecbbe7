import type { z } from "zod";
import { toCanonicalJsonAt } from "../lib/canonical-json.ts";

/**
 * A JSON array of records inside a canonical document (`src/lib/canonical-json.ts`), written and checked a chunk of
 * records at a time: a snapshot's ledger entries (`src/store/ledger-text.ts`) and the files that are one array of
 * records (transfers, proposals, donors…). At 10^4–10^5 records, writing a file whole made one string per record
 * before the whole text, and checking it whole made JSON.parse's tree of every record and the schema's copy of it
 * beside the text; a run's peak memory was set there. Here each exists for one chunk at a time. Pure: no I/O.
 *
 * Records are written from the decoded values, bigints as decimal strings (`bigintsAsStrings`): the validation is
 * the reader's, when the text is read back (see `src/snapshot/build-files.ts`).
 *
 * Reading relies on the canonical layout only to find where to cut, never for the result. A line of canonical text
 * starts with two spaces per level of nesting, and a JSON string never holds a raw line break, so `\n` + indent +
 * `},\n` + indent + `{` (the gap) occurs only where one record of the array ends and the next begins: a deeper line
 * has more spaces before its `}`, and the lines above the records are the document's frame. Chunks that each parse
 * as a JSON array, joined by commas, are the whole array: a cut inside a string or a nested value would leave a
 * chunk that does not parse. Any text that is not in the layout, or a chunk that fails to parse or validate, makes
 * the reader give up, and the caller parses the whole text, for the findings it always gave.
 */

/** Where the array sits in its document, as canonical JSON writes it. */
export interface RecordArrayLayout {
  /** The document's text up to the first record's `{` (`[\n` when the array is the whole document). */
  open: string;
  /** The indent of each record's lines. */
  indent: string;
  /** The text from the last record's `}` to what follows the array (`\n]\n` when the array is the whole document). */
  close: string;
  /** The array's path in the document, for a value that cannot be written (`$`, `$.entries`). */
  path: string;
}

/** A document that is one array of records: a snapshot's transfers.json, proposals.json and the like. */
const ARRAY_DOCUMENT: RecordArrayLayout = { open: "[\n", indent: "  ", close: "\n]\n", path: "$" };

/**
 * Records written, or parsed and validated, at once: ~55 kB of ledger text. A chunk's text (and the copy JSON.parse
 * is given) stays below V8's large-object size (128 KiB), so it dies young in the scavenged space; at 1,000 entries
 * (~0.5 MB) every chunk was a large object that only a full mark-sweep frees, and writing and checking a 10^5-entry
 * ledger spent about as long collecting them as working.
 */
const RECORDS_PER_CHUNK = 100;

/** Code units of text added to what is scanned at once (see `createRecordChunkReader`). */
const SCAN_UNITS = 1 << 16;

/** Decoded records written as their text: bigints as the u64 codec writes them. */
const AS_WRITTEN = { bigintsAsStrings: true } as const;

/**
 * The array's text in pieces, a chunk of records each, each written only when asked for, from `layout.open` to the
 * last record's `}` (the caller writes `layout.close` and what follows; an empty array is written `[]`, by the caller).
 */
export function* recordChunkPieces(records: readonly unknown[], layout: RecordArrayLayout): Generator<string> {
  const { indent } = layout;
  for (let start = 0; start < records.length; start += RECORDS_PER_CHUNK) {
    const chunk = records
      .slice(start, start + RECORDS_PER_CHUNK)
      .map((record, i) => indent + toCanonicalJsonAt(record, `${layout.path}[${start + i}]`, indent, AS_WRITTEN))
      .join(",\n");
    yield `${start === 0 ? layout.open : ",\n"}${chunk}`;
  }
}

/**
 * The text of a document that is one array of records, in pieces (`recordChunkPieces`): exactly
 * `toCanonicalJson(records, { bigintsAsStrings: true })`.
 */
export function* arrayDocumentPieces(records: readonly unknown[]): Generator<string> {
  if (records.length === 0) return yield "[]\n";
  yield* recordChunkPieces(records, ARRAY_DOCUMENT);
  yield ARRAY_DOCUMENT.close;
}

/**
 * A reader the array's text is pushed into a piece at a time (pieces cut anywhere): each chunk of records is
 * parsed, checked by `records` (a schema of an array of records) and handed to `visit`. `end()` returns the
 * document's text after `layout.close`, or undefined when the reader gave up (see the module comment). What it
 * holds at once is one chunk's text and one run of pieces, not the whole text.
 */
export function createRecordChunkReader<S extends z.ZodType<unknown[]>>(
  layout: RecordArrayLayout,
  records: S,
  visit: (chunk: z.output<S>) => void,
): { push: (piece: string) => void; end: () => string | undefined } {
  const gap = `\n${layout.indent}},\n${layout.indent}{`;
  const recordEnd = `\n${layout.indent}}`;
  // Text not yet parsed: after the open, the records from the last chunk taken on.
  let pending = "";
  // Pieces gathered into runs of at least SCAN_UNITS code units: each run flattens and scans `pending` once.
  let run = "";
  let opened = false;
  let failed = false;
  let gaps = 0;
  let searchFrom = 0;
  const take = (end: number): boolean => {
    const chunk = records.safeParse(tryParse(`[${pending.slice(0, end)}]`));
    if (chunk.success) visit(chunk.data);
    return chunk.success;
  };
  const scan = (): boolean => {
    pending += run;
    run = "";
    if (!opened) {
      if (pending.length < layout.open.length) return true;
      if (!pending.startsWith(layout.open)) return false;
      pending = pending.slice(layout.open.length);
      opened = true;
    }
    for (let cut = pending.indexOf(gap, searchFrom); cut !== -1; cut = pending.indexOf(gap, searchFrom)) {
      searchFrom = cut + 1;
      if (++gaps < RECORDS_PER_CHUNK) continue;
      if (!take(cut + recordEnd.length)) return false;
      pending = pending.slice(cut + recordEnd.length + ",\n".length);
      gaps = 0;
      searchFrom = 0;
    }
    // A gap cut in two by the end of this run is found once the next one arrives.
    searchFrom = Math.max(searchFrom, pending.length - gap.length + 1);
    return true;
  };
  return {
    push(piece: string): void {
      if (failed) return;
      run += piece;
      if (run.length >= SCAN_UNITS) failed = !scan();
    },
    end(): string | undefined {
      if (failed || (run.length > 0 && !scan())) return undefined;
      const close = pending.lastIndexOf(layout.close);
      if (!opened || close === -1 || !take(close)) return undefined;
      return pending.slice(close + layout.close.length);
    },
  };
}

/**
 * A check of a document that is one array of records, fed a piece at a time as a file is read
 * (`src/store/snapshot-folder.ts`), keeping nothing of what it parsed: `end()` says whether the text passed; when it
 * did not, the caller parses the whole text for the findings.
 */
export function createArrayDocumentCheck(records: z.ZodType<unknown[]>): {
  push: (piece: string) => void;
  end: () => boolean;
} {
  const reader = createRecordChunkReader(ARRAY_DOCUMENT, records, () => {});
  // Nothing may follow the array but the one newline the layout's close ends with.
  return { push: reader.push, end: () => reader.end() === "" };
}

export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
