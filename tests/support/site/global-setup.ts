import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { buildSite } from "./build-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** dist of the committed content (what `npm run build` publishes). */
    defaultDist: string;
    /** dist built from tests/fixtures/site-content (known figures). */
    fixtureDist: string;
  }
}

/** Builds the site once per test run for every build and browser test (each build takes seconds). */
export default async function setup(project: TestProject) {
  // Sequential on purpose: builds of one project share .astro/ and Vite caches.
  const defaultDist = await buildSite({ label: "default" });
  const fixtureDist = await buildSite({ label: "fixture", contentDir: "tests/fixtures/site-content" });
  project.provide("defaultDist", defaultDist);
  project.provide("fixtureDist", fixtureDist);
  return async () => {
    await Promise.all([
      rm(defaultDist, { recursive: true, force: true }),
      rm(fixtureDist, { recursive: true, force: true }),
    ]);
  };
}
