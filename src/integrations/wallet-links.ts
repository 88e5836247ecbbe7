import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { rebaseHtmlLinks } from "../lib/build/rebase-links.ts";
import { WALLETS_FOLDER } from "../lib/build/wallet-sites.ts";
import { DIST_MANIFEST_FILE } from "../store/dist-manifest.ts";

/**
 * Paths every wallet site shares with the main one, which stay at the root: the one manifest of the whole published
 * site, and the other wallets' sites.
 */
export const SHARED_ROOT_PATHS = [`/${DIST_MANIFEST_FILE}`, `/${WALLETS_FOLDER}/`] as const;

async function htmlFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * For the build of another wallet's site (Astro `base` = `/wallets/<slug>/`): points every root-relative link of
 * every page into the wallet's folder (src/lib/build/rebase-links.ts). Register it before the search index and the manifest, which
 * read the pages it rewrites.
 */
export function walletLinks(prefix: string): AstroIntegration {
  return {
    name: "ledgerlight-wallet-links",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = await htmlFiles(root);
        for (const file of files) {
          const html = await readFile(file, "utf8");
          const rebased = rebaseHtmlLinks(html, { prefix, keepAtRoot: SHARED_ROOT_PATHS });
          if (rebased !== html) await writeFile(file, rebased);
        }
        logger.info(`Links of ${files.length} pages moved under ${prefix}`);
      },
    },
  };
}
