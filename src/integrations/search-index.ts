import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { mainTagMarked, SEARCH_MARK } from "../lib/search-mark.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SearchPagesFileSchema, SearchRecordsFileSchema } from "../schemas/search-records.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * The search step of a build: indexes one built site with Pagefind and writes `pagefind/` into it. It runs in its
 * own process after Astro's has exited (src/integrations/search-index-process.ts), so the build's peak memory is the larger
 * of the two, not their sum. Pages that are one per record (transfers, donors: nearly every page at scale) come as
 * small records the Astro build wrote to `SEARCH_RECORDS_FILE` from the data it holds; Pagefind parses the HTML of
 * only the few other pages marked `<main data-pagefind-body>` (see BaseLayout), which the build lists in
 * `SEARCH_PAGES_FILE`: no other page is read. Both files are removed once read: they are hand-overs, not part of the
 * published site.
 */

/**
 * Where the Astro build leaves the records for the search step, relative to the site's folder: the route
 * src/pages/search-records.json.ts writes it.
 */
export const SEARCH_RECORDS_FILE = "search-records.json";

/**
 * Where the Astro build leaves the list of pages it marked for search (src/site/search-pages.ts), relative to the
 * site's folder: written by src/integrations/pagefind.ts once every page is written. A hand-over like the records.
 */
export const SEARCH_PAGES_FILE = "search-pages.json";

/** The search step's process (search-index-process.ts), relative to the project folder. */
export const SEARCH_INDEX_PROCESS = "src/integrations/search-index-process.ts";

/**
 * At most this many fragment files (a page's title, URL and text, fetched per result shown) per language: past it,
 * Pagefind bundles a page's fragment with others in one file. One file per record page was 12,000 files at bench
 * scale 1, a third of the site's files, each written by Pagefind and then read and hashed by the manifest; bundled,
 * a result shown loads a file of a dozen fragments (about 1 kB compressed) instead of one (0.3 kB). A site of
 * fewer pages (the committed one) keeps one file per page, the same bytes as without the limit.
 */
export const MAX_FRAGMENT_FILES = 1000;

/** A page's built file, relative to the site folder (`/methodology/` → `methodology/index.html`). */
const pageFile = (url: string): string => `${url.slice(1)}index.html`;

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
  // In the order of their files' paths, as Pagefind was given them when the step walked dist/: its index depends
  // on the order pages come in.
  const htmlPages = pages
    .filter((url) => !recordUrls.has(url))
    .map(pageFile)
    .sort();
  // Imported here so that `astro dev` and `astro check` never start Pagefind's binary.
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({ maxFragments: MAX_FRAGMENT_FILES });
    if (!index) throw new Error(`Pagefind could not create an index: ${errors.join("; ")}`);
    // Sent all at once rather than one answer awaited before the next: the messages then go out and come back in
    // batches (one write for many) instead of one round trip each. Pagefind orders pages itself: the index is the
    // same bytes either way.
    const answers = await Promise.all(records.map((record) => index.addCustomRecord(record)));
    answers.forEach((added, at) => {
      const { url } = records[at] as (typeof records)[number];
      if (added.errors.length > 0) throw new Error(`Pagefind refused ${url}: ${added.errors.join("; ")}`);
    });
    for (const file of htmlPages) {
      const url = `/${file.slice(0, -"index.html".length)}`;
      const bytes = await readFile(path.join(site, file)).catch((error: unknown) => {
        throw new Error(`Search page ${url} (listed in ${pagesPath}) has no built file ${file} in ${site}`, {
          cause: error,
        });
      });
      // The list and the pages come from the same render; a listed page without the mark means they disagree.
      if (mainTagMarked(bytes) !== true) {
        throw new Error(`Search page ${url} (listed in ${pagesPath}) is not marked ${SEARCH_MARK} in ${site}/${file}`);
      }
      const added = await index.addHTMLFile({ sourcePath: file, content: bytes.toString("utf8") });
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${added.errors.join("; ")}`);
    }
    if (htmlPages.length + records.length === 0) {
      throw new Error(`Pagefind found no page with data-pagefind-body in ${site}; the search would be empty.`);
    }
    const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
    return { records: records.length, htmlPages: htmlPages.length };
  } finally {
    await pagefind.close();
  }
}
