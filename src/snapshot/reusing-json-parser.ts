import { Buffer, isUtf8 } from "node:buffer";

/**
 * A JSON parser for a series of answers that mostly repeat each other (`verify` reads the wallet's resources at
 * every recorded run: 1.3 MB of JSON at the verify benchmark's scale 1, of which a run changes a few entries). It
 * gives what `JSON.parse` gives, but parses each element of the answer's deep arrays (a transfer, a proposal) only
 * when its text was not in the last answers (those of the last two are always kept); a repeated element is the same
 * object as before, so whoever compares it with the last run's (`entry-cache.ts`) finds it equal at once, and an
 * array whose elements are all the last answer's, in order, is the very same array. Pure: no I/O, no clock.
 *
 * Finding what repeats costs about one compare of bytes per stretch of unchanged elements, not one step per element:
 * each array is compared with the same array of the last answer (same place among the arrays), in spans that double
 * while they match, and the elements inside a matching span are taken from the last answer's cut (its elements,
 * their offsets and values, held in plain arrays) without reading the elements themselves. At 10^3–10^4 elements per
 * answer, touching each element's object costs more than comparing all the bytes (the objects lie scattered in
 * memory). An element outside the stretches is looked up by its text, and parsed when it is new.
 *
 * It reads the answer's bytes, not a string of the whole: a string of 1.3 MB is one of V8's large objects, a fresh
 * mapping of memory for every answer, and the page faults of filling it cost more than the rest of the parse (about
 * 4 ms per answer at scale 1 in the benchmark's VM); only the elements it parses anew and the skeleton become text.
 * The text is what `TextDecoder` gives for the bytes. When the bytes are valid UTF-8 without a byte order mark,
 * that is each byte sequence decoded as it stands, and a cut at an ASCII byte (a bracket, comma or quote) never
 * falls inside a character, so decoding the pieces apart and joining them gives the same text; any other bytes
 * (invalid UTF-8, whose replacement characters depend on the neighbours, or a BOM, which the decoder drops) are
 * decoded whole and parsed by `JSON.parse`.
 *
 * Why the result is exactly `JSON.parse(text)`. The scanner cuts the text into the arrays nested `splitDepth` or more
 * containers deep (not inside one another) and cuts each array into its element texts. It may be wrong about
 * hostile text; the result does not rely on it, only on what is then checked:
 * - each element text is a whole JSON value on its own (it was parsed alone, now or in an earlier answer with the
 *   very same text), so `[` + the elements joined by `,` + `]` is an array of exactly those values (JSON allows
 *   whitespace around an array's values, and the cut takes every character between the brackets);
 * - the text with each array replaced by a marker string `"\u0000<k>"` (the skeleton) parses, and each marker is
 *   met exactly once in it, as a whole string value. The text itself holds no `\u0000` (checked; a NUL in a JSON
 *   string can only be written so), so no string of the text can read as a marker: the marker token stood where
 *   a value may, and putting the array's text back there parses to the skeleton's value with that array in place.
 *   A cut that fell inside a string cannot pass: the marker's quotes would end that string and leave the rest of it
 *   bare, which does not parse; a key given twice drops a marker, which the count catches.
 * Anything else (a check failing, text that does not parse) falls back to `JSON.parse(text)` of the whole, so
 * invalid text throws the same error as before.
 */

export interface ReusingJsonParser {
  /**
   * `JSON.parse(new TextDecoder().decode(bytes))`, reusing the elements of the last answers' deep arrays whose text
   * is unchanged, and an array whose elements are all the last answer's array's, in order, as the very same array.
   * The values are shared between answers: nobody may change them. The parser keeps the last answer's bytes to
   * compare the next one with, so the caller must not change `bytes` afterwards either.
   */
  parse(bytes: Uint8Array): unknown;
  /**
   * A buffer of at least `length` bytes to receive the next answer in (`HttpRequest.bodyBuffer`), which `parse` then
   * gets a view of. It is one this parser made and holds no more (its answer is neither of the last two it keeps),
   * so the answers' memory is used again rather than a fresh block for every answer: in the benchmark's VM, the page
   * faults of filling a fresh 1.3 MB block cost more than the copy itself. Any number may be lent at once (reads run
   * concurrently); one that never comes to `parse`, or is parsed whole, is left to the garbage collector.
   */
  bodyBuffer(length: number): Buffer;
  /**
   * Element texts parsed anew and reused (`stretched`: of those reused, found inside a stretch of bytes compared at
   * once), over the parser's life (for tests and figures).
   */
  readonly counts: { parsed: number; reused: number; stretched: number; wholeParses: number };
}

interface Piece {
  /** The element's text (its key among the pieces kept). */
  text: string;
  value: unknown;
  /** The answer (by count) that last had it, when found by its text (the sweep also counts the last answers' arrays). */
  seen: number;
}

interface ArrayCut {
  /** The answer's bytes, the index of its `[` and one past its `]`. */
  bytes: Buffer;
  start: number;
  end: number;
  /** Per element: the piece, where its text starts and ends (from `start`), its value (`pieces[i].value`). */
  pieces: Piece[];
  starts: number[];
  ends: number[];
  values: unknown[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

/** Index just past the string opening at `quote`, or -1 when it does not end. */
function stringEnd(bytes: Buffer, quote: number): number {
  let at = quote;
  for (;;) {
    at = bytes.indexOf(QUOTE, at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at + 1;
  }
}

/** Index of the `,` or `]` that ends the array element starting at `from` (nested brackets skipped), or -1. */
function elementEnd(bytes: Buffer, from: number): number {
  let depth = 0;
  for (let at = from; at < bytes.length; at++) {
    const c = bytes[at];
    if (c === QUOTE) {
      const end = stringEnd(bytes, at);
      if (end < 0) return -1;
      at = end - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++;
    else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth === 0) return c === CLOSE_ARRAY ? at : -1;
      depth--;
    } else if (c === COMMA && depth === 0) return at;
  }
  return -1;
}

/** Bytes compared in one call at first, and the least span still compared when one differs. */
const FIRST_SPAN = 512;
const LEAST_SPAN = 128;

/**
 * How many bytes from `from` in `bytes` are the same as from `sourceFrom` in `source`, up to `most`, rounded down to
 * within `LEAST_SPAN` of the truth (an element straddling the difference is then compared on its own): spans that
 * double while they match and halve when not, so a long stretch costs a few calls.
 */
function sameLength(bytes: Buffer, from: number, source: Buffer, sourceFrom: number, most: number): number {
  let length = 0;
  let span = FIRST_SPAN;
  while (length < most) {
    const n = Math.min(span, most - length);
    if (bytes.compare(source, sourceFrom + length, sourceFrom + length + n, from + length, from + length + n) === 0) {
      length += n;
      span *= 2;
    } else if (n <= LEAST_SPAN) break;
    else span = n >> 1;
  }
  return length;
}

/** Bytes whose text is each of them decoded as it stands: valid UTF-8 that does not open with a byte order mark. */
const decodesPiecewise = (bytes: Buffer) =>
  isUtf8(bytes) && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);

export function createReusingJsonParser(options: { splitDepth?: number } = {}): ReusingJsonParser {
  // Resources answers: [ {type, data: { scheduled: [ … ] } } ]: the arrays three containers down and deeper.
  const splitDepth = options.splitDepth ?? 4;
  const counts = { parsed: 0, reused: 0, stretched: 0, wholeParses: 0 };
  /** Every element text seen in the last answers, with its value; those not in the last two are forgotten now and then. */
  const byText = new Map<string, Piece>();
  let answers = 0;
  /** The cut arrays (by order in the answer) of the last answer parsed in cuts, and of the one before it. */
  let lastCuts: ArrayCut[] = [];
  let cutsBefore: ArrayCut[] = [];
  /** The memory of the buffers `bodyBuffer` made, and those of them no answer kept here is in. */
  const made = new WeakSet<ArrayBufferLike>();
  let free: Buffer[] = [];
  /** The answer of `cuts` no longer kept (it was the one before the last): its buffer, if made here, is free again. */
  const release = (cuts: readonly ArrayCut[]) => {
    const memory = cuts[0]?.bytes.buffer;
    if (memory === undefined || !made.has(memory)) return;
    if (memory === lastCuts[0]?.bytes.buffer || memory === cutsBefore[0]?.bytes.buffer) return;
    free.push(Buffer.from(memory));
  };

  const forgetOld = () => {
    // The last answers' elements found in stretches were not looked up by text: they count as seen now.
    for (const cuts of [cutsBefore, lastCuts])
      for (const cut of cuts) for (const piece of cut.pieces) piece.seen = answers;
    for (const [text, piece] of byText) if (piece.seen < answers - 1) byText.delete(text);
  };

  /** The element from `from` to `end`, looked up by its text or parsed; throws when it is not a whole JSON value. */
  const piece = (bytes: Buffer, from: number, end: number): Piece => {
    const text = bytes.toString("utf8", from, end);
    const seen = byText.get(text);
    if (seen !== undefined) {
      counts.reused++;
      seen.seen = answers;
      return seen;
    }
    const value = JSON.parse(text);
    counts.parsed++;
    const made: Piece = { text, value, seen: answers };
    byText.set(text, made);
    return made;
  };

  /**
   * The array at the same place in the last answer or the one before, whichever begins with more of the bytes at `at`
   * (the first element of the array here): answers of two states read in turn are each compared with their like.
   * With it, how many bytes from `at` were found the same (up to 4 kB): the first stretch the cut follows.
   */
  const likelyLast = (bytes: Buffer, at: number, ordinal: number): { cut: ArrayCut; length: number } | undefined => {
    let best: ArrayCut | undefined;
    let bestLength = -1;
    for (const cut of [lastCuts[ordinal], cutsBefore[ordinal]]) {
      const first = cut?.starts[0];
      if (cut === undefined || first === undefined) continue;
      const from = cut.start + first;
      const length = sameLength(bytes, at, cut.bytes, from, Math.min(4096, bytes.length - at, cut.bytes.length - from));
      if (length > bestLength) [best, bestLength] = [cut, length];
    }
    return best === undefined ? undefined : { cut: best, length: bestLength };
  };

  /** The array whose `[` is at `start`, cut into its elements; undefined when the text is not as expected. */
  const cutArray = (bytes: Buffer, start: number, ordinal: number): ArrayCut | undefined => {
    const cut: ArrayCut = { bytes, start, end: -1, pieces: [], starts: [], ends: [], values: [] };
    const { pieces, starts, ends, values } = cut;
    let at = start + 1;
    while (isSpace(bytes[at])) at++;
    if (bytes[at] === CLOSE_ARRAY) {
      cut.end = at + 1;
      return cut;
    }
    const likely = likelyLast(bytes, at, ordinal);
    const last = likely?.cut;
    // The last answer's element expected here (its index in `last`), and a stretch of this array found equal to one of
    // `last`'s: from `runFrom` here (from `start`) and `runBase` there, `runLength` bytes (the first: `likelyLast`'s).
    let guess = 0;
    let runFrom = at - start;
    let runBase = last?.starts[0] ?? 0;
    let runLength = likely?.length ?? 0;
    let sameAsLast = last !== undefined;
    for (;;) {
      const here = at - start;
      let end = -1;
      let found: Piece | undefined;
      let value: unknown;
      if (last !== undefined && guess < last.pieces.length) {
        const oldStart = last.starts[guess] as number;
        const oldEnd = last.ends[guess] as number;
        if (!(oldStart - runBase === here - runFrom && oldEnd - runBase <= runLength)) {
          // Not where the stretch being followed puts it, or not wholly inside it (a stretch ends within a span of
          // the first difference, or at `likelyLast`'s 4 kB): a new stretch from here.
          runFrom = here;
          runBase = oldStart;
          const most = Math.min(bytes.length - at, last.bytes.length - (last.start + oldStart));
          runLength = sameLength(bytes, at, last.bytes, last.start + oldStart, most);
        }
        if (oldEnd - runBase <= runLength) {
          // Its bytes are the ones here: the same element, if it ends here as it did there.
          end = at + (oldEnd - oldStart);
          let after = end;
          while (isSpace(bytes[after])) after++;
          const c = bytes[after];
          if (c === COMMA || c === CLOSE_ARRAY) {
            found = last.pieces[guess];
            value = last.values[guess];
            counts.reused++;
            counts.stretched++;
            guess++;
          }
        }
      }
      if (found === undefined) {
        sameAsLast = false;
        end = elementEnd(bytes, at);
        if (end < 0) return undefined;
        found = piece(bytes, at, end);
        value = found.value;
        // The next element is likely the one after this one in the last answer (an element changed, or was removed)
        // or the one expected here (this one was inserted).
        const known = last === undefined ? -1 : last.pieces.indexOf(found, Math.max(0, guess - 2));
        guess = known >= 0 ? known + 1 : guess + 1;
      }
      pieces.push(found);
      starts.push(here);
      ends.push(end - start);
      values.push(value);
      at = end;
      while (isSpace(bytes[at])) at++;
      const c = bytes[at];
      if (c === CLOSE_ARRAY) {
        cut.end = at + 1;
        if (sameAsLast && last !== undefined && last.pieces.length === pieces.length) cut.values = last.values;
        return cut;
      }
      if (c !== COMMA) return undefined;
      at++;
    }
  };

  /** Every array `splitDepth` containers deep or deeper (not inside one another), cut; undefined when unsure. */
  const cutAll = (bytes: Buffer): ArrayCut[] | undefined => {
    const cuts: ArrayCut[] = [];
    let depth = 0;
    for (let at = 0; at < bytes.length; at++) {
      const c = bytes[at];
      if (c === QUOTE) {
        const end = stringEnd(bytes, at);
        if (end < 0) return undefined;
        at = end - 1;
      } else if (c === OPEN_ARRAY) {
        if (depth + 1 >= splitDepth) {
          const cut = cutArray(bytes, at, cuts.length);
          if (cut === undefined) return undefined;
          cuts.push(cut);
          at = cut.end - 1;
        } else depth++;
      } else if (c === OPEN_OBJECT) depth++;
      else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    }
    return cuts;
  };

  /** The skeleton's value with each marker replaced by its array; false when a marker is missing or repeated. */
  const fill = (skeleton: unknown, cuts: readonly ArrayCut[]): boolean => {
    const placed = new Array<boolean>(cuts.length).fill(false);
    let ok = true;
    const arrayOf = (value: unknown): unknown => {
      if (typeof value !== "string" || value.charCodeAt(0) !== 0) return undefined;
      const k = Number(value.slice(1));
      const cut = cuts[k];
      if (cut === undefined || placed[k] || value !== `\u0000${k}`) {
        ok = false;
        return undefined;
      }
      placed[k] = true;
      return cut.values;
    };
    const walk = (node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const array = arrayOf(node[i]);
          if (array !== undefined) node[i] = array;
          else walk(node[i]);
        }
        return;
      }
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const array = arrayOf(record[key]);
        if (array !== undefined) record[key] = array;
        else walk(record[key]);
      }
    };
    const top = arrayOf(skeleton);
    if (top !== undefined) return false;
    walk(skeleton);
    return ok && placed.every(Boolean);
  };

  const whole = (bytes: Buffer): unknown => {
    counts.wholeParses++;
    return JSON.parse(new TextDecoder().decode(bytes));
  };

  return {
    counts,
    bodyBuffer(length) {
      const fits = free.findIndex((buffer) => buffer.length >= length);
      if (fits >= 0) return free.splice(fits, 1)[0] as Buffer;
      // None fits: the answers have grown past the free ones, which are let go. A new one has room for growth.
      free = [];
      const buffer = Buffer.allocUnsafeSlow(length + (length >> 3));
      made.add(buffer.buffer);
      return buffer;
    },
    parse(answer) {
      const bytes = Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength);
      answers++;
      // Every few answers, not each: a sweep walks every element kept.
      if (answers % 16 === 0) forgetOld();
      if (!decodesPiecewise(bytes) || bytes.includes("\\u0000")) return whole(bytes);
      let cuts: ArrayCut[] | undefined;
      let skeleton: unknown;
      try {
        cuts = cutAll(bytes);
        if (cuts === undefined || cuts.length === 0) return whole(bytes);
        const parts: string[] = [];
        let from = 0;
        cuts.forEach((cut, k) => {
          parts.push(bytes.toString("utf8", from, cut.start), `"\\u0000${k}"`);
          from = cut.end;
        });
        parts.push(bytes.toString("utf8", from));
        skeleton = JSON.parse(parts.join(""));
      } catch {
        return whole(bytes);
      }
      if (!fill(skeleton, cuts)) return whole(bytes);
      const dropped = cutsBefore;
      cutsBefore = lastCuts;
      lastCuts = cuts;
      release(dropped);
      return skeleton;
    },
  };
}
