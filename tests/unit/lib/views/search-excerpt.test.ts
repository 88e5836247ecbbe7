import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildExcerpt, MAX_WORD_LENGTH } from "../../../../src/lib/views/search-excerpt.ts";

const render = (content: string, locations: number[], length?: number) =>
  buildExcerpt(content, locations, length)
    .map((part) => (part.marked ? `[${part.text}]` : part.text))
    .join("");

describe("buildExcerpt", () => {
  it("marks the matched words of a short text", () => {
    expect(render("Transfer #1042 to Mutual Health Plan", [1, 4])).toBe("Transfer [#1042] to Mutual [Health] Plan");
  });

  it("keeps markup-like text exactly as text, with nothing decoded or escaped", () => {
    const parts = buildExcerpt('<img src=x onerror="alert(1)"> &lt;b&gt; &amp;', [2]);
    expect(parts).toEqual([
      { text: "<img src=x ", marked: false },
      { text: 'onerror="alert(1)">', marked: true },
      { text: " &lt;b&gt; &amp;", marked: false },
    ]);
  });

  it("shows a window around the first match, with ellipses where text is left out", () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(" ");
    expect(render(words, [50], 8)).toBe("… w48 w49 [w50] w51 w52 w53 w54 w55 …");
    expect(render(words, [1], 8)).toBe("w0 [w1] w2 w3 w4 w5 w6 w7 …");
    expect(render(words, [99], 8)).toBe("… w92 w93 w94 w95 w96 w97 w98 [w99]");
    expect(render(words, [], 4)).toBe("w0 w1 w2 w3 …");
  });

  it("counts words as Pagefind does (any whitespace but U+FEFF) and collapses the separators", () => {
    expect(render("a\tb\n\nc\u00a0d e\ufefff", [3, 4])).toBe("a b c [d] [e\ufefff]");
    expect(render(" lead and trail ", [1])).toBe("[lead] and trail");
  });

  it("cuts very long words, so a 1 MB description stays a short excerpt", () => {
    const parts = buildExcerpt(`<b>${"x".repeat(1024 * 1024)}</b> end`, [0]);
    expect([...(parts[0]?.text ?? "")].length).toBe(MAX_WORD_LENGTH);
    expect(parts[0]?.text.endsWith("…")).toBe(true);
    expect(parts[1]?.text).toBe(" end");
  });

  it("ignores positions outside the text and returns nothing for empty text", () => {
    expect(render("one two", [-1, 2, 1.5, 7])).toBe("one two");
    expect(buildExcerpt("   ", [0])).toEqual([]);
  });

  it("only ever returns words of the content (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.nat(50)), (content, locations) => {
        const text = buildExcerpt(content, locations, 10)
          .map((part) => part.text)
          .join("");
        const words = new Set(content.split(/[^\S\uFEFF]+/u));
        for (const word of text.replace(/^… | …$/g, "").split(" ")) {
          if (word === "") continue;
          expect(words.has(word) || word.endsWith("…")).toBe(true);
        }
      }),
    );
  });
});
