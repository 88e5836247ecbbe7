import type { HTMLElement } from "node-html-parser";
import { CHART_PAGES } from "./dist-files.ts";

/**
 * The only built pages allowed to load JavaScript, as paths in `dist/`: the search page (its own index) and the
 * overview (charts). Every other page (ledger, transfers, donors, vetoes, reports, methodology) must have none.
 */
export const PAGES_WITH_SCRIPTS: ReadonlySet<string> = new Set(["search/index.html", ...CHART_PAGES]);

/**
 * What a script on an allowed page may look like: an external module bundled by Astro (`/_astro/…`), never inline
 * code and never another origin. Returns the offending tags.
 */
export function disallowedScripts(root: HTMLElement): string[] {
  return root
    .querySelectorAll("script")
    .filter(
      (script) =>
        script.getAttribute("type") !== "module" ||
        !/^\/_astro\/[\w.-]+\.js$/.test(script.getAttribute("src") ?? "") ||
        script.innerHTML.trim() !== "",
    )
    .map((script) => script.toString().slice(0, 200));
}
