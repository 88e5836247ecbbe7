import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "../support/site/build-site.ts";
import { distPathOf, listDist } from "../support/site/dist-files.ts";
import { disallowedScripts, PAGES_WITH_SCRIPTS } from "../support/site/script-pages.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

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
      // 'wasm-unsafe-eval' (compiling WebAssembly, not evaluating strings) only where Pagefind runs.
      expect(csp, file).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/);
      expect(csp.includes("'wasm-unsafe-eval'"), file).toBe(file === "search/index.html");
      expect(root.querySelector("html")?.getAttribute("lang"), file).toBe("en");
      expect(root.querySelector("title")?.textContent.trim(), file).not.toBe("");
    }
  });

  it("ships no JavaScript except on the search page and the overview, and there only as bundled modules", async () => {
    const pages = await htmlPages(inject("defaultDist"));
    for (const { file, root } of pages) {
      if (PAGES_WITH_SCRIPTS.has(file)) expect(disallowedScripts(root), file).toEqual([]);
      else expect(root.querySelectorAll("script").length, file).toBe(0);
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

  it("marks the current section in the header", async () => {
    const html = parse(await readFile(path.join(inject("defaultDist"), "methodology/index.html"), "utf8"));
    expect(html.querySelector('nav a[aria-current="page"]')?.textContent.trim()).toBe("How it works");
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
    expect(html.textContent).toMatch(
      /Transfer #10 went from overdue \(the wallet was short when it fell due\) to paid\./,
    );
  });
});

describe("sitemap", () => {
  it("lists the pages at the configured site address, without the 404 page", async () => {
    const xml = await readFile(path.join(inject("defaultDist"), "sitemap-0.xml"), "utf8");
    expect(xml).toContain("<loc>https://ledgerlight.example.org/methodology/</loc>");
    expect(xml).toContain("<loc>https://ledgerlight.example.org/changes/</loc>");
    expect(xml).not.toContain("404");
  });
});
