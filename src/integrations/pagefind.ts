import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AstroIntegration } from "astro";
import { readBuildEnv } from "../config/build-env.ts";
import { donorSearchRecord, transferSearchRecord } from "../lib/views/search-records.ts";
import type { SearchRecordsFile } from "../schemas/search-records.ts";
import { loadSiteData } from "../site/site-data.ts";
import { SEARCH_INDEX_PROCESS, SEARCH_RECORDS_FILE } from "./search-index.ts";

const run = promisify(execFile);

/**
 * Hands the site's search records over to the search step after every `astro build`. The pages that are one per
 * record (transfers, donors: nearly every page at scale) become small records built from the same rows the pages
 * render (src/lib/views/search-records.ts), written to `SEARCH_RECORDS_FILE` in the built site. Pagefind then runs
 * in its own process (src/integrations/search-index.ts): `npm run build` starts it once this Astro process has
 * exited (src/integrations/build-wallets.ts), so Astro's heap and Pagefind's are never held at once; a plain
 * `astro build` (the tests' builds) starts it from here and waits. Either way it is the same step, and the search
 * page loads the index's small chunks under `dist/pagefind/` on demand.
 */
export function pagefindIndex(): AstroIntegration {
  // The project folder, from Astro's configuration: this module may run from a bundled copy elsewhere.
  let root = process.cwd();
  return {
    name: "ledgerlight-pagefind",
    hooks: {
      "astro:config:done": ({ config }) => {
        root = fileURLToPath(config.root);
      },
      "astro:build:done": async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { program, transfers, donors, feeReport } = await loadSiteData();
        const file: SearchRecordsFile = {
          records: [
            ...transfers.map((row) => {
              const disbursement = feeReport.awards.get(row.uid)?.award ?? feeReport.fees.get(row.uid)?.fee;
              return transferSearchRecord(row, program.coinSymbol, disbursement?.classification.kind === "fee");
            }),
            ...donors.map((row) => donorSearchRecord(row, program.coinSymbol)),
          ],
        };
        await writeFile(path.join(site, SEARCH_RECORDS_FILE), JSON.stringify(file));
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
