import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { MAX_TITLE_LENGTH } from "../../src/lib/words.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { CHART_PAGES, distPathOf, isBundledChartScript, listDist } from "../support/site/dist-files.ts";
import { disallowedScripts, PAGES_WITH_SCRIPTS } from "../support/site/script-pages.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";
const KB = 1024;

const BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, caption, summary, figcaption";

async function htmlPages(dist: string) {
  const files = (await listDist(dist)).filter((file) => file.endsWith(".html"));
  return Promise.all(files.map(async (file) => ({ file, root: parse(await readFile(path.join(dist, file), "utf8")) })));
}

describe("every built page", () => {
  it("carries a content security policy without 'unsafe-inline', and a language and title", async () => {
    const pages = await htmlPages(inject("defaultDist"));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const { file, root } of pages) {
      const csp = root.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute("content") ?? "";
      expect(csp, file).toMatch(/default-src 'self'/);
      expect(csp, file).toMatch(/object-src 'none'/);
      // No 'wasm-unsafe-eval' anywhere: the search page runs no WebAssembly.
      expect(csp, file).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/);
      expect(csp.includes("'wasm-unsafe-eval'"), file).toBe(false);
      expect(root.querySelector("html")?.getAttribute("lang"), file).toBe("en");
      expect(root.querySelector("title")?.textContent.trim(), file).not.toBe("");
    }
  });

  // html-validate's long-title rule is off (.htmlvalidate.json): it counts the escaped source, so "<" costs four
  // characters. This is the same limit, on the text a reader sees, over every page of every build.
  it("keeps every document title within 70 characters, however long a contributor's title", async () => {
    for (const build of ["defaultDist", "fixtureDist", "hostileDist"] as const) {
      for (const { file, root } of await htmlPages(inject(build))) {
        const title = root.querySelector("title")?.textContent ?? "";
        expect(Array.from(title).length, `${build} ${file}: ${title}`).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
      }
    }
  });

  it("gives chart pages one bundled module script from the site itself, nothing inline", async () => {
    for (const { file, root } of (await htmlPages(inject("defaultDist"))).filter((page) =>
      CHART_PAGES.includes(page.file),
    )) {
      const scripts = root.querySelectorAll("script");
      expect(scripts.length, file).toBe(1);
      expect(scripts[0]?.getAttribute("type"), file).toBe("module");
      expect(scripts[0]?.getAttribute("src"), file).toMatch(/^\/_astro\/[\w.-]+\.js$/);
      expect(scripts[0]?.textContent.trim(), file).toBe("");
      expect(scripts.every(isBundledChartScript), file).toBe(true);
      // The external script is allowed by script-src 'self'; no inline allowance is needed or given.
      const csp = root.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute("content") ?? "";
      expect(csp, file).toMatch(/script-src 'self'/);
      expect(csp, file).not.toMatch(/unsafe-inline/);
    }
  });

  it("ships no JavaScript except on the search page and the overview, and there only as bundled modules", async () => {
    const pages = await htmlPages(inject("defaultDist"));
    for (const { file, root } of pages) {
      if (PAGES_WITH_SCRIPTS.has(file)) expect(disallowedScripts(root), file).toEqual([]);
      else {
        expect(root.querySelectorAll("script").length, file).toBe(0);
        expect(root.querySelectorAll("canvas").length, file).toBe(0);
      }
    }
    // The exception is in use (the search page has its script), so the allowance cannot silently cover nothing.
    const search = pages.find((page) => page.file === "search/index.html");
    expect(search?.root.querySelectorAll('script[type="module"][src^="/_astro/"]').length).toBe(1);
  });

  // Every build, so the paginated lists of the paged build (many pages per list) are covered too.
  for (const build of ["defaultDist", "fixtureDist", "hostileDist", "pagedDist"] as const) {
    it(`links only to pages and files that exist (${build})`, async () => {
      const dist = inject(build);
      const files = new Set(await listDist(dist));
      let checked = 0;
      for (const { file, root } of await htmlPages(dist)) {
        for (const element of root.querySelectorAll("a[href], link[href]")) {
          const href = element.getAttribute("href") ?? "";
          if (!href.startsWith("/")) continue;
          expect(files.has(distPathOf(href)), `${file} links to ${href}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it("links to the later pages of long lists (the link check reaches them)", async () => {
    const root = parse(await readFile(path.join(inject("pagedDist"), "transfers/index.html"), "utf8"));
    expect(root.querySelector('a[href="/transfers/page/2/"]')).not.toBeNull();
  });

  it("keeps a space between words and inline elements that start or end a template line", async () => {
    // Astro drops whitespace that contains a line break between text and a tag, so `as\n<em>x</em>` renders as
    // "asx". Templates end such lines with {" "}; this catches any that do not.
    const glued = /[A-Za-z,.;:]<(a|em|strong|code)[\s>]|<\/(a|em|strong|code)>[A-Za-z]/;
    for (const dist of [inject("defaultDist"), inject("fixtureDist")]) {
      for (const { file, root } of await htmlPages(dist)) {
        const main = root.querySelector("main")?.innerHTML ?? "";
        expect(main.match(glued)?.[0] ?? null, file).toBeNull();
      }
    }
    expect("as<em>overdue</em>").toMatch(glued);
  });

  it("keeps a space between words and figures that start a template line", async () => {
    // The same whitespace rule glues text to an expression on the next line: "paid,\n{count}" -> "paid,0".
    const glued = /[a-z][,;]\d|[a-z][.;][A-Z]|[A-Za-z]\(\d|\d[A-Z]{3,}/;
    for (const dist of [inject("defaultDist"), inject("fixtureDist")]) {
      for (const { file, root } of await htmlPages(dist)) {
        const main = root.querySelector("main");
        if (!main) continue;
        for (const code of main.querySelectorAll("code, pre, script")) code.remove();
        // Only text that flows on one line: blocks with no block inside (adjacent blocks have no space between).
        const blocks = main.querySelectorAll(BLOCKS).filter((block) => block.querySelector(BLOCKS) === null);
        for (const block of blocks) expect(block.textContent.match(glued)?.[0] ?? null, file).toBeNull();
      }
    }
    expect("1 transfer paid,0 waiting").toMatch(glued);
    expect("150.00 LIBRA(150,000,000 units)").toMatch(glued);
    expect("35,708.455381LIBRA").toMatch(glued);
  });

  it("marks the current section in the header", async () => {
    const html = parse(await readFile(path.join(inject("defaultDist"), "methodology/index.html"), "utf8"));
    expect(html.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("How it works");
  });
});

describe("the overview's script", () => {
  async function overviewBundle() {
    const dist = inject("defaultDist");
    const html = parse(await readFile(path.join(dist, "index.html"), "utf8"));
    const src = html.querySelector("script[src]")?.getAttribute("src") ?? "";
    expect(src).toMatch(/^\/_astro\//);
    const entry = await readFile(path.join(dist, src.slice(1)), "utf8");
    return { dist, html, entry };
  }

  it("is the freshness note and the chart buttons; Chart.js is one chunk fetched only on a tap", async () => {
    const { dist, entry } = await overviewBundle();
    // No static import: what the page runs on load is this one small file.
    expect(entry).not.toMatch(/\bfrom\s*["'`]|\bimport\s*["'`]/);
    // One dynamic import, the interactive chart, inside the buttons' click handler (nothing of it on load).
    const chunks = [...entry.matchAll(/\bimport\s*\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g)].map((m) => m[1]);
    expect(chunks).toHaveLength(1);
    // Chart.js classes keep their ids (`static id = "bar"`) through minification: in the chunk, not the entry.
    expect(entry).not.toMatch(/static id\s*=|getContext\(/);
    expect(gzipSync(entry).length).toBeLessThanOrEqual(2 * KB);
    const chunk = await readFile(path.join(dist, "_astro", chunks[0] ?? ""), "utf8");
    expect(chunk).toMatch(/static id\s*=\s*[`"']bar[`"']/);
    // Tree-shaken: no chart types, scales or plugins beyond what EXPLORE_CHART_COMPONENTS registers.
    for (const unused of ["doughnut", "radar", "polarArea", "logarithmic", "radialLinear", "timeseries", "filler"]) {
      expect(chunk, unused).not.toMatch(new RegExp(`static id\\s*=\\s*[\`"']${unused}[\`"']`));
    }
    // Even a reader who taps stays within the 60 kB of JavaScript a chart page may load.
    expect(gzipSync(entry).length + gzipSync(chunk).length).toBeLessThanOrEqual(60 * KB);
  });

  it("leaves the overview at most 120 kB gzipped with its stylesheet and script", async () => {
    const { dist, html, entry } = await overviewBundle();
    let pageGz = gzipSync(await readFile(path.join(dist, "index.html"))).length + gzipSync(entry).length;
    for (const link of html.querySelectorAll('link[rel="stylesheet"]')) {
      pageGz += gzipSync(await readFile(path.join(dist, (link.getAttribute("href") ?? "").slice(1)))).length;
    }
    expect(pageGz).toBeLessThanOrEqual(120 * KB);
  });
});

describe("data downloads", () => {
  it("serve every committed snapshot file byte for byte", async () => {
    const dist = inject("defaultDist");
    for (const file of ["manifest.json", "ledger.json", "meta.json", "transfers.json"]) {
      const served = await readFile(path.join(dist, "data/snapshot", file), "utf8");
      expect(served, file).toBe(await readFile(path.join(repoRoot, "content/snapshots", SIP, file), "utf8"));
    }
    expect(await readFile(path.join(dist, "schema/ledger.schema.json"), "utf8")).toBe(
      await readFile(path.join(repoRoot, "public/schema/ledger.schema.json"), "utf8"),
    );
  });
});

describe("table downloads", () => {
  it("have one CSV and one JSON row per record, matching the committed snapshot to the base unit", async () => {
    const dist = inject("defaultDist");
    const transfers = JSON.parse(
      await readFile(path.join(repoRoot, "content/snapshots", SIP, "transfers.json"), "utf8"),
    );
    const csv = await readFile(path.join(dist, "data/transfers.csv"), "utf8");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n").length - 2).toBe(transfers.length);
    const json = JSON.parse(await readFile(path.join(dist, "data/transfers.json"), "utf8"));
    expect(json).toHaveLength(transfers.length);
    for (const transfer of transfers) {
      const row = json.find((r: { uid: string }) => r.uid === transfer.uid);
      expect(row.amount_units, transfer.uid).toBe(transfer.amount);
      expect(row.status, transfer.uid).toBe(transfer.status);
    }
    const ledger = JSON.parse(await readFile(path.join(dist, "data/ledger.json"), "utf8"));
    const committed = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "ledger.json"), "utf8"));
    expect(ledger).toHaveLength(committed.entries.length);
    const wallet = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "wallet.json"), "utf8"));
    expect(ledger[ledger.length - 1].balance_after_units).toBe(wallet.balance.coinStoreValue);
  });
});

describe("what changed", () => {
  it("lists one entry per snapshot run, newest first, in plain words", async () => {
    const changes = JSON.parse(await readFile(path.join(repoRoot, "content/snapshots", SIP, "changes.json"), "utf8"));
    const html = parse(await readFile(path.join(inject("defaultDist"), "changes/index.html"), "utf8"));
    const entries = html.querySelectorAll(".change-list > li");
    expect(entries.length).toBe(changes.length);
    expect(entries[0]?.getAttribute("id")).toBe(`v${changes[changes.length - 1].ledgerVersion}`);
    expect(entries[entries.length - 1]?.querySelector("h2")?.textContent).toMatch(/^First snapshot of /);
    const text = html.textContent.replace(/\s+/g, " ");
    // Status changes say when they happened; tallies, the reconciled balance and fees come in the same words
    // as `npm run diff` (tests/integration/diff-cli.test.ts).
    expect(text).toMatch(
      /Transfer #10 \(150,000\.00 LIBRA to Mutual Insurance Pool\) went from overdue \(the wallet was short when it fell due\) to paid in epoch 490 \(payment at ledger version 498\)\./,
    );
    expect(text).toContain(
      "Donors opened veto ballot #18 against transfer #17: turnout 38.96 %, 100.00 % of the votes cast for stopping it; passed, so the transfer is stopped.",
    );
    expect(text).toMatch(/Balance up [\d,.]+ LIBRA, now [\d,.]+ LIBRA: [\d,.]+ LIBRA before \+ [\d,.]+ LIBRA donated/);
    expect(text).toContain("Administrative fees paid so far: 14,550.00 LIBRA, up 1,050.00 LIBRA.");
  });

  it("tells the feed exactly what the page says, entry for entry", async () => {
    const dist = inject("defaultDist");
    const page = parse(await readFile(path.join(dist, "changes/index.html"), "utf8"));
    const feed = parse(await readFile(path.join(dist, "feed.xml"), "utf8"), { lowerCaseTagName: false });
    const entries = page.querySelectorAll(".change-list > li");
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) {
      const id = entry.getAttribute("id") ?? "";
      const item = feed
        .querySelectorAll("entry")
        .find((e) => e.querySelector("link")?.getAttribute("href")?.endsWith(`/changes/#${id}`));
      const sentences = entry.querySelectorAll("ul > li").map((li) => li.textContent.replace(/\s+/g, " ").trim());
      expect(item?.querySelector("title")?.textContent).toBe(entry.querySelector("h2")?.textContent.trim());
      expect(item?.querySelector("summary")?.textContent).toBe(sentences.join(" "));
    }
  });
});

describe("sitemap", () => {
  it("lists the pages at the configured site address, without the 404 page", async () => {
    const xml = await readFile(path.join(inject("defaultDist"), "sitemap-0.xml"), "utf8");
    expect(xml).toContain("<loc>https://ledgerlight.example.org/methodology/</loc>");
    expect(xml).toContain("<loc>https://ledgerlight.example.org/changes/</loc>");
    // Not "404" anywhere: community wallet addresses are hex and may contain it.
    expect(xml).not.toMatch(/\/404[./<]/);
  });
});
