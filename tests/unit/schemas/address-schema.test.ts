import { describe, expect, it } from "vitest";
import { canonicalAddress } from "../../../src/lib/address.ts";
import { AddressSchema } from "../../../src/schemas/common.ts";

const SIP_LONG = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

/** AddressSchema checks and normalises in one step (`canonicalAddress`), with the message it always gave. */
describe("AddressSchema", () => {
  it.each(["0x19e966bfa4b32ce9b7e23721b37b96d2", "19E966BFA4B32CE9B7E23721B37B96D2", SIP_LONG])(
    "normalises %s, the first time and again from the cache",
    (input) => {
      expect(AddressSchema.parse(input)).toBe(SIP_LONG);
      expect(AddressSchema.parse(input)).toBe(SIP_LONG);
    },
  );

  it.each(["", "0x", "0xg1", `0x${"1".repeat(65)}`, "19e9 66", "0X19"])(
    "refuses %j with the address message",
    (input) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = AddressSchema.safeParse(input);
        expect(result.success).toBe(false);
        expect(result.error?.issues).toHaveLength(1);
        expect(result.error?.issues[0]?.message).toBe("expected an account address (hex, optionally 0x-prefixed)");
        expect(result.error?.issues[0]?.path).toEqual([]);
      }
      expect(canonicalAddress(input)).toBeUndefined();
    },
  );

  it("names the field of a refused address inside an object, and refuses a non-string", () => {
    const result = AddressSchema.array().safeParse([SIP_LONG, "xyz"]);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [[1], "expected an account address (hex, optionally 0x-prefixed)"],
    ]);
    expect(AddressSchema.safeParse(0x1).success).toBe(false);
  });
});
