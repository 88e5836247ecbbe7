import { describe, expect, it } from "vitest";
import { parseJsonArrayInPieces } from "../../../src/chain/parse-json-array.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
/** What the provider did before: the whole answer decoded, then parsed. */
const parseWhole = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));

/** A page like the node's: transactions keyed `version` first, events nested, hashes and arguments beside. */
function page(count: number, note: (i: number) => string = () => "ok"): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      version: String(1000 + i),
      hash: `0x${i.toString(16).padStart(64, "0")}`,
      success: i % 3 !== 0,
      payload: { function: "0x1::ol_account::transfer", arguments: [note(i), String(i * 7)] },
      events: [
        { guid: { creation_number: "2", account_address: "0x1" }, sequence_number: String(i), data: { amount: "5" } },
      ],
    })),
  );
}

describe("parseJsonArrayInPieces", () => {
  it("gives JSON.parse's value for a page cut into many pieces, and for one piece", () => {
    const bytes = utf8(page(300));
    expect(parseJsonArrayInPieces(bytes, 1)).toEqual(parseWhole(bytes));
    expect(parseJsonArrayInPieces(bytes, 700)).toEqual(parseWhole(bytes));
    expect(parseJsonArrayInPieces(bytes)).toEqual(parseWhole(bytes));
  });

  it("decodes non-ASCII pieces as UTF-8, invalid sequences included, as the whole's decoding does", () => {
    const bytes = utf8(page(50, (i) => (i % 4 === 0 ? `Zürich ✓ ${"😀".repeat(i % 3)}` : "plain")));
    expect(parseJsonArrayInPieces(bytes, 1)).toEqual(parseWhole(bytes));
    // A lone continuation byte and a cut-short sequence inside strings: each becomes U+FFFD in both.
    const text = page(20, (i) => (i === 5 ? "AAAA" : i === 6 ? "BBBB" : "x"));
    const broken = utf8(text);
    const a = text.indexOf("AAAA");
    const b = text.indexOf("BBBB");
    broken[a] = 0x80;
    broken[b + 3] = 0xe2;
    expect(parseJsonArrayInPieces(broken, 1)).toEqual(parseWhole(broken));
    expect(JSON.stringify(parseJsonArrayInPieces(broken, 1))).toContain("\ufffd");
  });

  it("gives JSON.parse's value when the separator's text stands where no cut may be made", () => {
    // Inside a string (quotes escaped), and as a nested object's key: a cut there does not parse, the whole does.
    const inString = utf8(page(30, () => '},{"version":"9"}'));
    expect(parseJsonArrayInPieces(inString, 1)).toEqual(parseWhole(inString));
    const nested = utf8(JSON.stringify([{ version: "1", data: [{ x: 1 }, { version: "2" }] }, { version: "3" }]));
    expect(parseJsonArrayInPieces(nested, 1)).toEqual(parseWhole(nested));
    expect(parseJsonArrayInPieces(nested, 1)).toEqual([
      { version: "1", data: [{ x: 1 }, { version: "2" }] },
      { version: "3" },
    ]);
  });

  it("parses what is not a compact array of objects whole: whitespace, a byte order mark, other values", () => {
    for (const text of [" [1,2]", "[1, 2] ", '[{"a":1}, {"a":2}]\n', "{}", '"x"', "[]", '\ufeff[{"a":1}]']) {
      expect(parseJsonArrayInPieces(utf8(text), 1)).toEqual(parseWhole(utf8(text)));
    }
  });

  it("throws what JSON.parse throws for text that does not parse, wherever the fault is", () => {
    const text = page(40);
    for (const bad of [text.slice(0, -1), `${text.slice(0, 500)}#${text.slice(501)}`, `${text.slice(0, -1)},]`, ""]) {
      const bytes = utf8(bad);
      let expected: unknown;
      try {
        parseWhole(bytes);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(SyntaxError);
      expect(() => parseJsonArrayInPieces(bytes, 1)).toThrow((expected as Error).message);
    }
  });

  it("leaves the caller's bytes as they were, whether the pieces parse, fall back to the whole or throw", () => {
    const text = page(40);
    for (const sample of [text, `${text.slice(0, 900)}#${text.slice(901)}`, page(30, () => '},{"version":"9"}')]) {
      const bytes = utf8(sample);
      const before = Buffer.from(bytes);
      try {
        parseJsonArrayInPieces(bytes, 1);
      } catch {
        // The faulty sample throws; its bytes must still be intact.
      }
      expect(Buffer.from(bytes).equals(before)).toBe(true);
    }
  });
});
