/**
 * The search step in its own process: `node src/integrations/search-index-process.ts SITE_DIR` indexes a built site
 * (search-index.ts) and prints one line saying what it indexed. Run by `npm run build` after each wallet's Astro
 * build has exited (src/integrations/build-wallets.ts), or by the search index integration (search-step.ts) of a plain `astro build`.
 * A failure prints its stack and exits 1: the records come from our own build, so a bad one is our bug.
 */
import { indexSite, SEARCH_INDEX_DIR } from "./search-index.ts";

const [site] = process.argv.slice(2);
if (site === undefined) {
  process.stderr.write("usage: node src/integrations/search-index-process.ts SITE_DIR\n");
  process.exit(1);
}
const { records, htmlPages, files, bytes } = await indexSite(site);
process.stdout.write(
  `Search index written to ${site}/${SEARCH_INDEX_DIR} (${records} records, ${htmlPages} HTML pages read; ${files} files, ${bytes} bytes)\n`,
);
