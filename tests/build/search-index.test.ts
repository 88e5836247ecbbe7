import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { SEARCH_PAGES_FILE, SEARCH_RECORDS_FILE } from "../../src/integrations/search-index.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";
import { HOSTILE_FIRST_UID } from "../support/site/hostile-content.ts";
import { HOSTILE_TEXTS } from "../support/site/hostile-corpus.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
}

/** Pagefind's per-page records: gzip files holding `pagefind_dcd` followed by JSON. */
async function readFragments(dist: string): Promise<Fragment[]> {
  const dir = path.join(dist, "pagefind/fragment");
  const files = (await readdir(dir)).filter((file) => file.endsWith(".pf_fragment"));
  return Promise.all(
    files.map(async (file) => {
      const text = gunzipSync(await readFile(path.join(dir, file))).toString("utf8");
      expect(text.startsWith("pagefind_dcd"), file).toBe(true);
      return JSON.parse(text.slice("pagefind_dcd".length)) as Fragment;
    }),
  );
}

/** The pages marked for indexing (`<main data-pagefind-body>`), as URLs. */
async function searchablePages(dist: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of (await listDist(dist)).filter((name) => name.endsWith(".html"))) {
    const root = parse(await readFile(path.join(dist, file), "utf8"));
    if (root.querySelector("main[data-pagefind-body]")) out.push(`/${file.replace(/index\.html$/, "")}`);
  }
  return out.sort();
}

describe("search index (Pagefind) of the committed content", () => {
  it("is written by the build and covers exactly the pages marked for search", async () => {
    const dist = inject("defaultDist");
    const entry = JSON.parse(await readFile(path.join(dist, "pagefind/pagefind-entry.json"), "utf8"));
    const fragments = await readFragments(dist);
    const indexed = fragments.map((fragment) => fragment.url).sort();
    expect(indexed).toEqual(await searchablePages(dist));
    expect(entry.languages.en.page_count).toBe(indexed.length);
    for (const file of ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"]) {
      await expect(readFile(path.join(dist, "pagefind", file)), file).resolves.toBeDefined();
    }
  });

  it("holds every transfer page with its uid, payee and description, and the record pages", async () => {
    const dist = inject("defaultDist");
    const fragments = new Map((await readFragments(dist)).map((fragment) => [fragment.url, fragment]));
    const transfers = JSON.parse(
      await readFile(path.join(repoRoot, "content/snapshots", SIP, "transfers.json"), "utf8"),
    ) as Array<{ uid: string; description: { text: string | null } }>;
    for (const transfer of transfers) {
      const fragment = fragments.get(`/transfers/${transfer.uid}/`);
      expect(fragment?.meta.title, transfer.uid).toBe(`Transfer #${transfer.uid}`);
      if (transfer.description.text) {
        expect(fragment?.content, transfer.uid).toContain(transfer.description.text.trim().split(/\s+/)[0]);
      }
    }
    expect([...fragments.values()].some((fragment) => fragment.content.includes("Mutual Health Plan"))).toBe(true);
    for (const url of ["/vetoes/", "/methodology/", "/donors/", "/changes/", "/"]) {
      expect(fragments.has(url), url).toBe(true);
    }
  });

  it("leaves out page chrome, list pages that repeat the records, the search page and the 404 page", async () => {
    const fragments = await readFragments(inject("defaultDist"));
    const urls = new Set(fragments.map((fragment) => fragment.url));
    for (const url of ["/transfers/", "/transfers/status/paid/", "/search/", "/404.html", "/404/"]) {
      expect(urls.has(url), url).toBe(false);
    }
    for (const fragment of fragments) {
      expect(fragment.content, fragment.url).not.toContain("Built by Ledgerlight");
      expect(fragment.content, fragment.url).not.toContain("Skip to content");
      expect(fragment.content, fragment.url).not.toMatch(/\bAll transfers\b.*Transfer #/);
    }
  });
});

describe("search index of a site of several wallets (npm run build: the search step after each Astro build)", () => {
  it("is written for every wallet's site, and the records hand-over file is published nowhere", async () => {
    const dist = inject("walletsDist");
    const files = await listDist(dist);
    const entries = files.filter((file) => file.endsWith("pagefind/pagefind-entry.json"));
    // The main site and the second wallet's, under wallets/<slug>/.
    expect(entries).toHaveLength(2);
    expect(entries.some((file) => file.startsWith("wallets/"))).toBe(true);
    for (const entry of entries) {
      const site = path.join(dist, path.dirname(path.dirname(entry)));
      expect((await readFragments(site)).length, entry).toBeGreaterThan(0);
    }
    for (const handOver of [SEARCH_RECORDS_FILE, SEARCH_PAGES_FILE]) {
      expect(files.filter((file) => file.endsWith(handOver))).toEqual([]);
    }
    const manifest = await readFile(path.join(dist, "manifest.sha256"), "utf8");
    expect(manifest).toContain("pagefind/pagefind-entry.json");
    expect(manifest).not.toContain(SEARCH_RECORDS_FILE);
    expect(manifest).not.toContain(SEARCH_PAGES_FILE);
  });

  it("leaves no hand-over file in a plain astro build either", async () => {
    const files = await listDist(inject("defaultDist"));
    expect(files.filter((file) => file.endsWith(SEARCH_RECORDS_FILE) || file.endsWith(SEARCH_PAGES_FILE))).toEqual([]);
  });
});

describe("search index of the hostile content", () => {
  it("holds hostile descriptions as plain text data, never as markup", async () => {
    const fragments = new Map((await readFragments(inject("hostileDist"))).map((fragment) => [fragment.url, fragment]));
    const index = HOSTILE_TEXTS.indexOf("<script>window.__ledgerlightPwned=1</script>");
    expect(index).toBeGreaterThanOrEqual(0);
    const fragment = fragments.get(`/transfers/${HOSTILE_FIRST_UID + index}/`);
    expect(fragment?.content).toContain("<script>window.__ledgerlightPwned=1</script>");
  });
});
