/**
 * The floor of the site benchmark: a bare Astro project, generated into a temporary folder, that uses this
 * project's own `node_modules` (so the same Astro version), with one `getStaticPaths` route rendering as many pages
 * as the site build made, each about 4 kB of HTML. No integration, no search index, no data: what Astro alone
 * costs for that many pages on this machine at this moment, so every site figure can be printed as a ratio to it.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

/** About 4 kB of body text per page: 32 lines of ~120 characters, with the page number so pages differ. */
const floorPage = (pages: number) => `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, i) => ({
    params: { n: String(i) },
  }));
}
const { n } = Astro.params;
const lines = Array.from({ length: 32 }, (_, i) => \`Line \${i} of page \${n}: a sentence of ordinary words that stands in for a table row or a paragraph.\`);
---
<html lang="en">
  <head><meta charset="utf-8" /><title>Page {n}</title></head>
  <body>
    <main>
      <h1>Page {n}</h1>
      {lines.map((line) => <p>{line}</p>)}
    </main>
  </body>
</html>
`;

/** Writes the floor project into `dir`; its build renders as many pages as `setFloorPages` last said (none at first). */
export async function writeFloorProject(dir: string, projectRoot: string): Promise<string> {
  await mkdir(path.join(dir, "src/pages"), { recursive: true });
  await symlink(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify({ name: "floor", type: "module" })}\n`);
  await writeFile(
    path.join(dir, "astro.config.mjs"),
    `import { defineConfig } from "astro/config";\nexport default defineConfig({ output: "static", build: { format: "directory" }, devToolbar: { enabled: false } });\n`,
  );
  await setFloorPages(dir, 0);
  return dir;
}

/** Sets how many pages the floor project at `dir` renders (written into its one route, read by nothing else). */
export async function setFloorPages(dir: string, pages: number): Promise<void> {
  await writeFile(path.join(dir, "src/pages/[n].astro"), floorPage(pages));
}
