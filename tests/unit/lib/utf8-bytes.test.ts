import { describe, expect, it } from "vitest";
import { utf8Bytes } from "../../../src/lib/utf8-bytes.ts";

describe("utf8Bytes", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("is the UTF-8 of the pieces joined, across chunk boundaries and with characters of every width", () => {
    expect(utf8Bytes([])).toEqual(new Uint8Array(0));
    expect(utf8Bytes(["", ""])).toEqual(new Uint8Array(0));
    expect(utf8Bytes(["a", "é", "€", "😀"])).toEqual(utf8("aé€😀"));
    // Small pieces past several 1 MB chunks (ending them at every offset), and one piece longer than a chunk.
    const pieces = [
      ...Array.from({ length: 150_000 }, (_, i) => `${i}😀é,`),
      "€".repeat(400_000),
      ...Array.from({ length: 150_000 }, (_, i) => `x${i}\r\n`),
    ];
    const bytes = utf8Bytes(pieces);
    expect(bytes.length).toBeGreaterThan(4 << 20);
    expect(Buffer.compare(bytes, utf8(pieces.join("")))).toBe(0);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(pieces.join(""));
    expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
  });

  it("reads a generator once, in order", () => {
    function* lines() {
      for (let i = 0; i < 5; i++) yield `${i}\n`;
    }
    expect(new TextDecoder().decode(utf8Bytes(lines()))).toBe("0\n1\n2\n3\n4\n");
  });
});
