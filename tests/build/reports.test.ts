import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { listDist, parseHtml } from "../support/site/dist-files.ts";
import { HOSTILE_MARKDOWN_SLUG } from "../support/site/hostile-markdown.ts";

async function page(dist: string, file: string) {
  return parse(await readFile(path.join(dist, file), "utf8"));
}

const squash = (value: string | undefined) => value?.replace(/\s+/g, " ").trim();

describe("reports built from fixture content", () => {
  it("are listed on the index: quarterly reports newest first, then writeups, drafts labelled", async () => {
    const root = await page(inject("fixtureDist"), "reports/index.html");
    const reports = root.querySelectorAll(".quarterly-list > li");
    expect(reports.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual([
      "/reports/2025-q4/",
      "/reports/2025-q3/",
    ]);
    expect(reports.map((li) => squash(li.querySelector("h3")?.textContent))).toEqual([
      "Fourth quarter 2025",
      "Draft Third quarter 2025",
    ]);
    expect(squash(reports[1]?.textContent)).toContain("2025 Q3 · Published 10 Oct 2025");
    const writeups = root.querySelectorAll(".writeups-list > li");
    expect(writeups.map((li) => li.querySelector("a")?.getAttribute("href"))).toEqual(["/writeups/program-note/"]);
    expect(root.querySelector(".writeups-list .draft-label")).toBeNull();
    expect(root.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("Reports");
  });

  it("each have a page with title, authors, date, draft label and the rendered Markdown", async () => {
    const dist = inject("fixtureDist");
    const final = await page(dist, "reports/2025-q4/index.html");
    expect(squash(final.querySelector("h1")?.textContent)).toBe("Fourth quarter 2025");
    expect(final.querySelectorAll(".publication-header > *").map((element) => squash(element.textContent))).toEqual([
      "Quarterly report, 2025 Q4",
      "Fourth quarter 2025",
      "By Fixture Steward and Second Author. Published 10 Jan 2026.",
    ]);
    expect(final.querySelector(".draft-label")).toBeNull();
    expect(squash(final.querySelector(".prose")?.textContent)).toBe("The fixture's final report.");
    const draft = await page(dist, "reports/2025-q3/index.html");
    expect(squash(draft.querySelector(".draft-note")?.textContent)).toBe(
      "Draft This text is not final and may still change.",
    );
    expect(draft.querySelector(".prose h2")?.textContent).toBe("Draft text");
    const note = await page(dist, "writeups/program-note/index.html");
    expect(note.querySelector('.prose a[href="/donors/"]')?.textContent).toBe("link to the donors");
    expect(note.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("Reports");
  });
});

describe("reports built from the committed content", () => {
  it("list the committed report and program note, and each page exists", async () => {
    const dist = inject("defaultDist");
    const files = new Set(await listDist(dist));
    const root = await page(dist, "reports/index.html");
    const hrefs = root.querySelectorAll(".publication-list a").map((a) => a.getAttribute("href") ?? "");
    expect(hrefs).toEqual(["/reports/2025-q3/", "/writeups/about-this-site/"]);
    for (const href of hrefs) expect(files.has(`${href.slice(1)}index.html`), href).toBe(true);
    expect(root.querySelector(".quarterly-list .draft-label")?.textContent).toBe("Draft");
    expect(root.querySelector('nav a[href="/reports/"]')).not.toBeNull();
  });
});

describe("hostile Markdown", () => {
  for (const file of [`writeups/${HOSTILE_MARKDOWN_SLUG}/index.html`, "reports/2025-q4/index.html"]) {
    it(`keeps the prose and shows frontmatter as text in ${file}`, async () => {
      const root = parseHtml(await readFile(path.join(inject("hostileDist"), file), "utf8"));
      const prose = root.querySelector(".prose");
      expect(prose).not.toBeNull();
      for (const marker of ["SAFE-heading", "SAFE-paragraph", "SAFE-after-inline-script", "SAFE-bidi", "SAFE-table"]) {
        expect(prose?.textContent, marker).toContain(marker);
      }
      expect(prose?.querySelector("pre code")?.textContent).toBe('<script>alert("SAFE-code-block")</script>\n');
      expect(root.querySelector("h1")?.textContent).toBe("<script>alert('title')</script> SAFE-title");
      // The document title is clipped to 70 characters (documentTitle); the heading above carries the whole title.
      expect(root.querySelector("title")?.textContent).toMatch(/^<script>alert\('title'\)<\/script> SAFE-/);
      expect(squash(root.querySelector(".publication-header")?.textContent)).toContain(
        "By <b onmouseover=alert(1)>author</b>.",
      );
    });
  }
});
