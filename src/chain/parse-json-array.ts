import { isAscii } from "node:buffer";

/**
 * `JSON.parse(new TextDecoder().decode(bytes))` for an answer that is a JSON array of objects (a range page of
 * transactions, ~140 kB for 100), without ever making one string of the whole. A string over 128 kB is one of V8's
 * large objects, a fresh mapping of memory for each answer, and filling it cost more than parsing it: ~1.3 ms of
 * CPU per page against ~0.3 ms for the same bytes parsed in pieces of `pieceBytes` (the benchmark's pages). Pure: no
 * I/O, no clock.
 *
 * The array is cut between elements: before a `,` that follows a `}` and precedes the text the first element opens
 * with (`{"version":` on a page), searched for in the bytes, from `pieceBytes` after the last cut. Each piece is
 * parsed alone as `[` + piece + `]`, its text latin1 when its bytes are ASCII (a one-byte string, the cheapest to
 * make and to parse), else decoded as UTF-8 like the whole (a cut at an ASCII byte never falls inside a character,
 * and a decoder starts afresh at an ASCII byte, so the pieces' texts joined are the whole's text).
 *
 * Why the result is exactly `JSON.parse` of the whole: the text is `[` p1 `,` p2 … `,` pn `]` (checked: it opens
 * with `[` and ends with `]`). When `[` p1 `]` parses, its last `}` is a bracket (not inside a string) that closes
 * a value directly inside the outer array: read from the start, the whole text's `[` p1 is the same characters, so
 * the whole's parse stands at the same place, between two elements of the outer array, where p2 starts afresh as
 * it does in `[` p2 `]`; and so on to pn, whose `]` is the whole's last. A cut anywhere else leaves a piece that
 * does not parse. Anything that does not parse, or bytes not opening and ending as an array of objects (a byte
 * order mark, whitespace around it), falls back to `JSON.parse` of the whole text, which throws the same error.
 */
export function parseJsonArrayInPieces(bytes: Uint8Array, pieceBytes = 16 * 1024): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const separator = cutSeparator(buffer);
  if (separator === undefined) return parseWhole(buffer);
  const values: unknown[] = [];
  let start = 1;
  for (;;) {
    const cut = buffer.length - start > pieceBytes ? buffer.indexOf(separator, start + pieceBytes) : -1;
    // The piece is [start, end): whole elements, without the outer brackets or the comma after them.
    const end = cut < 0 ? buffer.length - 1 : cut + 1;
    let piece: unknown;
    try {
      piece = JSON.parse(bracketedText(buffer, start, end));
    } catch {
      return parseWhole(buffer);
    }
    for (const value of piece as unknown[]) values.push(value);
    if (cut < 0) return values;
    start = cut + 2;
  }
}

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const COLON = 0x3a;
/** How far into the first element its first key must end for the page to be cut (a key, not a whole value). */
const LONGEST_OPENING = 64;

/**
 * `},` and the first element's opening up to its first key's colon (`{"version":`), or undefined when the bytes do
 * not open as `[{"…":` and close with `]`. Only the bracket, brace, colon and the bytes between are compared, so a
 * key with an escaped quote (`"a\":` …) at worst makes cuts that do not parse, and the whole is parsed instead.
 */
function cutSeparator(buffer: Buffer): Buffer | undefined {
  if (buffer.length < 2 || buffer[0] !== OPEN_ARRAY || buffer[1] !== OPEN_OBJECT) return undefined;
  if (buffer[buffer.length - 1] !== CLOSE_ARRAY) return undefined;
  const colon = buffer.indexOf(COLON, 2);
  if (colon < 0 || colon > LONGEST_OPENING) return undefined;
  return Buffer.concat([Buffer.from("},"), buffer.subarray(1, colon + 1)]);
}

const utf8 = new TextDecoder();

/**
 * `[` + the text of `buffer[start, end)` + `]`, made as one flat string: the bytes on either side (the outer `[` or
 * the `,` before the piece; the `,` or the outer `]` after it) are set to the brackets for the one decode and put
 * back at once, so the caller's bytes are as they were. A template literal made a second copy of each piece's text
 * (JSON.parse flattens the concatenation), ~150 MB of young garbage over a bench-scale snapshot's range pages.
 */
function bracketedText(buffer: Buffer, start: number, end: number): string {
  const before = buffer[start - 1] as number;
  const after = buffer[end] as number;
  buffer[start - 1] = OPEN_ARRAY;
  buffer[end] = CLOSE_ARRAY;
  try {
    return textOf(buffer.subarray(start - 1, end + 1));
  } finally {
    buffer[start - 1] = before;
    buffer[end] = after;
  }
}

function textOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : utf8.decode(bytes);
}

function parseWhole(buffer: Buffer): unknown {
  return JSON.parse(utf8.decode(buffer));
}
