import type { Readable } from "node:stream";

/**
 * A small streaming JSON parser for the v5 files (state exports of several MB, transaction archives). Two things
 * JSON.parse cannot do: numbers are kept as their exact decimal text (u64 amounts exceed 2^53), and a top-level
 * array is handed out one element at a time, so memory stays bounded by the largest element, not the file.
 *
 * Values come out as plain objects, arrays, strings, booleans and null; every number is a `JsonNumber` holding
 * its text, so a JSON string that merely looks like a number can never pass for one.
 *
 * With `{ sequence: true }` it also reads JSON values written one after another at the top level (libra-framework's
 * state export is 143 pretty-printed objects, not an array): each is handed out as soon as it is complete, like an
 * array element, so memory stays bounded by one value either way.
 */

/** A JSON number token, exactly as written. */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

/** The input is not (complete) JSON; `offset` counts UTF-16 code units from the start, `line`/`column` from 1. */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  readonly reason: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(reason: string, offset: number, line: number, column: number) {
    super(`${reason} at line ${line}, column ${column} (offset ${offset})`);
    this.reason = reason;
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/**
 * One value (an element of the top-level array, or the whole document otherwise) is longer than the parser's bound:
 * held whole, it would take memory without limit, so the parse stops as soon as the bound is passed.
 */
export class JsonValueTooLargeError extends Error {
  override readonly name = "JsonValueTooLargeError";
  /** Index within the top-level array, or -1 for the whole document. */
  readonly index: number;
  readonly offset: number;
  readonly maxChars: number;
  constructor(index: number, offset: number, maxChars: number) {
    super(
      `${index < 0 ? "the JSON value" : `element ${index} of the top-level array`} (from offset ${offset}) is longer than ${maxChars} characters`,
    );
    this.index = index;
    this.offset = offset;
    this.maxChars = maxChars;
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: Record<string, JsonValue> = { true: true, false: false, null: null };

type Frame =
  | { kind: "array"; items: JsonValue[]; expect: "value-or-end" | "value" | "comma-or-end" }
  | {
      kind: "object";
      value: Record<string, JsonValue>;
      key: string | null;
      expect: "key-or-end" | "key" | "colon" | "value" | "comma-or-end";
    };

/** Where a value completed: the whole document (`depth` 0) or an element of the top-level array (`depth` 1). */
export interface ParsedValue {
  value: JsonValue;
  /** Index within the top-level array or sequence, or -1 for the whole document. */
  index: number;
  /** The top-level layout this value came from. */
  shape: TopLevelShape;
}

/** How the top-level of the input was laid out: one array, values one after another (`sequence`), or one value. */
export type TopLevelShape = "array" | "sequence" | "document";

export interface LosslessJsonOptions {
  /**
   * Accept several top-level values one after another (whitespace between them optional), each handed out with
   * its index. A top-level array is still streamed element by element (and must then be the only value).
   */
  sequence?: boolean;
  /** The longest one value (see `ParsedValue`) may be, in UTF-16 code units; default no bound. */
  maxValueChars?: number;
}

/**
 * Incremental parser: `push` text chunks, `end` when the input is over. Elements of a top-level array are
 * delivered through `onElement` and not kept; any other top-level value is delivered whole at the end.
 */
export class LosslessJsonParser {
  private buffer = "";
  /** Offset of `buffer[0]` in the whole input. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  private topLevelArray = false;
  private elementCount = 0;
  private done = false;
  /** The top-level array has been opened and closed, or the top-level scalar/object is complete. */
  private finished = false;
  /** Sequence mode, and the first top-level value was not an array: values follow one another. */
  private inSequence = false;

  /** Where the value being read (an element of the top-level array, or the document) started; null between. */
  private valueStart: number | null = null;

  private readonly onValue: (parsed: ParsedValue) => void;
  private readonly acceptSequence: boolean;
  private readonly maxValueChars: number;

  constructor(onValue: (parsed: ParsedValue) => void, options: LosslessJsonOptions = {}) {
    this.onValue = onValue;
    this.acceptSequence = options.sequence === true;
    this.maxValueChars = options.maxValueChars ?? Number.POSITIVE_INFINITY;
  }

  /** True once the first `[` showed the document is an array (elements stream); false before or otherwise. */
  get isArray(): boolean {
    return this.topLevelArray;
  }

  /** The layout seen so far (`document` until a top-level array or a second value shows otherwise). */
  get shape(): TopLevelShape {
    if (this.topLevelArray) return "array";
    return this.inSequence ? "sequence" : "document";
  }

  push(chunk: string): void {
    this.buffer += chunk;
    this.scan(false);
    // What is held for the value being read: its consumed part (kept in containers) and the text not yet consumed
    // (an unfinished string or number).
    const held = (this.valueStart === null ? 0 : this.base - this.valueStart) + this.buffer.length;
    if (held > this.maxValueChars) {
      const index = this.topLevelArray ? this.elementCount : -1;
      throw new JsonValueTooLargeError(index, this.valueStart ?? this.base, this.maxValueChars);
    }
  }

  end(): void {
    this.scan(true);
    if (this.inSequence && this.stack.length === 0 && this.elementCount > 0) this.finished = true;
    if (!this.finished) {
      this.fail(this.stack.length > 0 || this.done ? "unexpected end of input (truncated?)" : "empty input", 0);
    }
  }

  private fail(reason: string, at: number): never {
    const offset = this.base + at;
    // Line/column from what was consumed plus the unconsumed part up to `at`.
    let line = this.line;
    let lineStart = this.lineStart;
    for (let i = 0; i < at; i++) {
      if (this.buffer.charCodeAt(i) === 10) {
        line++;
        lineStart = this.base + i + 1;
      }
    }
    throw new JsonSyntaxError(reason, offset, line, offset - lineStart + 1);
  }

  private consume(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.buffer.charCodeAt(i) === 10) {
        this.line++;
        this.lineStart = this.base + i + 1;
      }
    }
    this.buffer = this.buffer.slice(count);
    this.base += count;
  }

  private scan(final: boolean): void {
    const text = this.buffer;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      if (this.finished) this.fail("unexpected text after the end of the JSON value", i);
      const ch = text[i] as string;
      if (ch === "{" || ch === "[" || ch === "]" || ch === "}" || ch === ":" || ch === ",") {
        this.punctuation(ch, i);
        i++;
        continue;
      }
      let value: JsonValue;
      let next: number;
      if (ch === '"') {
        const end = findStringEnd(text, i + 1);
        if (end < 0) break; // incomplete: wait for more text
        try {
          value = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          this.fail("invalid string (bad escape or control character)", i);
        }
        next = end + 1;
      } else if (ch === "-" || (c >= 0x30 && c <= 0x39)) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!match) this.fail("invalid number", i);
        next = i + match[0].length;
        if (next >= n && !final) break; // the number may go on in the next chunk
        if (next < n && /[0-9.eE+-]/.test(text[next] as string)) this.fail("invalid number", i);
        // A fresh copy: a substring would be a V8 "sliced string" keeping the whole chunk alive as long as the
        // number is kept (e.g. a receipt), which made memory grow with the file.
        value = new JsonNumber(detach(match[0]));
      } else {
        const rest = text.slice(i, i + 5);
        const literal = Object.keys(LITERALS).find((name) => rest.startsWith(name));
        if (literal === undefined) {
          const cut = Object.keys(LITERALS).some((name) => name.startsWith(rest) && i + rest.length >= n);
          if (cut && !final) break; // a literal cut by the chunk boundary
          this.fail(cut ? "unexpected end of input (truncated?)" : `unexpected character ${JSON.stringify(ch)}`, i);
        }
        value = LITERALS[literal] as JsonValue;
        next = i + literal.length;
      }
      this.scalar(value, i);
      i = next;
    }
    if (final && i < n) this.fail("unexpected end of input (truncated?)", n);
    this.consume(i);
  }

  private punctuation(ch: string, at: number): void {
    const top = this.stack.at(-1);
    if (ch === "{" || ch === "[") {
      this.expectValue(top, at);
      if (ch === "[") {
        if (this.stack.length === 0 && !this.done && !this.inSequence) this.topLevelArray = true;
        this.stack.push({ kind: "array", items: [], expect: "value-or-end" });
      } else {
        this.stack.push({ kind: "object", value: {}, key: null, expect: "key-or-end" });
      }
      if (this.valueStart === null && this.stack.length === (this.topLevelArray ? 2 : 1))
        this.valueStart = this.base + at;
      this.done = true;
      return;
    }
    if (top === undefined) this.fail(`unexpected ${JSON.stringify(ch)}`, at);
    if (ch === "]") {
      if (top.kind !== "array" || top.expect === "value") this.fail('unexpected "]"', at);
      this.stack.pop();
      this.complete(top.items, at);
    } else if (ch === "}") {
      if (top.kind !== "object" || (top.expect !== "key-or-end" && top.expect !== "comma-or-end")) {
        this.fail('unexpected "}"', at);
      }
      this.stack.pop();
      this.complete(top.value, at);
    } else if (ch === ":") {
      if (top.kind !== "object" || top.expect !== "colon") this.fail('unexpected ":"', at);
      top.expect = "value";
    } else {
      if (top.expect !== "comma-or-end") this.fail('unexpected ","', at);
      top.expect = top.kind === "array" ? "value" : "key";
    }
  }

  private expectValue(top: Frame | undefined, at: number): void {
    if (top === undefined) {
      if (this.done) this.fail("unexpected text after the end of the JSON value", at);
      return;
    }
    if (top.kind === "array" ? top.expect === "comma-or-end" : top.expect !== "value") {
      this.fail("expected a comma or the end of the container", at);
    }
  }

  private scalar(value: JsonValue, at: number): void {
    const top = this.stack.at(-1);
    if (top?.kind === "object" && (top.expect === "key-or-end" || top.expect === "key")) {
      if (typeof value !== "string") this.fail("expected an object key (a string)", at);
      top.key = value;
      top.expect = "colon";
      return;
    }
    this.expectValue(top, at);
    this.done = true;
    this.complete(value, at);
  }

  /** A value is complete: attach it to its container, or hand it out. */
  private complete(value: JsonValue, at: number): void {
    if (this.stack.length === (this.topLevelArray ? 1 : 0)) this.valueStart = null;
    const top = this.stack.at(-1);
    if (top === undefined) {
      if (this.acceptSequence && !this.topLevelArray) {
        // Another value may follow: hand this one out now and forget it.
        this.inSequence = true;
        this.done = false;
        this.onValue({ value, index: this.elementCount++, shape: "sequence" });
        return;
      }
      this.finished = true;
      if (!this.topLevelArray) this.onValue({ value, index: -1, shape: "document" });
      return;
    }
    if (top.kind === "array") {
      top.expect = "comma-or-end";
      if (this.topLevelArray && this.stack.length === 1) {
        this.onValue({ value, index: this.elementCount++, shape: "array" });
      } else {
        top.items.push(value);
      }
    } else {
      if (top.key === null) this.fail("internal: value without key", at);
      top.value[top.key] = value;
      top.key = null;
      top.expect = "comma-or-end";
    }
  }
}

/** A copy of `text` that does not reference the string it was cut from. */
function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, "latin1").toString("latin1");
}

/** Index of the closing quote of a string whose body starts at `from`, or -1 when the text ends first. */
function findStringEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x5c) i += 2;
    else i++;
  }
  return -1;
}

/**
 * Parses a stream of JSON text. A top-level array yields its elements one by one (index ≥ 0); with
 * `{ sequence: true }` so do values written one after another; anything else yields the whole value once (index -1).
 * `onShape` is told the layout once the input is complete. Throws JsonSyntaxError on malformed or truncated input,
 * and JsonValueTooLargeError as soon as one value passes `maxValueChars`.
 */
export async function* parseJsonStream(
  input: Readable | AsyncIterable<string | Buffer>,
  options: LosslessJsonOptions & { onShape?: (shape: TopLevelShape) => void } = {},
): AsyncGenerator<ParsedValue> {
  const ready: ParsedValue[] = [];
  const parser = new LosslessJsonParser((parsed) => ready.push(parsed), options);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of input) {
    parser.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
  }
  parser.push(decoder.decode());
  parser.end();
  options.onShape?.(parser.shape);
  yield* ready.splice(0);
}

/** Parses a whole JSON text (small inputs, tests); in sequence mode, several top-level values come back as a list. */
export function parseLosslessJson(text: string, options: LosslessJsonOptions = {}): JsonValue {
  let result: JsonValue | undefined;
  const items: JsonValue[] = [];
  const parser = new LosslessJsonParser(({ value, index }) => {
    if (index < 0) result = value;
    else items.push(value);
  }, options);
  parser.push(text);
  parser.end();
  return parser.shape === "document" ? (result as JsonValue) : items;
}
