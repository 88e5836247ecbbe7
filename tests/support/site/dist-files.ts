import { readdir } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";

/**
 * The only built pages allowed to run JavaScript (the overview tells the snapshot's age; its charts are static SVG), each with
 * exactly one bundled module script from `/_astro/`. Every other page ships none.
 */
export const CHART_PAGES: readonly string[] = ["index.html"];

/** True for the one script a chart page may carry: Astro's bundled module, same origin, nothing inline. */
export function isBundledChartScript(script: { getAttribute(name: string): string | undefined; textContent: string }) {
  return (
    script.getAttribute("type") === "module" &&
    /^\/_astro\/[\w.-]+\.js$/.test(script.getAttribute("src") ?? "") &&
    script.textContent.trim() === ""
  );
}

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
