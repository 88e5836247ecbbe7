import { describe, expect, it } from "vitest";
import { bytesResponse, textResponse } from "../../../src/site/bytes-response.ts";

describe("bytesResponse", () => {
  const bytes = () => new Uint8Array([0, 255, 0xc3, 0x28, 10, 13]);

  it("hands the build its bytes' own buffer, as many times as asked, without copying them", async () => {
    const body = bytes();
    const response = bytesResponse(body, "text/csv; charset=utf-8");
    // Astro's build reads a body with arrayBuffer(): this is the copy a plain Response makes twice.
    expect(await response.arrayBuffer()).toBe(body.buffer);
    expect(await response.arrayBuffer()).toBe(body.buffer);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes());
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.status).toBe(200);
  });

  it("hands over only the bytes of a view into a larger buffer", async () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = buffer.subarray(2, 5);
    expect(new Uint8Array(await bytesResponse(view, "application/zip").arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  it("serves the same bytes to any other reader: the body stream (astro dev), a clone, text", async () => {
    const streamed = bytesResponse(bytes(), "text/csv");
    expect(new Uint8Array(await new Response(streamed.body).arrayBuffer())).toEqual(bytes());
    const original = bytesResponse(new TextEncoder().encode("é,€\r\n"), "text/csv");
    const clone = original.clone();
    expect(await clone.text()).toBe("é,€\r\n");
    expect(await original.text()).toBe("é,€\r\n");
    expect(await bytesResponse(new Uint8Array(0), "text/csv").text()).toBe("");
  });

  it("textResponse is the UTF-8 of the text", async () => {
    const response = textResponse('{"name":"Équipe 😀"}\n', "application/json; charset=utf-8");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new TextEncoder().encode('{"name":"Équipe 😀"}\n'));
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});
