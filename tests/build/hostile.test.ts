import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { visibleText } from "../../src/lib/description.ts";
import { listDist, parseHtml } from "../support/site/dist-files.ts";
import { HOSTILE_FIRST_UID } from "../support/site/hostile-content.ts";
import { hostileDescriptions } from "../support/site/hostile-corpus.ts";
import { BIDI_CONTROL_PATTERN, HOSTILE_MARKDOWN_SLUG } from "../support/site/hostile-markdown.ts";
import { disallowedScripts, PAGES_WITH_SCRIPTS } from "../support/site/script-pages.ts";

const DANGEROUS_URL = /^\s*(javascript|vbscript|data):/i;

describe("hostile on-chain descriptions", () => {
  const corpus = hostileDescriptions();

  it("covers at least 50 strings, invalid UTF-8 and a 1 MB description", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(corpus.some((d) => d.text === null)).toBe(true);
    expect(corpus.some((d) => (d.text?.length ?? 0) >= 1024 * 1024)).toBe(true);
  });

  it("are shown exactly, as text or as hex bytes, on each transfer page", async () => {
    const dist = inject("hostileDist");
    for (const [index, description] of corpus.entries()) {
      const uid = HOSTILE_FIRST_UID + index;
      const html = parseHtml(await readFile(path.join(dist, "transfers", String(uid), "index.html"), "utf8"));
      const shown = html.getElementById("description");
      expect(shown, `transfer ${uid}`).not.toBeNull();
      expect(shown?.text, `transfer ${uid}`).toBe(
        description.text === null ? description.hex : visibleText(description.text),
      );
    }
  });

  it("leave no executable construct anywhere in the built site", async () => {
    const dist = inject("hostileDist");
    const pages = (await listDist(dist)).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(corpus.length);
    // The hostile Markdown is part of the scan: a writeup and a report carry it.
    expect(pages).toEqual(
      expect.arrayContaining([`writeups/${HOSTILE_MARKDOWN_SLUG}/index.html`, "reports/2025-q4/index.html"]),
    );
    for (const page of pages) {
      const root = parseHtml(await readFile(path.join(dist, page), "utf8"));
      // The search page has its own bundled script and form, and nothing from the data: checked exactly.
      if (PAGES_WITH_SCRIPTS.has(page)) {
        expect(disallowedScripts(root), page).toEqual([]);
        for (const script of root.querySelectorAll("script")) script.remove();
      }
      if (page === "search/index.html") {
        expect(root.querySelectorAll("form").map((form) => form.id)).toEqual(["search-form"]);
        root.querySelector("form")?.remove();
      }
      // The take-part page's QR code is the one SVG: drawn at build time from the wallet address, a rectangle and a
      // path and nothing else (no script, link, foreignObject or style); checked exactly, then set aside.
      if (page === "take-part/index.html") {
        const qr = root.querySelectorAll("svg");
        expect(qr.map((svg) => svg.id)).toEqual(["wallet-qr"]);
        expect(qr[0]?.querySelectorAll("*").map((element) => element.tagName.toLowerCase())).toEqual(["rect", "path"]);
        qr[0]?.remove();
      }
      // The overview's charts are SVG drawn at build time (ChartSvg.astro): each an image holding only shapes, text,
      // its title and description and the nested plot (no script, link, foreignObject, use or style); checked
      // exactly, then set aside.
      if (page === "index.html") {
        const charts = root.querySelectorAll("svg.chart-svg");
        expect(charts.map((svg) => svg.id)).toEqual(["balance-chart", "flows-chart", "fees-chart"]);
        for (const chart of charts) {
          const tags = new Set(chart.querySelectorAll("*").map((element) => element.tagName.toLowerCase()));
          for (const tag of tags)
            expect(["title", "desc", "g", "line", "text", "svg", "rect", "path"], tag).toContain(tag);
          chart.remove();
        }
      }
      expect(root.querySelectorAll("script, iframe, object, embed, base, form, svg, math").length, page).toBe(0);
      expect(root.querySelectorAll('meta[http-equiv="refresh"]').length, page).toBe(0);
      // Astro's own hashed styles sit in <head>; nothing in the page body may style or restyle it.
      expect(root.querySelectorAll("body style, body link, body meta, body [style]").length, page).toBe(0);
      for (const element of root.querySelectorAll("*")) {
        for (const [name, value] of Object.entries(element.attributes)) {
          expect(name.toLowerCase().startsWith("on"), `${page}: <${element.tagName} ${name}>`).toBe(false);
          if (["href", "src", "action", "formaction", "style"].includes(name.toLowerCase())) {
            expect(DANGEROUS_URL.test(value) || /url\(/i.test(value), `${page}: ${name}="${value}"`).toBe(false);
          }
        }
      }
    }
  });

  it("leave no bidirectional override in rendered Markdown", async () => {
    const dist = inject("hostileDist");
    for (const page of [`writeups/${HOSTILE_MARKDOWN_SLUG}/index.html`, "reports/2025-q4/index.html"]) {
      const html = await readFile(path.join(dist, page), "utf8");
      const prose = parseHtml(html).querySelector(".prose");
      expect(prose?.textContent, page).toContain("SAFE-bidi");
      expect(BIDI_CONTROL_PATTERN.test(prose?.outerHTML ?? ""), page).toBe(false);
    }
  });
});
