import { describe, expect, it } from "vitest";
import { decodeDescription, visibleText } from "../../../src/lib/description.ts";

describe("decodeDescription", () => {
  it("decodes valid UTF-8 and keeps the bytes", () => {
    expect(decodeDescription("0x48656C6C6F20e282ac")).toEqual({ hex: "0x48656c6c6f20e282ac", text: "Hello €" });
    expect(decodeDescription("0x")).toEqual({ hex: "0x", text: "" });
  });

  it("keeps hostile text verbatim (escaping is the page's job)", () => {
    const script = Buffer.from("<script>alert(1)</script>\u202e", "utf8").toString("hex");
    expect(decodeDescription(`0x${script}`).text).toBe("<script>alert(1)</script>\u202e");
  });

  it("gives no text for invalid UTF-8 rather than replacement characters", () => {
    expect(decodeDescription("0xff").text).toBeNull();
    expect(decodeDescription("0xc328").text).toBeNull();
    expect(decodeDescription("0xeda080").text).toBeNull(); // an encoded surrogate
  });

  it("does not strip a byte-order mark", () => {
    expect(decodeDescription("0xefbbbf41").text).toBe("\ufeffA");
  });

  it.each(["48", "0x4", "0xzz"])("rejects %j", (hex) => {
    expect(() => decodeDescription(hex)).toThrow(RangeError);
  });
});

describe("visibleText", () => {
  it("turns control characters a browser would drop or act on into visible symbols, and keeps the rest", () => {
    expect(visibleText("a\u0000b\rc\u001b[31m\u007f")).toBe("a\u2400b\u240dc\u241b[31m\u2421");
    expect(visibleText("tab\tand\nnewline, \u202e bidi and 👩🏽‍⚕️")).toBe("tab\tand\nnewline, \u202e bidi and 👩🏽‍⚕️");
  });
});
