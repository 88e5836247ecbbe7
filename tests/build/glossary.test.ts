import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { GLOSSARY_TERMS } from "../../src/lib/views/glossary.ts";
import { listDist } from "../support/site/dist-files.ts";

let dist: string;
let htmlFiles: string[];
beforeAll(async () => {
  dist = inject("defaultDist");
  htmlFiles = (await listDist(dist)).filter((file) => file.endsWith(".html"));
});

describe("glossary", () => {
  it("has an entry with an anchor for every term, including the ones the issue names", async () => {
    const root = parse(await readFile(path.join(dist, "glossary/index.html"), "utf8"));
    const ids = root.querySelectorAll("dl.glossary dt").map((dt) => dt.getAttribute("id"));
    expect(ids).toEqual(GLOSSARY_TERMS.map((entry) => entry.id));
    for (const id of ["epoch", "ledger-version", "base-unit", "donor-voice", "veto", "steward", "advance"]) {
      expect(ids).toContain(id);
    }
    for (const dd of root.querySelectorAll("dl.glossary dd")) expect(dd.textContent.trim().length).toBeGreaterThan(40);
    expect(root.querySelector('header a[href="/glossary/"]')).not.toBeNull();
  });

  it("links every glossary word to an existing entry, and each term at most once per page", async () => {
    const glossary = parse(await readFile(path.join(dist, "glossary/index.html"), "utf8"));
    const anchors = new Set(glossary.querySelectorAll("[id]").map((node) => node.getAttribute("id")));
    let pagesWithTerms = 0;
    for (const file of htmlFiles) {
      const root = parse(await readFile(path.join(dist, file), "utf8"));
      const links = root.querySelectorAll("a.term");
      if (links.length > 0) pagesWithTerms++;
      const seen = new Set<string>();
      for (const link of links) {
        const href = link.getAttribute("href") ?? "";
        expect(href, file).toMatch(/^\/glossary\/#[a-z-]+$/);
        const id = href.slice("/glossary/#".length);
        expect(anchors.has(id), `${file}: ${href}`).toBe(true);
        expect(seen.has(id), `${file}: ${href} linked twice`).toBe(false);
        seen.add(id);
      }
    }
    expect(pagesWithTerms).toBeGreaterThan(20);
  });

  it("links a term at its first use: a later use on the same page is plain text", async () => {
    // The transfer page writes "base units" in its facts and again in the allowance; only the first is a link.
    const root = parse(await readFile(path.join(dist, "transfers/4/index.html"), "utf8"));
    const html = root.querySelector("main")?.innerHTML ?? "";
    const first = html.indexOf("base unit");
    expect(first).toBeGreaterThan(-1);
    expect(html.slice(0, first)).toMatch(/<a class="term" href="\/glossary\/#base-unit">$/);
    expect(html.indexOf("base unit", first + 1)).toBeGreaterThan(first);
    expect(root.querySelectorAll('a.term[href="/glossary/#base-unit"]')).toHaveLength(1);
    const methodology = parse(await readFile(path.join(dist, "methodology/index.html"), "utf8"));
    expect(methodology.querySelectorAll("a.term").map((a) => a.getAttribute("href"))).toEqual(
      expect.arrayContaining([
        "/glossary/#epoch",
        "/glossary/#ledger-version",
        "/glossary/#veto",
        "/glossary/#donor-voice",
      ]),
    );
  });

  it("decides first use as the page renders, in document order, on every page", async () => {
    // Term.astro links the first <Term> Astro renders per page; Astro renders a page's components in document
    // order, also past components that await data (FeeBreakdown, FiguresAsOf). Checked with the phrases that only
    // ever appear through <Term> (headings aside), so their first appearance in the text must be the link.
    const phrases: Record<string, string> = {
      "base-unit": "base unit",
      "fee-cap": "fee cap",
      "basis-point": "basis point",
      "donor-voice": "donor voice",
    };
    let checked = 0;
    for (const file of htmlFiles) {
      const html = await readFile(path.join(dist, file), "utf8");
      const main = /<main[\s\S]*<\/main>/.exec(html)?.[0];
      if (main === undefined) continue;
      // The text of <main> without headings, each glossary link's opening tag kept as a marker.
      const text = main
        .replace(/<h([1-6])[^>]*>[\s\S]*?<\/h\1>/g, "")
        .replace(/<a class="term" href="\/glossary\/#([a-z-]+)">/g, "\u0001$1\u0001")
        .replace(/<[^>]*>/g, "")
        .toLowerCase();
      for (const [id, phrase] of Object.entries(phrases)) {
        const marker = `\u0001${id}\u0001`;
        const link = text.indexOf(marker);
        if (link === -1) continue;
        checked++;
        expect(text.indexOf(phrase), `${file}: the first "${phrase}" is not the link`).toBe(link + marker.length);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
