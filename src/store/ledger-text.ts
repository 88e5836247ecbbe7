import { z } from "zod";
import { toCanonicalJson, toCanonicalJsonAt } from "../lib/canonical-json.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { LedgerEntrySchema, type SnapshotLedger, SnapshotLedgerSchema } from "../schemas/snapshot.ts";
import { parseJson } from "./parse-json.ts";

/**
 * `ledger.json`'s text, written and read a chunk of entries at a time. At 10^5 entries the file is ~60 MB; encoding
 * it whole made an encoded copy of every entry plus one string per entry before the text, and parsing it whole made
 * JSON.parse's tree of every entry beside the decoded one. Here each of those exists for one chunk at a time, so
 * what a run holds beyond the snapshot and the text is bounded by the chunk size, not by the history.
 *
 * The bytes are exactly `toCanonicalJson(SnapshotLedgerSchema.encode(ledger))` (the build-files and golden tests
 * compare them), and the findings on a bad ledger are exactly the whole-file ones: whenever a chunk fails to
 * encode, parse or validate, the whole ledger is encoded or parsed as before, which reports the problem with its
 * full path (`entries[41234].amount`) and JSON position.
 */

/** Entries encoded, parsed and validated at once: ~0.5 MB of text. */
const ENTRIES_PER_CHUNK = 1000;

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

/**
 * `ledgerText` in pieces, a chunk of entries each, each encoded only when asked for: a writer that drops each piece
 * once written holds one chunk's encoded entries and text at a time.
 */
export function* ledgerTextPieces(ledger: SnapshotLedger): Generator<string> {
  // The whole-ledger encode reports a failure as it always did (path from the ledger's root).
  const refuse = () => toCanonicalJson(SnapshotLedgerSchema.encode(ledger));
  const opening = OpeningSchema.safeEncode(ledger.opening);
  if (!opening.success) return yield refuse();
  const openingText = toCanonicalJsonAt(opening.data, "$.opening", "  ");
  if (ledger.entries.length === 0) return yield `{\n  "entries": [],\n  "opening": ${openingText}\n}\n`;
  for (let start = 0; start < ledger.entries.length; start += ENTRIES_PER_CHUNK) {
    const encoded = EntriesSchema.safeEncode(ledger.entries.slice(start, start + ENTRIES_PER_CHUNK));
    if (!encoded.success) return yield refuse();
    const entries = encoded.data
      .map((entry, i) => ENTRY_INDENT + toCanonicalJsonAt(entry, `$.entries[${start + i}]`, ENTRY_INDENT))
      .join(",\n");
    yield `${start === 0 ? ENTRIES_OPEN : ",\n"}${entries}`;
  }
  yield `${ENTRIES_CLOSE}${openingText}\n}\n`;
}

/** Parses and validates `ledger.json`'s text (`file` names it in errors). */
export function parseLedgerText(text: string, file: string): SnapshotLedger {
  const entries: SnapshotLedger["entries"] = [];
  const opening = visitLedgerChunks(text, (chunk) => {
    for (const entry of chunk) entries.push(entry);
  });
  if (opening === undefined) return parseOrThrow(SnapshotLedgerSchema, parseJson(text, file), file);
  return { opening, entries };
}

/** Checks `ledger.json`'s text as `parseLedgerText` does, keeping nothing of what it parsed. */
export function checkLedgerText(text: string, file: string): void {
  if (visitLedgerChunks(text, () => {}) === undefined) parseOrThrow(SnapshotLedgerSchema, parseJson(text, file), file);
}

/**
 * Hands the decoded entries of canonical ledger text to `visit` a chunk at a time and returns the decoded opening;
 * undefined when the text is not in the canonical layout or any part of it fails to parse or validate (the caller
 * then parses it whole, for the same findings as always). Chunks that each parse as a JSON array, joined by commas,
 * are the whole array: a cut inside a string or a nested value would leave a chunk that does not parse.
 */
function visitLedgerChunks(
  text: string,
  visit: (entries: SnapshotLedger["entries"]) => void,
): SnapshotLedger["opening"] | undefined {
  if (!text.startsWith(ENTRIES_OPEN)) return undefined;
  const close = text.lastIndexOf(ENTRIES_CLOSE);
  if (close < ENTRIES_OPEN.length) return undefined;
  // What follows the entries must be the opening alone (another key, even a second "entries", goes to the whole
  // parse, which decides as JSON.parse does).
  const rest = tryParse(`{${text.slice(close + "\n  ],".length)}`);
  if (rest === null || typeof rest !== "object" || Object.keys(rest).join() !== "opening") return undefined;
  const opening = OpeningSchema.safeParse((rest as { opening: unknown }).opening);
  if (!opening.success) return undefined;
  let from = ENTRIES_OPEN.length;
  while (from < close) {
    let cut = from;
    for (let n = 0; n < ENTRIES_PER_CHUNK && cut !== -1 && cut < close; n++) {
      cut = text.indexOf(ENTRY_GAP, cut + 1);
    }
    const end = cut === -1 || cut >= close ? close : cut + ENTRY_END.length;
    const chunk = EntriesSchema.safeParse(tryParse(`[${text.slice(from, end)}]`));
    if (!chunk.success) return undefined;
    visit(chunk.data);
    from = end + ",\n".length;
  }
  return opening.data;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
