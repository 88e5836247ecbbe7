import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareBigint, compareText } from "../../../src/lib/compare.ts";

describe("compareBigint", () => {
  it("orders by value, not by decimal text, beyond 2^53", () => {
    expect([10n, 9n, 2n ** 64n - 1n, 0n, 2n ** 53n + 1n, 2n ** 53n].sort(compareBigint)).toEqual([
      0n,
      9n,
      10n,
      2n ** 53n,
      2n ** 53n + 1n,
      2n ** 64n - 1n,
    ]);
  });

  it("is -1, 0 or 1 with the sign of a − b, and antisymmetric", () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        const sign = a - b < 0n ? -1 : a - b > 0n ? 1 : 0;
        expect(compareBigint(a, b)).toBe(sign);
        expect(compareBigint(b, a)).toBe(-sign || 0);
      }),
    );
  });
});

describe("compareText", () => {
  it("orders by UTF-16 code unit, not by locale, and is 0 only for equal text", () => {
    expect(["b", "B", "a", "é", "A"].sort(compareText)).toEqual(["A", "B", "a", "b", "é"]);
    expect(compareText("0x0a", "0x0a")).toBe(0);
    expect(compareText("0x0a", "0x0b")).toBeLessThan(0);
    expect(compareText("0x0b", "0x0a")).toBeGreaterThan(0);
  });
});
