import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

/**
 * Builds the site search index with Pagefind after every `astro build`, so `npm run build` and the tests' builds
 * publish it without a second command. Pagefind indexes only `<main data-pagefind-body>` (see BaseLayout), writes
 * its index in small chunks under `dist/pagefind/`, and the search page loads them on demand.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: "ledgerlight-pagefind",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        // Imported here so that `astro dev` and `astro check` never start Pagefind's binary.
        const pagefind = await import("pagefind");
        const site = fileURLToPath(dir);
        try {
          const { index, errors } = await pagefind.createIndex({});
          if (!index) throw new Error(`Pagefind could not create an index: ${errors.join("; ")}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${site}: ${added.errors.join("; ")}`);
          if (added.page_count === 0) {
            throw new Error(`Pagefind found no page with data-pagefind-body in ${site}; the search would be empty.`);
          }
          const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
          if (written.errors.length > 0)
            throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
          // page_count is every HTML file read; only those with data-pagefind-body are in the index.
          logger.info(`Search index written to ${written.outputPath} (${added.page_count} HTML files read)`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
