import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Pages the overview links to that other parts of the project add (team pages, who decides, how to take part).
 * The overview links to one only when its page is part of this build, so a build never has a broken link while
 * those parts are missing; once they are merged the links appear by themselves. Page files are looked up from the
 * project root, where `astro build` runs.
 */
const PAGE_FILES = {
  teams: ["src/pages/teams"],
  governance: ["src/pages/governance.astro", "src/pages/governance/index.astro"],
  takePart: ["src/pages/take-part.astro", "src/pages/take-part/index.astro"],
} as const;

export type OptionalPage = keyof typeof PAGE_FILES;

export function hasPage(page: OptionalPage): boolean {
  return PAGE_FILES[page].some((file) => existsSync(path.resolve(file)));
}
