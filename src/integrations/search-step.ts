import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AstroIntegration } from "astro";
import { readBuildEnv } from "../config/build-env.ts";
import type { SearchPagesFile } from "../schemas/search-records.ts";
import { notedSearchPages } from "../site/search-pages.ts";
import { SEARCH_INDEX_PROCESS, SEARCH_PAGES_FILE } from "./search-index.ts";

const run = promisify(execFile);

/**
 * Runs the search step after every `astro build`. The pages that are one per record (transfers, donors: nearly every
 * page at scale) come as small records built from the same rows the pages render, which the build itself wrote to
 * `SEARCH_RECORDS_FILE` in the built site (src/pages/search-records.json.ts, from the data it holds); this integration
 * adds the list of the other pages marked for search (`SEARCH_PAGES_FILE`). The step (src/integrations/search-index.ts)
 * then runs once this Astro process has exited (`npm run build` in its own process, a waiting parent in a child:
 * src/integrations/build-wallets.ts), so Astro's heap and the step's are never held at once; a plain `astro build`
 * (the tests' builds) starts it from here and waits. Either way it is the same step, and the search page loads the
 * index's small files under `dist/search-index/` as a query needs them.
 */
export function searchIndex(): AstroIntegration {
  // The project folder, from Astro's configuration: this module may run from a bundled copy elsewhere.
  let root = process.cwd();
  let base = "/";
  return {
    name: "ledgerlight-search-index",
    hooks: {
      "astro:config:done": ({ config }) => {
        root = fileURLToPath(config.root);
        base = config.base;
      },
      "astro:build:done": async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        // The pages BaseLayout marked while they rendered, handed over beside the records: the search step reads
        // those and no other page.
        const file: SearchPagesFile = { pages: notedSearchPages(base) };
        await writeFile(path.join(site, SEARCH_PAGES_FILE), JSON.stringify(file));
        // `npm run build` indexes once this process has exited (it defers the manifest too).
        if (readBuildEnv().deferDistManifest) return;
        const { stdout } = await run(process.execPath, [path.join(root, SEARCH_INDEX_PROCESS), site], {
          cwd: root,
          maxBuffer: 16 * 1024 * 1024,
        });
        logger.info(stdout.trim());
      },
    },
  };
}
