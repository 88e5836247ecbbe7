import { describe, expect, it } from "vitest";
import { foldText, indexForms, indexTerms, queryWords } from "../../../../src/lib/search/tokenize.ts";

describe("site search words", () => {
  it("lower-cases, folds diacritics and splits on anything not a letter or a digit", () => {
    expect(foldText("Café ÅNGSTRÖM")).toBe("cafe angstrom");
    expect(queryWords("Mutual-Health Plan (Café), über/naïve #12")).toEqual([
      "mutual",
      "health",
      "plan",
      "cafe",
      "uber",
      "naive",
      "12",
    ]);
  });

  it("keeps a number's separators between digits, and splits other dotted runs", () => {
    expect(queryWords("Amount 3,951.828018 LIBRA. Transfer #10023. v1.2 a.b 2024-03-05")).toEqual([
      "amount",
      "3,951.828018",
      "libra",
      "transfer",
      "10023",
      "v1",
      "2",
      "a",
      "b",
      "2024",
      "03",
      "05",
    ]);
  });

  it("indexes a number whole, without its thousands separators, by its integer part and by its groups", () => {
    expect(indexForms("3,951.828018").sort()).toEqual(
      ["3,951.828018", "3951.828018", "3,951", "3951", "3", "951", "828018"].sort(),
    );
    expect(indexForms("10023")).toEqual(["10023"]);
  });

  it("indexes an address whole, without 0x and without its leading zeros", () => {
    expect(indexForms("0x000019e966bf")).toEqual(["0x000019e966bf", "19e966bf"]);
    expect([...indexTerms("To Alice 0x19E9…B96D2")]).toEqual(["to", "alice", "0x19e9", "19e9", "b96d2"]);
  });
});
