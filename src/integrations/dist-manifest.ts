import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { parseSourceDateEpoch } from "../schemas/build-env.ts";
import { DIST_MANIFEST_FILE, stampModificationTimes, writeDistManifest } from "../store/dist-manifest.ts";

/**
 * Finishes every `astro build` for auditors: writes `dist/manifest.sha256` and, when `SOURCE_DATE_EPOCH` is set,
 * stamps that time on every file. Register it last, after every integration that writes to `dist/` (sitemap,
 * Pagefind), since Astro runs their `astro:build:done` hooks in order.
 */
export function distManifest(): AstroIntegration {
  let sourceDateEpoch: number | undefined;
  return {
    name: "ledgerlight-dist-manifest",
    hooks: {
      // Checked before the build starts, so a bad value stops it at once rather than after every page is written.
      "astro:config:setup": () => {
        sourceDateEpoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
      },
      "astro:build:done": async ({ dir, logger }) => {
        // A multi-wallet build (src/integrations/build-wallets.ts) writes one manifest over every site, at the end.
        if (process.env.LEDGERLIGHT_DEFER_DIST_MANIFEST === "1") return;
        const root = fileURLToPath(dir);
        const count = await writeDistManifest(root);
        logger.info(`${DIST_MANIFEST_FILE} written (${count} files)`);
        if (sourceDateEpoch !== undefined) {
          await stampModificationTimes(root, sourceDateEpoch);
          logger.info(`Every file in dist/ dated SOURCE_DATE_EPOCH=${sourceDateEpoch}`);
        }
      },
    },
  };
}
