import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCanonicalJson } from "../../../src/lib/canonical-json.ts";

describe("toCanonicalJson", () => {
  it("sorts keys by code unit at every depth, 2-space indent, LF and a trailing newline", () => {
    const text = toCanonicalJson({ b: 1, a: { d: [true, null], c: "x" }, "10": "ten", "9": "nine", B: 0 });
    expect(text).toBe(
      '{\n  "10": "ten",\n  "9": "nine",\n  "B": 0,\n  "a": {\n    "c": "x",\n    "d": [\n      true,\n      null\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it("gives the same bytes whatever order the keys were inserted in", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(toCanonicalJson(reversed)).toBe(toCanonicalJson(record));
        expect(JSON.parse(toCanonicalJson(record))).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });

  it("writes empty containers compactly and drops undefined fields", () => {
    expect(toCanonicalJson({ a: [], b: {}, c: undefined })).toBe('{\n  "a": [],\n  "b": {}\n}\n');
  });

  it.each([
    [{ amount: 10n }, /\$\.amount: bigint/],
    [{ amount: 0.1 }, /\$\.amount: only safe integers/],
    [{ amount: 2 ** 53 }, /only safe integers/],
    [{ when: new Date(0) }, /\$\.when: object cannot be written/],
  ])("refuses values that are not canonical JSON (%o)", (value, message) => {
    expect(() => toCanonicalJson(value)).toThrow(message);
  });
});
