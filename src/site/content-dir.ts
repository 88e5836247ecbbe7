/**
 * Where committed inputs live (`program.yaml`, `snapshots/<wallet>/`). Tests point this at fixture folders to build
 * the site from known data; the published site always uses the default. A relative path is taken from the project
 * root, where npm scripts and `astro build` run.
 */
export const CONTENT_DIR = (process.env.LEDGERLIGHT_CONTENT_DIR ?? "content").replace(/\/+$/, "");
