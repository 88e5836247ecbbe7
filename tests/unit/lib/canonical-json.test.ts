import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toCanonicalJson, toCanonicalJsonAt } from "../../../src/lib/canonical-json.ts";

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
    [
      { a: [{ b: 1 }, { c: { d: 0.5 } }] },
      /^\$\.a\[1\]\.c\.d: only safe integers may be numbers in canonical JSON \(got 0\.5\)$/,
    ],
    [[[1, [2, 3n]]], /^\$\[0\]\[1\]\[1\]: bigint cannot be written as canonical JSON$/],
  ])("refuses values that are not canonical JSON (%o)", (value, message) => {
    expect(() => toCanonicalJson(value)).toThrow(message);
  });

  it("names a nested value's full path from the path it is written at", () => {
    expect(() => toCanonicalJsonAt({ amount: 5n }, "$.entries[41234]", "    ")).toThrow(
      new TypeError("$.entries[41234].amount: bigint cannot be written as canonical JSON"),
    );
  });

  it("writes records of many key lists, met in turn and in any insertion order, each in code-unit order", () => {
    const shapes = Array.from({ length: 12 }, (_, n) => Array.from({ length: n + 1 }, (_, k) => `k${(k * 7) % 13}`));
    const records = Array.from({ length: 60 }, (_, i) => {
      const keys = shapes[i % shapes.length] ?? [];
      return Object.fromEntries((i % 2 ? [...keys].reverse() : keys).map((key) => [key, i]));
    });
    const text = toCanonicalJson(records);
    expect(JSON.parse(text)).toEqual(records);
    const lines = text.split("\n").filter((line) => line.startsWith('    "'));
    const keysOf = (record: object) => Object.keys(record).sort();
    expect(lines.map((line) => JSON.parse(line.slice(4).split(":")[0] ?? ""))).toEqual(records.flatMap(keysOf));
  });
});
