import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { readBuildEnv } from "../config/build-env.ts";
import { DIST_MANIFEST_FILE, stampModificationTimes, writeDistManifest } from "../store/dist-manifest.ts";

/**
 * Finishes every `astro build` for auditors: writes `dist/manifest.sha256` and, when `SOURCE_DATE_EPOCH` is set,
 * stamps that time on every file. Register it last, after every integration that writes to `dist/` (sitemap,
 * the search index), since Astro runs their `astro:build:done` hooks in order.
 */
export function distManifest(): AstroIntegration {
  let env: ReturnType<typeof readBuildEnv> | undefined;
  return {
    name: "ledgerlight-dist-manifest",
    hooks: {
      // Checked before the build starts, so a bad value stops it at once rather than after every page is written.
      "astro:config:setup": () => {
        env = readBuildEnv();
      },
      "astro:build:done": async ({ dir, logger }) => {
        // A multi-wallet build (src/integrations/build-wallets.ts) writes one manifest over every site, at the end.
        env ??= readBuildEnv();
        if (env.deferDistManifest) return;
        const { sourceDateEpoch } = env;
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
