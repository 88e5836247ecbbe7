import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import {
  indexSite,
  SEARCH_INDEX_DIR,
  SEARCH_PAGES_FILE,
  SEARCH_RECORDS_FILE,
} from "../../../src/integrations/search-index.ts";
import { searchIndex } from "../../../src/lib/search/query.ts";
import {
  type DocsChunk,
  type SearchIndexMeta,
  shardFile,
  type WordShard,
} from "../../../src/lib/search/search-index.ts";

/** The search step's door: the records file the Astro build handed over is parsed before anything is indexed. */
describe("indexSite: the records file", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(path.join(tmpdir(), "ledgerlight-search-step-"));
  });
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it("refuses a record that is not a search record, naming the file, the record and the field", async () => {
    const file = path.join(site, SEARCH_RECORDS_FILE);
    const records = [
      { url: "/transfers/1/", content: "Transfer #1", language: "en", meta: { title: "Transfer #1" } },
      { url: "transfers/2", content: "Transfer #2", language: "en", meta: { title: "Transfer #2" } },
    ];
    await writeFile(file, JSON.stringify({ records }));
    const failure = await indexSite(site).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).message).toContain("records[1].url");
    // A hand-over, never published: it is gone even when it was refused.
    await expect(access(file)).rejects.toThrow();
  });

  it("refuses a file that is not JSON, naming it", async () => {
    const file = path.join(site, SEARCH_RECORDS_FILE);
    await writeFile(file, '{"records": [');
    await expect(indexSite(site)).rejects.toThrow(new RegExp(`^${file.replaceAll(".", "\\.")} is not valid JSON`));
  });

  it("fails naming the file when the Astro build left none", async () => {
    await expect(indexSite(site)).rejects.toThrow(path.join(site, SEARCH_RECORDS_FILE));
  });
});

/**
 * Which built pages are indexed: the records, and the pages the Astro build listed as marked for search
 * (SEARCH_PAGES_FILE, src/site/search-pages.ts); no other page is read. The list and the pages must agree.
 */
describe("indexSite: the pages listed as marked for search", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(path.join(tmpdir(), "ledgerlight-search-pages-"));
  });
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  const layout = (main: string, before = "") =>
    `<!DOCTYPE html><html lang="en"><head><title>Page</title></head><body>${before}${main}<h1>Heading</h1><p>Words to find.</p></main></body></html>`;
  const writePage = async (file: string, html: string) => {
    await mkdir(path.dirname(path.join(site, file)), { recursive: true });
    await writeFile(path.join(site, file), html);
  };
  const records = [{ url: "/transfers/1/", content: "Transfer #1", language: "en", meta: { title: "Transfer #1" } }];
  const handOver = async (pages: string[]) => {
    await writeFile(path.join(site, SEARCH_RECORDS_FILE), JSON.stringify({ records }));
    await writeFile(path.join(site, SEARCH_PAGES_FILE), JSON.stringify({ pages }));
  };

  it("reads the listed pages, wherever their <main> tag is, and no other, then removes the list", async () => {
    await handOver(["/", "/methodology/", "/transfers/1/"]);
    await writePage("transfers/1/index.html", layout('<main id="main" data-pagefind-body="">'));
    await writePage("index.html", layout('<main id="main" data-pagefind-body="">'));
    // Past the first 8 kB: the whole listed page is looked at.
    const header = `<header>${"<a href=/x>x</a>".repeat(1000)}</header>`;
    await writePage("methodology/index.html", layout('<main id="main" data-pagefind-body="">', header));
    // Marked but not listed, and unreadable as a file: never opened.
    await mkdir(path.join(site, "glossary/index.html"), { recursive: true });
    expect(await indexSite(site)).toMatchObject({ records: 1, htmlPages: 2 });
    await expect(access(path.join(site, SEARCH_PAGES_FILE))).rejects.toThrow();
  });

  it("fails naming a listed page that was not built", async () => {
    await handOver(["/", "/methodology/", "/transfers/1/"]);
    await writePage("transfers/1/index.html", layout('<main id="main" data-pagefind-body="">'));
    await writePage("index.html", layout('<main id="main" data-pagefind-body="">'));
    await expect(indexSite(site)).rejects.toThrow(
      `Search page /methodology/ (listed in ${path.join(site, SEARCH_PAGES_FILE)}) has no built file methodology/index.html in ${site}`,
    );
  });

  it("fails naming a listed page whose <main> is not marked", async () => {
    await handOver(["/", "/ledger/", "/transfers/1/"]);
    await writePage("transfers/1/index.html", layout('<main id="main" data-pagefind-body="">'));
    await writePage("index.html", layout('<main id="main" data-pagefind-body="">'));
    await writePage("ledger/index.html", layout('<main id="main">'));
    await expect(indexSite(site)).rejects.toThrow(
      `Search page /ledger/ (listed in ${path.join(site, SEARCH_PAGES_FILE)}) is not marked data-pagefind-body in ${site}/ledger/index.html`,
    );
  });

  it("fails naming a record whose page the build did not list as marked", async () => {
    await handOver(["/"]);
    await writePage("index.html", layout('<main id="main" data-pagefind-body="">'));
    await expect(indexSite(site)).rejects.toThrow(`Search record /transfers/1/ has no built page in ${site}`);
  });

  it("refuses a list that is not a list of site paths, naming the file and the entry", async () => {
    await handOver(["/", "methodology"]);
    const failure = await indexSite(site).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as Error).message).toContain(path.join(site, SEARCH_PAGES_FILE));
    expect((failure as Error).message).toContain("pages[1]");
  });
});

/** What the step writes: the site's own index (src/lib/search/), under SEARCH_INDEX_DIR. */
describe("indexSite: the index it writes", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(path.join(tmpdir(), "ledgerlight-search-written-"));
  });
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it("indexes the records and the listed pages' text, records first, and answers a query from the files", async () => {
    const records = [3, 1, 2].map((uid) => ({
      url: `/transfers/${uid}/`,
      content: `Transfer #${uid}. Description grant number ${uid}`,
      language: "en",
      meta: { title: `Transfer #${uid}` },
    }));
    await writeFile(path.join(site, SEARCH_RECORDS_FILE), JSON.stringify({ records }));
    const pages = ["/", "/methodology/", ...records.map((record) => record.url)];
    await writeFile(path.join(site, SEARCH_PAGES_FILE), JSON.stringify({ pages }));
    await mkdir(path.join(site, "methodology"), { recursive: true });
    await writeFile(
      path.join(site, "methodology/index.html"),
      '<main data-pagefind-body=""><h1>How it works</h1><p data-pagefind-ignore>Chrome</p><p>Every grant &amp; veto</p></main>',
    );
    await writeFile(path.join(site, "index.html"), '<main data-pagefind-body=""><h1>Home</h1></main>');
    const result = await indexSite(site);
    expect(result).toMatchObject({ records: 3, htmlPages: 2 });
    const folder = path.join(site, SEARCH_INDEX_DIR);
    const docs = JSON.parse(await readFile(path.join(folder, "docs/0.json"), "utf8")) as DocsChunk;
    expect(docs.map(([url]) => url)).toEqual(["/transfers/3/", "/transfers/1/", "/transfers/2/", "/", "/methodology/"]);
    expect(docs[4]).toEqual(["/methodology/", "How it works", "How it works Every grant & veto"]);
    const meta = JSON.parse(await readFile(path.join(folder, "index.json"), "utf8")) as SearchIndexMeta;
    const loadShard = async (key: string) =>
      meta.shards.includes(key)
        ? (JSON.parse(await readFile(path.join(folder, shardFile(key)), "utf8")) as WordShard)
        : undefined;
    expect((await searchIndex("grant", loadShard, meta.documents)).ids).toEqual([0, 1, 2, 4]);
    expect((await searchIndex("chrome", loadShard, meta.documents)).ids).toEqual([]);
    const files = (await readdir(folder, { recursive: true })).filter((file) => file.endsWith(".json"));
    expect(result.files).toBe(files.length);
  });
});
