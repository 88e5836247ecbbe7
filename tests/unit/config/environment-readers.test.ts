import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/site/build-site.ts";

/** The one file of src/ and scripts/ that may read the process environment (see its opening comment). */
const DOOR = "src/config/build-env.ts";

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs|astro)$/.test(entry.name))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("the build environment has one door", () => {
  // import.meta.env (Vite's BASE_URL in src/browser/) is a constant of the bundle, not the environment.
  it("no file of src/, scripts/ or astro.config.mjs but src/config/build-env.ts reads process.env", async () => {
    const files = [...(await sourceFiles("src")), ...(await sourceFiles("scripts")), "astro.config.mjs"];
    expect(files).toContain(DOOR);
    const readers: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, file), "utf8");
      if (/process\.env\b/.test(text)) readers.push(file);
    }
    expect(readers).toEqual([DOOR]);
  });
});
