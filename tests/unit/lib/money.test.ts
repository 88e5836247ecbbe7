import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCoinAmount, formatCoins, formatInteger, formatU64, parseU64, U64_MAX } from "../../../src/lib/money.ts";

describe("parseU64 / formatU64", () => {
  it("round-trips every u64, including 0 and 2^64 − 1", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (value) => {
        expect(parseU64(formatU64(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
    expect(parseU64("18446744073709551615")).toBe(18446744073709551615n);
    expect(parseU64("0")).toBe(0n);
    expect(parseU64("9999999999999999999")).toBe(9999999999999999999n);
    expect(parseU64("10000000000000000000")).toBe(10000000000000000000n);
  });

  it.each([
    "18446744073709551616",
    "99999999999999999999",
    "-1",
    "01",
    "1e6",
    "0x10",
    " 1",
    "1 ",
    "1.0",
    "",
    "+1",
    "１",
  ])("rejects %j", (text) => {
    expect(() => parseU64(text)).toThrow(/not a u64 decimal string/);
  });

  it("refuses to format values outside u64", () => {
    expect(() => formatU64(-1n)).toThrow(RangeError);
    expect(() => formatU64(U64_MAX + 1n)).toThrow(RangeError);
  });
});

describe("formatCoins", () => {
  it.each([
    [0n, "0.00"],
    [1n, "0.000001"],
    [10n, "0.00001"],
    [1_000_000n, "1.00"],
    [1_500_000n, "1.50"],
    [1_234_567_890n, "1,234.56789"],
    [999_999_999_999n, "999,999.999999"],
    [1_000_000_000_000n, "1,000,000.00"],
    [18446744073709551615n, "18,446,744,073,709.551615"],
    [-2_500_000n, "\u22122.50"],
  ])("formats %s base units as %s", (units, expected) => {
    expect(formatCoins(units)).toBe(expected);
  });

  it("honours minFractionDigits without dropping significant digits", () => {
    expect(formatCoins(5_000_000n, { minFractionDigits: 0 })).toBe("5");
    expect(formatCoins(5_000_001n, { minFractionDigits: 0 })).toBe("5.000001");
    expect(formatCoins(5_000_000n, { minFractionDigits: 6 })).toBe("5.000000");
    expect(() => formatCoins(1n, { minFractionDigits: 7 })).toThrow(RangeError);
  });

  it("is exact: the shown digits always recompose the base units", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (units) => {
        const [whole = "", fraction = ""] = formatCoins(units, { minFractionDigits: 6 }).replaceAll(",", "").split(".");
        expect(BigInt(whole + fraction)).toBe(units);
      }),
      { numRuns: 2000 },
    );
  });

  it("adds the coin symbol", () => {
    expect(formatCoinAmount(42_000_000n)).toBe("42.00 LIBRA");
    expect(formatCoinAmount(1n, "GAS")).toBe("0.000001 GAS");
  });
});

describe("formatInteger", () => {
  it.each([
    [0n, "0"],
    [999n, "999"],
    [1000n, "1,000"],
    [123456789n, "123,456,789"],
    [-1234n, "\u22121,234"],
  ])("formats %s as %s", (value, expected) => {
    expect(formatInteger(value)).toBe(expected);
  });
});
