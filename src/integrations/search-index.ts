import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { recordPageFile } from "../lib/views/search-records.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { SearchRecordsFileSchema } from "../schemas/search-records.ts";
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
const SEARCHABLE_MARK = Buffer.from("data-pagefind-body");

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
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`Pagefind could not create an index: ${errors.join("; ")}`);
    const htmlFiles = (await readdir(site, { recursive: true }))
      .map((file) => file.split(path.sep).join("/"))
      .filter((file) => file.endsWith(".html"))
      .sort();
    const built = new Set(htmlFiles);
    for (const record of records) {
      // A record stands for a page; one whose page was not built would be a search result leading nowhere.
      if (!built.has(recordPageFile(record)))
        throw new Error(`Search record ${record.url} has no built page in ${site}`);
      const added = await index.addCustomRecord(record);
      if (added.errors.length > 0) throw new Error(`Pagefind refused ${record.url}: ${added.errors.join("; ")}`);
    }
    let htmlPages = 0;
    for (const file of htmlFiles) {
      if (recordFiles.has(file)) continue;
      const bytes = await readFile(path.join(site, file));
      // Pagefind indexes only pages marked for search once any page is; the others need not be sent at all. Looked
      // for in the bytes: most pages left (the ledger's lists) are not marked, and need not be decoded.
      if (bytes.indexOf(SEARCHABLE_MARK) === -1) continue;
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
