import { describe, expect, it } from "vitest";
import { packTexts } from "../../../src/lib/packed-texts.ts";

describe("packTexts", () => {
  it("gives back each text as it was, empty ones and Latin-1 ones included", () => {
    const texts = ["1,000.00", "", "7", "12,345,678.901234", "", "café ½", "0.000001"];
    const packed = packTexts(texts);
    expect(packed.length).toBe(texts.length);
    expect(texts.map((_, index) => packed.at(index))).toEqual(texts);
  });

  it("holds none of the texts it was given: changing the array later changes nothing", () => {
    const texts = ["a", "bb", "ccc"];
    const packed = packTexts(texts);
    texts[1] = "changed";
    texts.length = 0;
    expect([packed.at(0), packed.at(1), packed.at(2)]).toEqual(["a", "bb", "ccc"]);
    expect(packed.length).toBe(3);
  });

  it("refuses a text beyond Latin-1, naming it, and an index it does not have", () => {
    expect(() => packTexts(["1.00", "2.00", "\u22123.00"])).toThrow(
      /packed text 2 has a character beyond Latin-1: "−3.00"/,
    );
    expect(() => packTexts(["ok", "€"])).toThrow(/packed text 1/);
    const packed = packTexts(["a", "b"]);
    for (const index of [-1, 2, 0.5, Number.NaN]) expect(() => packed.at(index)).toThrow(/no packed text/);
    expect(packTexts([]).length).toBe(0);
  });
});
