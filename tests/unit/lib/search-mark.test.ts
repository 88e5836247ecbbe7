import { describe, expect, it } from "vitest";
import { mainTagMarked } from "../../../src/lib/search-mark.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");
const page = (main: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>Ledger · Program</title></head><body><header><a href="/">Program</a></header>${main}<h1>Ledger</h1></main></body></html>`;

describe("mainTagMarked: whether a page's <main> carries the search mark, from its first bytes", () => {
  it("is true for BaseLayout's marked <main> and false for its unmarked one", () => {
    expect(mainTagMarked(bytes(page('<main id="main" data-pagefind-body="">')))).toBe(true);
    expect(mainTagMarked(bytes(page('<main id="main">')))).toBe(false);
    expect(mainTagMarked(bytes(page("<main data-pagefind-body>")))).toBe(true);
    expect(mainTagMarked(bytes(page("<main>")))).toBe(false);
  });

  it("looks at <main>'s own attributes only: the mark in the text after it, or a longer attribute name, is not it", () => {
    expect(mainTagMarked(bytes(page('<main id="main"><p>data-pagefind-body</p>')))).toBe(false);
    expect(mainTagMarked(bytes(page('<main id="main" data-pagefind-body-x="">')))).toBe(false);
  });

  it("skips a tag that only starts like <main", () => {
    expect(mainTagMarked(bytes(page('<mainly x="1"><main id="main" data-pagefind-body="">')))).toBe(true);
  });

  it("does not know until the tag is whole: no <main yet, or its > not yet read", () => {
    const marked = page('<main id="main" data-pagefind-body="">');
    const tag = marked.indexOf("<main");
    expect(mainTagMarked(bytes(marked.slice(0, tag)))).toBeUndefined();
    expect(mainTagMarked(bytes(marked.slice(0, tag + 5)))).toBeUndefined();
    expect(mainTagMarked(bytes(marked.slice(0, tag + 20)))).toBeUndefined();
    expect(mainTagMarked(bytes(marked.slice(0, marked.indexOf(">", tag) + 1)))).toBe(true);
    expect(mainTagMarked(bytes(""))).toBeUndefined();
  });
});
