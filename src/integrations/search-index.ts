import { closeSync, openSync, readSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { mainTagMarked, SEARCH_MARK } from "../lib/search-mark.ts";
import { recordPageFile } from "../lib/views/search-records.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SearchRecordsFileSchema } from "../schemas/search-records.ts";
import { walkDist } from "../store/dist-manifest.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * The search step of a build: indexes one built site with Pagefind and writes `pagefind/` into it. It runs in its
 * own process after Astro's has exited (src/integrations/search-index-process.ts), so the build's peak memory is the larger
 * of the two, not their sum. Pages that are one per record (transfers, donors: nearly every page at scale) come as
 * small records the Astro build wrote to `SEARCH_RECORDS_FILE` from the data it holds; Pagefind parses the HTML of
 * only the few other pages marked `<main data-pagefind-body>` (see BaseLayout). The records file is removed once
 * read: it is a hand-over, not part of the published site.
 */

/**
 * Where the Astro build leaves the records for the search step, relative to the site's folder: the route
 * src/pages/search-records.json.ts writes it.
 */
export const SEARCH_RECORDS_FILE = "search-records.json";

/** The search step's process (search-index-process.ts), relative to the project folder. */
export const SEARCH_INDEX_PROCESS = "src/integrations/search-index-process.ts";

/** The attribute BaseLayout puts on `<main>` of a page marked for search. */
const SEARCHABLE_MARK = Buffer.from(SEARCH_MARK);

/** How much of a page is read to find its `<main …>` tag (BaseLayout's comes about 2.4 kB in). */
const HEAD_BYTES = 8192;

/**
 * Whether the built page `file` is marked for search, from its first `HEAD_BYTES` when its `<main>` tag is in them
 * (src/lib/search-mark.ts): the pages left (the ledger's lists, most of the site's HTML) are never read whole. A
 * page whose first bytes hold no whole `<main>` tag is read whole and looked at as a whole. `head` is reused. Read
 * synchronously: this process does nothing else meanwhile, and a promise per file cost the step more CPU than the
 * reading (1,807 pages at bench scale 0.25: 0.04 s instead of 0.2-0.3 s with promises, 0.3-1.6 s read whole).
 */
function markedForSearch(file: string, head: Buffer): Promise<boolean> | boolean {
  const fd = openSync(file, "r");
  let marked: boolean | undefined;
  try {
    marked = mainTagMarked(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
  return marked ?? readFile(file).then((bytes) => bytes.indexOf(SEARCHABLE_MARK) !== -1);
}

/**
 * At most this many fragment files (a page's title, URL and text, fetched per result shown) per language: past it,
 * Pagefind bundles a page's fragment with others in one file. One file per record page was 12,000 files at bench
 * scale 1, a third of the site's files, each written by Pagefind and then read and hashed by the manifest; bundled,
 * a result shown loads a file of a dozen fragments (about 1 kB compressed) instead of one (0.3 kB). A site of
 * fewer pages (the committed one) keeps one file per page, the same bytes as without the limit.
 */
export const MAX_FRAGMENT_FILES = 1000;

/** Every HTML file under `site`, relative to it with "/" between names, sorted (one walk of dist/: walkDist). */
function htmlFilesOf(site: string): string[] {
  return walkDist(site)
    .files.filter((file) => file.endsWith(".html"))
    .sort();
}

export interface SearchIndexResult {
  records: number;
  htmlPages: number;
}

export async function indexSite(site: string): Promise<SearchIndexResult> {
  const recordsPath = path.join(site, SEARCH_RECORDS_FILE);
  const text = await readFile(recordsPath, "utf8");
  await rm(recordsPath);
  const { records } = parseOrThrow(SearchRecordsFileSchema, parseJson(text, recordsPath), recordsPath);
  const recordFiles = new Set(records.map(recordPageFile));
  // Imported here so that `astro dev` and `astro check` never start Pagefind's binary.
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({ maxFragments: MAX_FRAGMENT_FILES });
    if (!index) throw new Error(`Pagefind could not create an index: ${errors.join("; ")}`);
    const htmlFiles = htmlFilesOf(site);
    const built = new Set(htmlFiles);
    for (const record of records) {
      // A record stands for a page; one whose page was not built would be a search result leading nowhere.
      if (!built.has(recordPageFile(record)))
        throw new Error(`Search record ${record.url} has no built page in ${site}`);
    }
    // Sent all at once rather than one answer awaited before the next: the messages then go out and come back in
    // batches (one write for many) instead of one round trip each. Pagefind orders pages itself: the index is the
    // same bytes either way.
    const answers = await Promise.all(records.map((record) => index.addCustomRecord(record)));
    answers.forEach((added, at) => {
      const { url } = records[at] as (typeof records)[number];
      if (added.errors.length > 0) throw new Error(`Pagefind refused ${url}: ${added.errors.join("; ")}`);
    });
    let htmlPages = 0;
    const head = Buffer.alloc(HEAD_BYTES);
    for (const file of htmlFiles) {
      if (recordFiles.has(file)) continue;
      // Pagefind indexes only pages marked for search once any page is; the others need not be sent at all, nor
      // read past their `<main>` tag: most pages left (the ledger's lists) are not marked.
      if (!(await markedForSearch(path.join(site, file), head))) continue;
      const bytes = await readFile(path.join(site, file));
      const added = await index.addHTMLFile({ sourcePath: file, content: bytes.toString("utf8") });
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${file}: ${added.errors.join("; ")}`);
      htmlPages++;
    }
    if (htmlPages + records.length === 0) {
      throw new Error(`Pagefind found no page with data-pagefind-body in ${site}; the search would be empty.`);
    }
    const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
    return { records: records.length, htmlPages };
  } finally {
    await pagefind.close();
  }
}
