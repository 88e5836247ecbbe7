import { describe, expect, it } from "vitest";
import { GLOSSARY_TERMS, glossaryHref, linkFirstUseOnly } from "../../../../src/lib/views/glossary.ts";

const link = (id: string, text: string) => `<a class="term" href="/glossary/#${id}">${text}</a>`;

describe("glossary links", () => {
  it("has the terms the site needs, each once", () => {
    const ids = GLOSSARY_TERMS.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      "epoch",
      "ledger-version",
      "base-unit",
      "donor-voice",
      "veto",
      "steward",
      "advance",
      "transfer",
    ]) {
      expect(ids).toContain(id);
    }
  });

  it("refuses an unknown term, so a typo cannot become a broken link", () => {
    expect(glossaryHref("epoch")).toBe("/glossary/#epoch");
    expect(() => glossaryHref("epoc")).toThrow(/no glossary entry "epoc"/);
  });

  it("keeps the first link to each term and turns later ones into their words", () => {
    const html = `<p>${link("epoch", "epoch")} then ${link("veto", "veto")}; two ${link("epoch", "epochs")} later ${link("veto", "vetoed")}.</p>`;
    expect(linkFirstUseOnly(html)).toBe(
      `<p>${link("epoch", "epoch")} then ${link("veto", "veto")}; two epochs later vetoed.</p>`,
    );
  });

  it("leaves other links alone, including ordinary links to the glossary", () => {
    const html = `<a href="/glossary/#epoch">Glossary</a> <a class="term-x" href="/glossary/#epoch">x</a> ${link("epoch", "epoch")} ${link("epoch", "epoch")}`;
    expect(linkFirstUseOnly(html)).toBe(
      `<a href="/glossary/#epoch">Glossary</a> <a class="term-x" href="/glossary/#epoch">x</a> ${link("epoch", "epoch")} epoch`,
    );
  });
});
