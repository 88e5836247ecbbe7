import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "node-html-parser";
import { describe, expect, inject, it } from "vitest";
import { SEARCH_INDEX_DIR, SEARCH_PAGES_FILE, SEARCH_RECORDS_FILE } from "../../src/integrations/search-index.ts";
import { searchIndex } from "../../src/lib/search/query.ts";
import {
  buildSearchIndex,
  type DocsChunk,
  forEachPosting,
  type SearchIndexMeta,
  shardFile,
  type WordShard,
} from "../../src/lib/search/search-index.ts";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";
import { HOSTILE_FIRST_UID } from "../support/site/hostile-content.ts";
import { HOSTILE_TEXTS } from "../support/site/hostile-corpus.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

interface Indexed {
  url: string;
  title: string;
  text: string;
}

/** Every document of a site's search index, in the index's order. */
async function readDocuments(site: string): Promise<Indexed[]> {
  const folder = path.join(site, SEARCH_INDEX_DIR);
  const meta = JSON.parse(await readFile(path.join(folder, "index.json"), "utf8")) as SearchIndexMeta;
  const chunks = (await readdir(path.join(folder, "docs"))).length;
  const documents: Indexed[] = [];
  for (let n = 0; n < chunks; n++) {
    const chunk = JSON.parse(await readFile(path.join(folder, `docs/${n}.json`), "utf8")) as DocsChunk;
    documents.push(...chunk.map(([url, title, text]) => ({ url, title, text })));
  }
  expect(documents).toHaveLength(meta.documents);
  return documents;
}

/** A site's index as the search page fetches it: `index.json`, and each word shard it lists, read on demand. */
async function servedIndex(site: string) {
  const folder = path.join(site, SEARCH_INDEX_DIR);
  const meta = JSON.parse(await readFile(path.join(folder, "index.json"), "utf8")) as SearchIndexMeta;
  const shards = new Set(meta.shards);
  const loadShard = async (key: string) =>
    shards.has(key) ? (JSON.parse(await readFile(path.join(folder, shardFile(key)), "utf8")) as WordShard) : undefined;
  return { meta, loadShard };
}

/** The pages marked for indexing (`<main data-pagefind-body>`), as URLs, found by reading every page. */
async function searchablePages(dist: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of (await listDist(dist)).filter((name) => name.endsWith(".html"))) {
    const root = parse(await readFile(path.join(dist, file), "utf8"));
    if (root.querySelector("main[data-pagefind-body]")) out.push(`/${file.replace(/index\.html$/, "")}`);
  }
  return out.sort();
}

describe("search index of the committed content", () => {
  it("is written by the build and covers exactly the pages marked for search, each page built", async () => {
    const dist = inject("defaultDist");
    const documents = await readDocuments(dist);
    const indexed = documents.map((document) => document.url).sort();
    expect(indexed).toEqual(await searchablePages(dist));
    const files = new Set(await listDist(dist));
    for (const url of indexed) expect(files.has(`${url.slice(1)}index.html`), url).toBe(true);
  });

  it("is exactly the files the index builder makes of its documents, and every shard it lists", async () => {
    const dist = inject("defaultDist");
    const folder = path.join(dist, SEARCH_INDEX_DIR);
    const built = buildSearchIndex(await readDocuments(dist));
    const written = (await listDist(dist))
      .filter((file) => file.startsWith(`${SEARCH_INDEX_DIR}/`))
      .map((file) => file.slice(SEARCH_INDEX_DIR.length + 1))
      .sort();
    expect(written).toEqual([...built.keys()]);
    for (const [file, text] of built) await expect(readFile(path.join(folder, file), "utf8"), file).resolves.toBe(text);
    const meta = JSON.parse(built.get("index.json") as string) as SearchIndexMeta;
    for (const key of meta.shards) expect(built.has(shardFile(key)), key).toBe(true);
  });

  it("holds every transfer page with its uid, payee and description, and the record pages", async () => {
    const dist = inject("defaultDist");
    const documents = new Map((await readDocuments(dist)).map((document) => [document.url, document]));
    const transfers = JSON.parse(
      await readFile(path.join(repoRoot, "content/snapshots", SIP, "transfers.json"), "utf8"),
    ) as Array<{ uid: string; description: { text: string | null } }>;
    for (const transfer of transfers) {
      const document = documents.get(`/transfers/${transfer.uid}/`);
      expect(document?.title, transfer.uid).toBe(`Transfer #${transfer.uid}`);
      if (transfer.description.text) {
        expect(document?.text, transfer.uid).toContain(transfer.description.text.trim().split(/\s+/)[0]);
      }
    }
    expect([...documents.values()].some((document) => document.text.includes("Mutual Health Plan"))).toBe(true);
    for (const url of ["/vetoes/", "/methodology/", "/donors/", "/changes/", "/"]) {
      expect(documents.has(url), url).toBe(true);
    }
    const uid = transfers[0]?.uid as string;
    const shard = JSON.parse(
      await readFile(path.join(dist, SEARCH_INDEX_DIR, shardFile(uid.slice(0, 2))), "utf8"),
    ) as WordShard;
    // The uid's transfer page, with the uid in its title.
    const inTitle: number[] = [];
    forEachPosting(shard[uid] ?? [], (id, title) => {
      if (title) inTitle.push(id);
    });
    expect(inTitle).toContain([...documents.keys()].indexOf(`/transfers/${uid}/`));
  });

  it("holds a transfer list's first page by what the list is, never by its rows", async () => {
    const documents = await readDocuments(inject("defaultDist"));
    const byUrl = new Map(documents.map((document) => [document.url, document]));
    for (const [url, title] of [
      ["/transfers/", "Transfers"],
      ["/transfers/status/paid/", "Paid transfers"],
      ["/transfers/status/waiting/", "Transfers waiting to be paid"],
    ]) {
      const list = byUrl.get(url as string);
      expect(list?.title, url).toBe(title);
      // Its heading, introduction and totals line: what a search for the list's name should show.
      expect(list?.text, url).toMatch(/\d+ transfers? in this list, adding up to [\d,]+\.\d+ LIBRA/);
      // No row (each row's transfer is found on its own page), no filters, no table caption.
      expect(list?.text, url).not.toMatch(/#\d|newest first|All \(\d|Scheduled \(/);
    }
    // The donors' list likewise: titled by its heading (not "Donors, page 1 of 2"), its totals, no row.
    const donors = byUrl.get("/donors/");
    expect(donors?.title).toBe("Donors");
    expect(donors?.text).toMatch(/^Donors Every account with a donation receipt/);
    expect(donors?.text).toMatch(/\d+ donors, who donated [\d,]+\.\d+ LIBRA in all/);
    expect(donors?.text).not.toMatch(/0x[0-9a-f]|page 1 of|Pages of donors/);
    // Later pages of a list are never indexed (each would be the first page's heading again).
    expect(documents.filter((document) => document.url.includes("/page/"))).toEqual([]);
  });

  it("titles a list of several pages by its heading, and indexes its first page alone", async () => {
    const dist = inject("pagedDist");
    const documents = await readDocuments(dist);
    const byUrl = new Map(documents.map((document) => [document.url, document]));
    for (const [url, title] of [
      ["/donors/", "Donors"],
      ["/transfers/", "Transfers"],
    ] as const) {
      // The page shows which page of how many; search's title is what the list is.
      expect(await readFile(path.join(dist, url, "index.html"), "utf8"), url).toMatch(/, page 1 of \d+/);
      expect(byUrl.get(url)?.title, url).toBe(title);
      expect(byUrl.get(url)?.text, url).not.toMatch(/page 1 of/);
      const second = path.join(dist, url, "page/2/index.html");
      expect(await readFile(second, "utf8"), second).toMatch(/, page 2 of \d+/);
    }
    expect(documents.filter((document) => document.url.includes("/page/"))).toEqual([]);
    // A search for the list's name opens on it, before the records titled with the name and more.
    const { loadShard, meta } = await servedIndex(dist);
    for (const [query, url] of [
      ["donors", "/donors/"],
      ["transfers", "/transfers/"],
    ] as const) {
      const { ids } = await searchIndex(query, loadShard, meta.documents);
      expect(documents[ids[0] as number]?.url, query).toBe(url);
    }
  });

  it("leaves out page chrome, ledger list pages that repeat the records, the search page and the 404 page", async () => {
    const documents = await readDocuments(inject("defaultDist"));
    const urls = new Set(documents.map((document) => document.url));
    for (const url of ["/ledger/", "/search/", "/404.html", "/404/"]) {
      expect(urls.has(url), url).toBe(false);
    }
    for (const document of documents) {
      expect(document.text, document.url).not.toContain("Built by Ledgerlight");
      expect(document.text, document.url).not.toContain("Skip to content");
      expect(document.text, document.url).not.toMatch(/\bAll transfers\b.*Transfer #/);
    }
  });
});

describe("search index of a site of several wallets (npm run build: the search step after each Astro build)", () => {
  it("is written for every wallet's site, and the hand-over files are published nowhere", async () => {
    const dist = inject("walletsDist");
    const files = await listDist(dist);
    const entries = files.filter((file) => file.endsWith(`${SEARCH_INDEX_DIR}/index.json`));
    // The main site and the second wallet's, under wallets/<slug>/.
    expect(entries).toHaveLength(2);
    expect(entries.some((file) => file.startsWith("wallets/"))).toBe(true);
    for (const entry of entries) {
      const site = path.join(dist, path.dirname(path.dirname(entry)));
      const documents = await readDocuments(site);
      expect(documents.length, entry).toBeGreaterThan(0);
      // Each site's own pages, as paths within that site: the search page puts its base before them.
      const siteFiles = new Set((await listDist(site)).filter((file) => file.endsWith(".html")));
      for (const { url } of documents) expect(siteFiles.has(`${url.slice(1)}index.html`), `${entry} ${url}`).toBe(true);
    }
    for (const handOver of [SEARCH_RECORDS_FILE, SEARCH_PAGES_FILE]) {
      expect(files.filter((file) => file.endsWith(handOver))).toEqual([]);
    }
    const manifest = await readFile(path.join(dist, "manifest.sha256"), "utf8");
    expect(manifest).toContain(`${SEARCH_INDEX_DIR}/index.json`);
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
    const documents = new Map((await readDocuments(inject("hostileDist"))).map((document) => [document.url, document]));
    const index = HOSTILE_TEXTS.indexOf("<script>window.__ledgerlightPwned=1</script>");
    expect(index).toBeGreaterThanOrEqual(0);
    const document = documents.get(`/transfers/${HOSTILE_FIRST_UID + index}/`);
    expect(document?.text).toContain("<script>window.__ledgerlightPwned=1</script>");
  });
});
