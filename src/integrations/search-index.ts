import { mkdirSync, writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { compareText } from "../lib/compare.ts";
import { pageSearchText } from "../lib/search/page-text.ts";
import { buildSearchIndex, type SearchDocument } from "../lib/search/search-index.ts";
import { SEARCH_MARK } from "../lib/search-mark.ts";
import { searchPageFile } from "../lib/views/search-records.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SearchPagesFileSchema, SearchRecordsFileSchema } from "../schemas/search-records.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * The search step of a build: writes the site's own static search index (src/lib/search/search-index.ts) into
 * `SEARCH_INDEX_DIR` of one built site. It runs once Astro's process has exited, so the build's peak memory is the
 * larger of the two, not their sum: in `npm run build`'s own process (build-wallets.ts's `indexWalletSiteHere`), or
 * in a process of its own (src/integrations/search-index-process.ts) where a parent waits beside Astro children.
 * Pages that are one per record (transfers, donors: nearly every page at scale) come as small records the Astro
 * build wrote to `SEARCH_RECORDS_FILE` from the data it holds; the text of the few other pages marked
 * `<main data-pagefind-body>` (see BaseLayout), which the build lists in `SEARCH_PAGES_FILE`, is read from their
 * HTML: no other page is read. Both files are removed once read: they are hand-overs, not part of the published site.
 */

/**
 * Where the Astro build leaves the records for the search step, relative to the site's folder: the route
 * src/pages/search-records.json.ts writes it.
 */
export const SEARCH_RECORDS_FILE = "search-records.json";

/**
 * Where the Astro build leaves the list of pages it marked for search (src/site/search-pages.ts), relative to the
 * site's folder: written by src/integrations/search-step.ts once every page is written. A hand-over like the records.
 */
export const SEARCH_PAGES_FILE = "search-pages.json";

/** The search index's folder in the built site: the search page (src/browser/search-page.ts) fetches from it. */
export const SEARCH_INDEX_DIR = "search-index";

/** The search step's process (search-index-process.ts), relative to the project folder. */
export const SEARCH_INDEX_PROCESS = "src/integrations/search-index-process.ts";

/**
 * Reads a hand-over file the Astro build left in `site`, removes it (it is not part of the published site, even
 * when refused) and parses it.
 */
async function takeHandOver<T>(site: string, name: string, parse: (value: unknown, file: string) => T): Promise<T> {
  const file = path.join(site, name);
  const text = await readFile(file, "utf8");
  await rm(file);
  return parse(parseJson(text, file), file);
}

export interface SearchIndexResult {
  records: number;
  htmlPages: number;
  /** The index's files and their total size. */
  files: number;
  bytes: number;
}

/** The one line the step prints: where the index went and what it holds. */
export function searchIndexLine(site: string, result: SearchIndexResult): string {
  const { records, htmlPages, files, bytes } = result;
  return `Search index written to ${site}/${SEARCH_INDEX_DIR} (${records} records, ${htmlPages} HTML pages read; ${files} files, ${bytes} bytes)`;
}

export async function indexSite(site: string): Promise<SearchIndexResult> {
  const { records } = await takeHandOver(site, SEARCH_RECORDS_FILE, (value, file) =>
    parseOrThrow(SearchRecordsFileSchema, value, file),
  );
  const pagesPath = path.join(site, SEARCH_PAGES_FILE);
  const { pages } = await takeHandOver(site, SEARCH_PAGES_FILE, (value, file) =>
    parseOrThrow(SearchPagesFileSchema, value, file),
  );
  const marked = new Set(pages);
  for (const record of records) {
    // A record stands for a page; one whose page was not built would be a search result leading nowhere.
    if (!marked.has(record.url)) throw new Error(`Search record ${record.url} has no built page in ${site}`);
  }
  const recordUrls = new Set(records.map((record) => record.url));
  const documents: SearchDocument[] = records.map((record) => ({
    url: record.url,
    title: record.meta.title,
    text: record.content,
  }));
  // The other pages in the order of their files' paths, after the records: the index's order is its tie-break.
  const htmlPages = pages
    .filter((url) => !recordUrls.has(url))
    .map((url) => ({ url, file: searchPageFile(url) }))
    .sort((a, b) => compareText(a.file, b.file));
  for (const { url, file } of htmlPages) {
    const html = await readFile(path.join(site, file), "utf8").catch((error: unknown) => {
      throw new Error(`Search page ${url} (listed in ${pagesPath}) has no built file ${file} in ${site}`, {
        cause: error,
      });
    });
    // The list and the pages come from the same render; a listed page without the mark means they disagree.
    const text = pageSearchText(html);
    if (text === undefined) {
      throw new Error(`Search page ${url} (listed in ${pagesPath}) is not marked ${SEARCH_MARK} in ${site}/${file}`);
    }
    documents.push({ url, ...text });
  }
  if (documents.length === 0) {
    throw new Error(`No page is marked for search (${SEARCH_MARK}) in ${site}; the search would be empty.`);
  }
  const folder = path.join(site, SEARCH_INDEX_DIR);
  await rm(folder, { recursive: true, force: true });
  mkdirSync(path.join(folder, "words"), { recursive: true });
  mkdirSync(path.join(folder, "docs"), { recursive: true });
  let bytes = 0;
  const files = buildSearchIndex(documents);
  // Written synchronously: this process does nothing else meanwhile, and a promise per file costs more CPU than
  // the writing.
  for (const [file, text] of files) {
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(folder, file), text);
  }
  return { records: records.length, htmlPages: htmlPages.length, files: files.size, bytes };
}
