import { describe, expect, it } from "vitest";
import { utf8Bytes } from "../../../src/lib/utf8-bytes.ts";

describe("utf8Bytes", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("is the UTF-8 of the pieces joined, across batch boundaries and with characters of every width", () => {
    expect(utf8Bytes([])).toEqual(new Uint8Array(0));
    expect(utf8Bytes(["", ""])).toEqual(new Uint8Array(0));
    expect(utf8Bytes(["a", "é", "€", "😀"])).toEqual(utf8("aé€😀"));
    // One piece longer than a batch, then many small ones that end batches at every offset.
    const pieces = ["x".repeat(70_000), ...Array.from({ length: 20_000 }, (_, i) => `${i}😀é,`)];
    const bytes = utf8Bytes(pieces);
    expect(bytes).toEqual(utf8(pieces.join("")));
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(pieces.join(""));
  });

  it("reads a generator once, in order", () => {
    function* lines() {
      for (let i = 0; i < 5; i++) yield `${i}\n`;
    }
    expect(new TextDecoder().decode(utf8Bytes(lines()))).toBe("0\n1\n2\n3\n4\n");
  });
});
