/**
 * The floors of the site benchmark: bare Astro projects, generated into a temporary folder, that use this project's
 * own `node_modules` (so the same Astro version) and Astro's default build options (no CSP, no integrations, no
 * middleware, no data). Each renders its pages from one `getStaticPaths` route; what Astro alone costs on this
 * machine at this moment, so every site figure can be printed as a ratio to it. Two kinds:
 *
 * - **4 kB** (`"fixed"`, `setFloorPages`): as many pages as the site build made, each about 4 kB of HTML (32
 *   paragraphs). The first figures were measured against this one; it stays for continuity.
 * - **same sizes** (`"sized"`, `setFloorPageSizes`): one page per page of ours, each as large as that page's HTML
 *   (the sorted list of our page sizes): a layout component, a heading and a `<table>` whose rows come from
 *   `{rows.map(...)}`, four escaped cells each, until the page reaches its size. What Astro alone costs to emit the
 *   same bytes as ordinary templated markup (never one big string through `set:html`).
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

export type FloorKind = "fixed" | "sized";

/** About 4 kB of body text per page: 32 lines of ~120 characters, with the page number so pages differ. */
const fixedFloorPage = (pages: number) => `---
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

/** The sized floor's layout: what every page of a real site wraps its content in. */
const sizedFloorLayout = `---
interface Props { title: string }
const { title } = Astro.props;
---
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>{title}</title></head>
  <body>
    <header><nav><a href="/">Home</a> <a href="/0/">First page</a></nav></header>
    <main><slot /></main>
    <footer><p>A floor page: Astro alone, the same bytes as templated markup.</p></footer>
  </body>
</html>
`;

/**
 * The sized floor's route: page i is `sizes[i]` bytes (to within one row, 107 bytes). The shell (layout, heading,
 * table head) is SHELL_BYTES (a page with no rows, as built) and every row ROW_BYTES long
 * (fixed-width cells), so the row count is (size − shell) ÷ row.
 */
const sizedFloorPage = `---
import Layout from "../layouts/Layout.astro";
import sizes from "../page-sizes.json";
export function getStaticPaths() {
  return sizes.map((size, i) => ({ params: { n: String(i) }, props: { size } }));
}
// The markup around the rows (layout, heading, table head) and one row, in bytes as Astro writes them.
const SHELL_BYTES = 520;
const ROW_BYTES = 107;
const { n } = Astro.params;
const { size } = Astro.props;
const count = Math.max(0, Math.floor((size - SHELL_BYTES) / ROW_BYTES));
const rows = Array.from({ length: count }, (_, i) => ({
  id: String(i).padStart(6, "0"),
  date: \`2026-\${String((i % 12) + 1).padStart(2, "0")}-\${String((i % 28) + 1).padStart(2, "0")}\`,
  who: \`account \${String((i * 7919) % 100000).padStart(5, "0")}\`,
  amount: \`\${String(i % 1000).padStart(3, " ")}.\${String((i * 37) % 1000000).padStart(6, "0")}\`,
}));
---
<Layout title={\`Page \${n}\`}>
  <h1>Page {n}</h1>
  <table>
    <thead><tr><th scope="col">Row</th><th scope="col">Date</th><th scope="col">Who</th><th scope="col">Amount</th></tr></thead>
    <tbody>
      {rows.map((row) => <tr><td>{row.id}</td><td>{row.date}</td><td><a href={\`/\${row.id}/\`}>{row.who}</a></td><td>{row.amount}</td></tr>)}
    </tbody>
  </table>
</Layout>
`;

/** Writes a floor project of `kind` into `dir`; its build renders the pages its setter last said (none at first). */
export async function writeFloorProject(dir: string, projectRoot: string, kind: FloorKind = "fixed"): Promise<string> {
  await mkdir(path.join(dir, "src/pages"), { recursive: true });
  await symlink(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify({ name: "floor", type: "module" })}\n`);
  await writeFile(
    path.join(dir, "astro.config.mjs"),
    `import { defineConfig } from "astro/config";\nexport default defineConfig({ output: "static", build: { format: "directory" }, devToolbar: { enabled: false } });\n`,
  );
  if (kind === "fixed") {
    await setFloorPages(dir, 0);
  } else {
    await mkdir(path.join(dir, "src/layouts"), { recursive: true });
    await writeFile(path.join(dir, "src/layouts/Layout.astro"), sizedFloorLayout);
    await writeFile(path.join(dir, "src/pages/[n].astro"), sizedFloorPage);
    await setFloorPageSizes(dir, []);
  }
  return dir;
}

/** Sets how many ~4 kB pages the fixed floor project at `dir` renders (written into its one route). */
export async function setFloorPages(dir: string, pages: number): Promise<void> {
  await writeFile(path.join(dir, "src/pages/[n].astro"), fixedFloorPage(pages));
}

/** Sets the HTML size in bytes of each page the sized floor project at `dir` renders, one page per entry. */
export async function setFloorPageSizes(dir: string, sizes: readonly number[]): Promise<void> {
  await writeFile(path.join(dir, "src/page-sizes.json"), `${JSON.stringify(sizes)}\n`);
}
