/**
 * The pages this Astro build marks for search, as BaseLayout renders them: the build knows them, so the search step
 * is handed their list (SEARCH_PAGES_FILE, written by src/integrations/search-step.ts once every page is written)
 * instead of walking `dist/` and reading every page's head to find them. The list lives on `globalThis`: the pages
 * render from Astro's bundled copy of this module, while the integration that writes the list out runs from the
 * configuration's own copy, in the same process.
 */

const REGISTRY = Symbol.for("ledgerlight.searchPages");

type Registry = Set<string>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Set();
  return holder[REGISTRY];
}

/** Notes that the page at `pathname` (as Astro gives it, under the site's `base`) is marked for search. */
export function noteSearchPage(pathname: string): void {
  registry().add(pathname);
}

/**
 * Every page noted so far as a site path without the site's `base` (`/methodology/`, as the search records' URLs
 * are), sorted: the order pages render in is not the build's to promise.
 */
export function notedSearchPages(base: string): string[] {
  const root = base.endsWith("/") ? base : `${base}/`;
  return [...registry()]
    .map((pathname) => {
      const sitePath = pathname.startsWith(root) ? pathname.slice(root.length - 1) : pathname;
      return sitePath.endsWith("/") ? sitePath : `${sitePath}/`;
    })
    .sort();
}
