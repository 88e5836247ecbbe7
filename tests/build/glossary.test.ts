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
});
