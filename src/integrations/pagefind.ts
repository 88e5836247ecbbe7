import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { donorSearchRecord, recordPageFile, transferSearchRecord } from "../lib/views/search-records.ts";
import { loadSiteData } from "../site/site-data.ts";

/**
 * Builds the site search index with Pagefind after every `astro build`, so `npm run build` and the tests' builds
 * publish it without a second command. The pages that are one per record (transfers, donors: nearly every page at
 * scale) are handed over as small records built from the same rows the pages render (src/lib/views/search-records.ts),
 * which Pagefind indexes in a fraction of the time and memory it needs to parse their HTML; every other page marked
 * `<main data-pagefind-body>` (see BaseLayout) is read from its built HTML as before. Pagefind writes its index in
 * small chunks under `dist/pagefind/`, and the search page loads them on demand.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: "ledgerlight-pagefind",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        // Imported here so that `astro dev` and `astro check` never start Pagefind's binary.
        const pagefind = await import("pagefind");
        const site = fileURLToPath(dir);
        const { program, transfers, donors, feeReport } = await loadSiteData();
        const records = [
          ...transfers.map((row) => {
            const disbursement = feeReport.awards.get(row.uid)?.award ?? feeReport.fees.get(row.uid)?.fee;
            return transferSearchRecord(row, program.coinSymbol, disbursement?.classification.kind === "fee");
          }),
          ...donors.map((row) => donorSearchRecord(row, program.coinSymbol)),
        ];
        const recordFiles = new Set(records.map(recordPageFile));
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
          let pages = 0;
          for (const file of htmlFiles) {
            if (recordFiles.has(file)) continue;
            const content = await readFile(path.join(site, file), "utf8");
            // Pagefind indexes only pages marked for search once any page is; the others need not be sent at all.
            if (!content.includes("data-pagefind-body")) continue;
            const added = await index.addHTMLFile({ sourcePath: file, content });
            if (added.errors.length > 0)
              throw new Error(`Pagefind could not index ${file}: ${added.errors.join("; ")}`);
            pages++;
          }
          if (pages + records.length === 0) {
            throw new Error(`Pagefind found no page with data-pagefind-body in ${site}; the search would be empty.`);
          }
          const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
          if (written.errors.length > 0)
            throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
          logger.info(
            `Search index written to ${written.outputPath} (${records.length} records, ${pages} HTML pages read)`,
          );
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
