import { describe, expect, it } from "vitest";
import { claimFirstUse, GLOSSARY_TERMS, glossaryHref } from "../../../../src/lib/views/glossary.ts";

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

  it("says yes to the first use of each term on a page only, each page on its own", () => {
    const page = {};
    const other = {};
    expect(claimFirstUse(page, "epoch")).toBe(true);
    expect(claimFirstUse(page, "veto")).toBe(true);
    expect(claimFirstUse(page, "epoch")).toBe(false);
    expect(claimFirstUse(page, "veto")).toBe(false);
    expect(claimFirstUse(other, "epoch")).toBe(true);
    expect(claimFirstUse(other, "epoch")).toBe(false);
  });
});
