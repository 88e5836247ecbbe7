/**
 * Where committed inputs live (`program.yaml`, `snapshots/<wallet>/`). Tests point this at fixture folders to build
 * the site from known data; the published site always uses the default. A relative path is taken from the project
 * root, where npm scripts and `astro build` run.
 */
export const CONTENT_DIR = (process.env.LEDGERLIGHT_CONTENT_DIR ?? "content").replace(/\/+$/, "");

/**
 * Which wallet of the program this build is the site of: unset for the main wallet (the site at the root), or an
 * address from `otherWallets` for that wallet's site under `/wallets/<slug>/` (src/integrations/build-wallets.ts
 * sets it, together with Astro's `base`).
 */
export const BUILD_WALLET = process.env.LEDGERLIGHT_WALLET?.trim() || undefined;
