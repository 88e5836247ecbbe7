/**
 * The search step in its own process: `node src/integrations/search-index-process.ts SITE_DIR` indexes a built site
 * (search-index.ts) and prints one line saying what it indexed. Run after each wallet's Astro build has exited by
 * a multi-wallet build waiting beside its Astro builds (src/integrations/build-wallets.ts: `publish`, the tests'
 * builds), or by the search index integration (search-step.ts) of a plain `astro build`. (`npm run build` runs
 * the step in its own process instead, which has become itself again after Astro's: scripts/build.ts.)
 * A failure prints its stack and exits 1: the records come from our own build, so a bad one is our bug.
 */
import { indexSite, searchIndexLine } from "./search-index.ts";

const [site] = process.argv.slice(2);
if (site === undefined) {
  process.stderr.write("usage: node src/integrations/search-index-process.ts SITE_DIR\n");
  process.exit(1);
}
process.stdout.write(`${searchIndexLine(site, await indexSite(site))}\n`);
