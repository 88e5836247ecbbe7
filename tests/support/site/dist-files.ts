import { readdir } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";

/** Every file under a built `dist/`, as paths relative to it, sorted. */
export async function listDist(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full));
    }
  }
  await walk(root);
  return out.sort();
}

/** The file a root-relative URL maps to in `dist/` (directory URLs map to their index.html). */
export function distPathOf(url: string): string {
  const pathname = decodeURIComponent(url.split(/[?#]/)[0] ?? "/");
  return pathname.endsWith("/") ? `${pathname.slice(1)}index.html` : pathname.slice(1);
}

/**
 * Parses HTML as a browser does for the scans that look for executable elements. node-html-parser keeps the
 * content of `<pre>` as raw text by default, so a `<script>` inside a `<pre>` would be invisible to them;
 * here only `<script>`, `<style>` and `<noscript>` hold raw text, as in HTML itself.
 */
export function parseHtml(html: string): HTMLElement {
  return parse(html, { blockTextElements: { script: true, noscript: true, style: true } });
}
