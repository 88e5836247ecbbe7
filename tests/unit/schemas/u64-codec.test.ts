import { describe, expect, it } from "vitest";
import { U64Schema } from "../../../src/schemas/common.ts";

/** The u64 codec: a canonical decimal string on disk and on the wire, a bigint in code. */

const U64_MAX = (1n << 64n) - 1n;

describe("U64Schema (codec)", () => {
  it.each([
    ["0", 0n],
    ["9007199254740993", 2n ** 53n + 1n],
    ["18446744073709551615", U64_MAX],
  ])("decodes %s to the exact bigint and encodes it back to the same string", (text, value) => {
    expect(U64Schema.parse(text)).toBe(value);
    expect(U64Schema.decode(text)).toBe(value);
    expect(U64Schema.encode(value)).toBe(text);
  });

  it.each(["01", "1e6", "-1", "18446744073709551616", " 1", "0x10", ""])("refuses %j with the u64 message", (text) => {
    const result = U64Schema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("expected a u64 decimal string");
  });

  it("refuses non-strings (a number is not a u64 string, even a small one)", () => {
    expect(U64Schema.safeParse(5).success).toBe(false);
    expect(U64Schema.safeParse(5n).success).toBe(false);
  });

  it("refuses to encode a negative value or one above 2^64 − 1", () => {
    expect(() => U64Schema.encode(-1n)).toThrow();
    expect(() => U64Schema.encode(U64_MAX + 1n)).toThrow();
    // What encoding gives is checked as a u64 string: the bigint side needs no bound of its own.
    for (const value of [-1n, -(2n ** 63n), U64_MAX + 1n]) {
      expect(U64Schema.safeEncode(value).error?.issues[0]?.message).toBe("expected a u64 decimal string");
    }
  });

  it("refuses a 20-digit text above 2^64 − 1 and accepts every 20-digit one up to it", () => {
    expect(U64Schema.safeParse("18446744073709551616").success).toBe(false);
    expect(U64Schema.safeParse("99999999999999999999").success).toBe(false);
    expect(U64Schema.parse("18446744073709551614")).toBe(U64_MAX - 1n);
    expect(U64Schema.parse("10000000000000000000")).toBe(10n ** 19n);
  });
});
