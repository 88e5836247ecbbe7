import { readdirSync } from "node:fs";
import path from "node:path";

/** The repository root, for tests that read its source tree. */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Repository-relative paths (forward slashes, sorted) of the source files under `dir`: TypeScript, JavaScript
 * modules and Astro components. The import-rule tests scan these.
 */
export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|mts|js|mjs|astro)$/.test(file))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")))
    .sort();
}
