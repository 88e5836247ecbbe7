import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildWalletSites } from "../../../src/integrations/build-wallets.ts";
import { buildSite, DEFAULT_BUILD_ENV, repoRoot } from "./build-site.ts";
import { writeFixtureContent } from "./fixture-content.ts";
import { writeHostileContent } from "./hostile-content.ts";
import { writePagedContent } from "./paged-content.ts";
import { writeTwoWalletContent } from "./wallets-content.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** dist of the committed content (what `npm run build` publishes). */
    defaultDist: string;
    /** dist built from `writeFixtureContent()` (known figures). */
    fixtureDist: string;
    /** dist built from `writeHostileContent()` (the hostile description corpus). */
    hostileDist: string;
    /** dist built from `writePagedContent()` (enough transfers for many pages per list). */
    pagedDist: string;
    /** The whole site (`npm run build`) of `writeTwoWalletContent()`: two wallets of one program. */
    walletsDist: string;
    /** The content folder `walletsDist` was built from. */
    walletsContent: string;
  }
}

/** Builds the site once per test run for every build and browser test (each build takes seconds). */
export default async function setup(project: TestProject) {
  // One after another: Astro builds of one project take turns anyway (src/integrations/astro-bundle-lock.ts).
  const defaultDist = await buildSite({ label: "default" });
  const fixtureContent = await writeFixtureContent();
  const fixtureDist = await buildSite({ label: "fixture", contentDir: fixtureContent });
  project.provide("defaultDist", defaultDist);
  const hostileContent = await writeHostileContent();
  const hostileDist = await buildSite({ label: "hostile", contentDir: hostileContent });
  project.provide("fixtureDist", fixtureDist);
  project.provide("hostileDist", hostileDist);
  const pagedContent = await writePagedContent();
  const pagedDist = await buildSite({ label: "paged", contentDir: pagedContent });
  project.provide("pagedDist", pagedDist);
  const walletsContent = await writeTwoWalletContent();
  const walletsDist = await mkdtemp(path.join(tmpdir(), "ledgerlight-wallets-"));
  await buildWalletSites({ root: repoRoot, contentDir: walletsContent, outDir: walletsDist, env: DEFAULT_BUILD_ENV });
  project.provide("walletsDist", walletsDist);
  project.provide("walletsContent", walletsContent);
  return async () => {
    await Promise.all(
      [
        defaultDist,
        fixtureDist,
        fixtureContent,
        hostileDist,
        hostileContent,
        pagedDist,
        pagedContent,
        walletsDist,
        walletsContent,
      ].map((dir) => rm(dir, { recursive: true, force: true })),
    );
  };
}
