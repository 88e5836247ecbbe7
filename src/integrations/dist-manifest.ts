import { readdir, readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { sha256Hex } from "../lib/sha256.ts";
import { type FileDigest, formatSha256Manifest } from "../lib/sha256-manifest.ts";
import { parseSourceDateEpoch } from "../schemas/build-env.ts";

/** The manifest's name, at the root of `dist/`. It lists every other file there. */
export const DIST_MANIFEST_FILE = "manifest.sha256";

interface DistTree {
  /** Every regular file, relative to the root with "/" between names. */
  readonly files: string[];
  /** Every folder below the root, absolute, each after the folders it contains. */
  readonly folders: string[];
}

/** Walks a built `dist/`. Anything but files and folders (a symlink, a socket) is an error: it would not publish. */
async function walkDist(root: string): Promise<DistTree> {
  const files: string[] = [];
  const folders: string[] = [];
  async function walk(folder: string, prefix: string) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        await walk(full, `${relative}/`);
        folders.push(full);
      } else if (entry.isFile()) files.push(relative);
      else throw new Error(`dist/${relative} is neither a file nor a folder; a static site publishes only files.`);
    }
  }
  await walk(root, "");
  return { files, folders };
}

/**
 * Writes `dist/manifest.sha256` over every file in `root` (see src/lib/sha256-manifest.ts) and returns how many
 * files it lists. Run it after everything else has written to `dist/`, or the manifest misses their files.
 */
export async function writeDistManifest(root: string): Promise<number> {
  const { files } = await walkDist(root);
  if (files.includes(DIST_MANIFEST_FILE)) {
    throw new Error(
      `dist/${DIST_MANIFEST_FILE} exists before the build wrote it (a file in public/?). It is generated; remove the other one.`,
    );
  }
  const digests: FileDigest[] = [];
  // One file at a time: the site is a few MB, and the order of reads must not matter anyway (the lines are sorted).
  for (const file of files) {
    const bytes = await readFile(path.join(root, file));
    digests.push({ path: file, sha256: sha256Hex(bytes) });
  }
  await writeFile(path.join(root, DIST_MANIFEST_FILE), formatSha256Manifest(digests));
  return digests.length;
}

/**
 * Sets the access and modification time of every file and folder in `root`, the root included, to `seconds` since
 * 1970, so that a tar or zip of `dist/` is the same bytes too. Folders go after their contents: writing into a
 * folder changes its time.
 */
export async function stampModificationTimes(root: string, seconds: number): Promise<void> {
  const { files, folders } = await walkDist(root);
  for (const file of files) await utimes(path.join(root, file), seconds, seconds);
  for (const folder of folders) await utimes(folder, seconds, seconds);
  await utimes(root, seconds, seconds);
}

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
