import { describe, expect, it } from "vitest";
import { abbreviateAddress, addressAbbreviation, normalizeAddress, shortAddress } from "../../../src/lib/address.ts";

const SIP_LONG = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

describe("normalizeAddress", () => {
  it.each([
    "0x19e966bfa4b32ce9b7e23721b37b96d2",
    "19E966BFA4B32CE9B7E23721B37B96D2",
    SIP_LONG,
    "0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2",
  ])("maps %s to the 64-hex form", (input) => {
    expect(normalizeAddress(input)).toBe(SIP_LONG);
  });

  it("pads short node output such as 0x1 and a legacy address with a leading zero nibble", () => {
    expect(normalizeAddress("0x1")).toBe(`0x${"0".repeat(63)}1`);
    expect(normalizeAddress("0x407d4d486fdc4e796504135e545be77")).toBe(
      `0x${"0".repeat(33)}407d4d486fdc4e796504135e545be77`,
    );
  });

  it.each(["", "0x", "0xg1", `0x${"1".repeat(65)}`, "19e9 66", "0X19"])("rejects %j", (input) => {
    expect(() => normalizeAddress(input)).toThrow(/not an account address/);
  });
});

describe("normalizeAddress's cache of canonical forms", () => {
  it("answers a form seen before as the first time, and after more distinct forms than it holds", () => {
    const hex = (n: number) => n.toString(16).padStart(6, "0");
    const first = normalizeAddress("0xABC");
    for (let n = 0; n < 70_000; n++)
      expect(normalizeAddress(`0x${hex(n).toUpperCase()}`)).toBe(`0x${"0".repeat(58)}${hex(n)}`);
    expect(normalizeAddress("0xABC")).toBe(first);
    expect(first).toBe(`0x${"0".repeat(61)}abc`);
    // A rejected form is never cached as valid.
    expect(() => normalizeAddress("0xg1")).toThrow(/not an account address/);
    expect(() => normalizeAddress("0xg1")).toThrow(/not an account address/);
  });
});

describe("shortAddress / abbreviateAddress", () => {
  it("strips leading zeros like the node does", () => {
    expect(shortAddress(SIP_LONG)).toBe("0x19e966bfa4b32ce9b7e23721b37b96d2");
    expect(shortAddress(`0x${"0".repeat(64)}`)).toBe("0x0");
  });

  it("abbreviates long addresses but keeps short ones whole", () => {
    expect(abbreviateAddress(SIP_LONG)).toBe("0x19e966…b96d2");
    expect(abbreviateAddress("0x1")).toBe("0x1");
    expect(addressAbbreviation(SIP_LONG)).toEqual({ head: "0x19e966", tail: "b96d2" });
    expect(addressAbbreviation("0x1")).toEqual({ head: "0x1", tail: null });
  });
});
