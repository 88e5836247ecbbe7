import { describe, expect, it } from "vitest";
import { bytesStream, utf8Bytes, utf8Stream } from "../../../src/lib/utf8-bytes.ts";

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

describe("utf8Stream and bytesStream", () => {
  const read = async (body: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(body).arrayBuffer());

  it("give a response body of the same bytes as utf8Bytes, and of the bytes given", async () => {
    const pieces = ["x".repeat(70_000), ...Array.from({ length: 20_000 }, (_, i) => `${i}😀é,`)];
    expect(await read(utf8Stream(pieces))).toEqual(utf8Bytes(pieces));
    expect(await read(utf8Stream([]))).toEqual(new Uint8Array(0));
    expect(await read(utf8Stream(["é"]))).toEqual(new TextEncoder().encode("é"));
    const bytes = new Uint8Array([0, 255, 0xc3, 0x28]);
    expect(await read(bytesStream(bytes))).toEqual(bytes);
    expect(await read(bytesStream(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it("reads its pieces only as the body is read", async () => {
    let made = 0;
    function* lines() {
      for (let i = 0; i < 3; i++) {
        made += 1;
        yield "y".repeat(1 << 16);
      }
    }
    const body = utf8Stream(lines());
    expect(made).toBe(0);
    expect((await read(body)).length).toBe(3 << 16);
    expect(made).toBe(3);
  });
});
