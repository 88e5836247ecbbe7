import { parse } from "node-html-parser";

/** One link on a built page that leads to no file of the build. */
export interface BrokenLink {
  /** The page, as a path relative to `dist/` (`transfers/4/index.html`). */
  page: string;
  /** The URL exactly as the page has it. */
  url: string;
  /** The file it should have led to, relative to `dist/`. */
  target: string;
}

/** Elements and attributes that make a browser fetch or navigate to a same-site URL. */
const LINK_ATTRIBUTES: ReadonlyArray<readonly [selector: string, attribute: string]> = [
  ["a[href]", "href"],
  ["link[href]", "href"],
  ["script[src]", "src"],
  ["img[src]", "src"],
  ["source[src]", "src"],
  ["iframe[src]", "src"],
  ["form[action]", "action"],
];

/** Anything with a scheme (`https:`, `mailto:`, `data:`) or protocol-relative (`//host`) leaves the site. */
const OFF_SITE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * The file a same-site URL on `page` maps to in `dist/`: relative URLs are resolved against the page's own URL,
 * a directory URL maps to its `index.html`. Null for URLs that leave the site or only move within the page.
 */
export function distTargetOf(page: string, url: string): string | null {
  const trimmed = url.trim();
  if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("?") || OFF_SITE.test(trimmed)) return null;
  const pageUrl = new URL(`/${page.replace(/(^|\/)index\.html$/, "$1")}`, "https://site.invalid");
  const pathname = decodeURIComponent(new URL(trimmed, pageUrl).pathname);
  return pathname.endsWith("/") ? `${pathname.slice(1)}index.html` : pathname.slice(1);
}

/**
 * Every same-site link on the given pages that leads to no file in `files` (paths relative to `dist/`), in page
 * order then document order. External links are not followed: the check runs offline.
 */
export function findBrokenLinks(
  pages: ReadonlyArray<{ file: string; html: string }>,
  files: ReadonlySet<string>,
): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const { file, html } of pages) {
    const root = parse(html);
    for (const [selector, attribute] of LINK_ATTRIBUTES) {
      for (const element of root.querySelectorAll(selector)) {
        const url = element.getAttribute(attribute) ?? "";
        const target = distTargetOf(file, url);
        if (target !== null && !files.has(target)) broken.push({ page: file, url, target });
      }
    }
  }
  return broken;
}
