import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../../src/lib/sha256.ts";

describe("sha256Hex", () => {
  it("gives the published test vectors in lower-case hex", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes text as its UTF-8 bytes, the same as the bytes themselves", () => {
    const text = "Spende für 𝔊 — 10 LIBRA\n";
    expect(sha256Hex(text)).toBe(sha256Hex(new TextEncoder().encode(text)));
    expect(sha256Hex(text)).not.toBe(sha256Hex(Buffer.from(text, "latin1")));
  });
});
