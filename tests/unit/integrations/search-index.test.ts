import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import {
  indexSite,
  MAX_FRAGMENT_FILES,
  SEARCH_PAGES_FILE,
  SEARCH_RECORDS_FILE,
} from "../../../src/integrations/search-index.ts";

/** The search step's door: the records file the Astro build handed over is parsed before Pagefind starts. */
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
 * Which built pages go to Pagefind: the records, and the pages the Astro build listed as marked for search
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
    expect(await indexSite(site)).toEqual({ records: 1, htmlPages: 2 });
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

/**
 * Past `MAX_FRAGMENT_FILES` pages, Pagefind bundles fragments (a page's title, URL and text) into shared files
 * instead of writing one file per page: at bench scale 1 one file per record was a third of the site's files.
 */
describe("indexSite: the fragment files", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(path.join(tmpdir(), "ledgerlight-search-fragments-"));
  });
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  /** Every page's fragment in `site`'s index, by URL: a file holds one fragment, or a bundle of them by id. */
  async function fragmentsByUrl(): Promise<Map<string, { content: string }>> {
    const folder = path.join(site, "pagefind/fragment");
    const byUrl = new Map<string, { content: string }>();
    const files = await readdir(folder);
    for (const file of files) {
      const text = gunzipSync(await readFile(path.join(folder, file))).toString("utf8");
      expect(text.startsWith("pagefind_dcd"), file).toBe(true);
      const parsed = JSON.parse(text.slice("pagefind_dcd".length)) as Record<string, unknown>;
      const fragments = typeof parsed.url === "string" ? [parsed] : Object.values(parsed);
      for (const fragment of fragments as Array<{ url: string; content: string }>) byUrl.set(fragment.url, fragment);
    }
    return byUrl;
  }

  it("bundles the fragments of more pages than MAX_FRAGMENT_FILES into at most that many files, none lost", async () => {
    const count = MAX_FRAGMENT_FILES + 200;
    const records = Array.from({ length: count }, (_, at) => ({
      url: `/transfers/${at}/`,
      content: `Transfer #${at}. Description grant number ${at}`,
      language: "en",
      meta: { title: `Transfer #${at}` },
    }));
    await writeFile(path.join(site, SEARCH_RECORDS_FILE), JSON.stringify({ records }));
    await writeFile(path.join(site, SEARCH_PAGES_FILE), JSON.stringify({ pages: records.map((record) => record.url) }));
    for (const record of records) {
      await mkdir(path.join(site, record.url), { recursive: true });
      await writeFile(path.join(site, record.url, "index.html"), "<main>x</main>");
    }
    expect(await indexSite(site)).toEqual({ records: count, htmlPages: 0 });
    expect((await readdir(path.join(site, "pagefind/fragment"))).length).toBeLessThanOrEqual(MAX_FRAGMENT_FILES);
    const fragments = await fragmentsByUrl();
    expect([...fragments.keys()].sort()).toEqual(records.map((record) => record.url).sort());
    expect(fragments.get("/transfers/1107/")?.content).toBe("Transfer #1107. Description grant number 1107");
  });

  it("keeps one file per page below the limit", async () => {
    const records = [1, 2, 3].map((uid) => ({
      url: `/transfers/${uid}/`,
      content: `Transfer #${uid}`,
      language: "en",
      meta: { title: `Transfer #${uid}` },
    }));
    await writeFile(path.join(site, SEARCH_RECORDS_FILE), JSON.stringify({ records }));
    await writeFile(path.join(site, SEARCH_PAGES_FILE), JSON.stringify({ pages: records.map((record) => record.url) }));
    for (const record of records) {
      await mkdir(path.join(site, record.url), { recursive: true });
      await writeFile(path.join(site, record.url, "index.html"), "<main>x</main>");
    }
    await indexSite(site);
    expect((await readdir(path.join(site, "pagefind/fragment"))).length).toBe(3);
    expect([...(await fragmentsByUrl()).keys()].sort()).toEqual(["/transfers/1/", "/transfers/2/", "/transfers/3/"]);
  });
});
