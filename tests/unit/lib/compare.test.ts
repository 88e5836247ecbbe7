import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareBigint } from "../../../src/lib/compare.ts";

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
