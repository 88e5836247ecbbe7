/**
 * Pagination of long lists into static pages: how many pages, which rows each holds, which page numbers the
 * navigation shows, and where each page lives. Page numbers are 1-based; row bounds are 0-based and half-open, as
 * `Array.prototype.slice` takes them. Counts here are row counts, never money.
 */

/** Rows per page of the transfer lists: small enough that a page stays light, large enough to scan. */
export const TRANSFERS_PER_PAGE = 100;

/** Rows per page of the donors index, like the transfers: one page of all donors would pass 120 kB near 2,450. */
export const DONORS_PER_PAGE = 100;

function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a count (0 or more), got ${value}`);
}

/** How many pages `total` rows fill at `perPage` rows a page. An empty list still has one (empty) page. */
export function pageCount(total: number, perPage: number): number {
  assertCount(total, "total");
  assertPositiveInteger(perPage, "perPage");
  return Math.max(1, Math.ceil(total / perPage));
}

/** The rows of page `page` as `[start, end)` indices into the whole list. */
export function pageBounds(page: number, total: number, perPage: number): { start: number; end: number } {
  const count = pageCount(total, perPage);
  assertPositiveInteger(page, "page");
  if (page > count) throw new RangeError(`page ${page} is past the last page (${count})`);
  const start = (page - 1) * perPage;
  return { start, end: Math.min(total, start + perPage) };
}

/** An entry of the page navigation: a page number, or a gap standing for the pages left out. */
export type PageItem = { kind: "page"; page: number } | { kind: "gap" };

/**
 * The page numbers the navigation shows for page `current` of `count`: the first and last `edge` pages, and
 * `around` pages either side of the current one, with a gap where pages are left out. A gap never stands for a
 * single page: that page is shown instead, since it takes the same room and says more.
 */
export function visiblePages(
  current: number,
  count: number,
  options: { around?: number; edge?: number } = {},
): PageItem[] {
  assertPositiveInteger(count, "count");
  assertPositiveInteger(current, "current");
  if (current > count) throw new RangeError(`page ${current} is past the last page (${count})`);
  const around = options.around ?? 2;
  const edge = options.edge ?? 1;
  assertCount(around, "around");
  assertCount(edge, "edge");
  const shown = new Set<number>();
  const add = (page: number) => {
    if (page >= 1 && page <= count) shown.add(page);
  };
  for (let i = 1; i <= edge; i++) {
    add(i);
    add(count + 1 - i);
  }
  for (let page = current - around; page <= current + around; page++) add(page);
  const items: PageItem[] = [];
  let previous = 0;
  for (const page of [...shown].sort((a, b) => a - b)) {
    if (page - previous === 2) items.push({ kind: "page", page: previous + 1 });
    else if (page - previous > 2) items.push({ kind: "gap" });
    items.push({ kind: "page", page });
    previous = page;
  }
  if (count - previous === 1) items.push({ kind: "page", page: count });
  else if (count - previous > 1) items.push({ kind: "gap" });
  return items;
}

/**
 * Where page `page` of the list at `base` lives: page 1 is the list's own address, so existing links keep
 * working; later pages are `<base>page/<n>/`. `base` is a directory path ending in `/`.
 */
export function pageHref(base: string, page: number): string {
  if (!base.startsWith("/") || !base.endsWith("/")) throw new RangeError(`base must start and end with "/": ${base}`);
  assertPositiveInteger(page, "page");
  return page === 1 ? base : `${base}page/${page}/`;
}

/**
 * The rest parameter of a paginated route (`[...page].astro`) for each page: `undefined` for page 1 (the
 * list's own address) and `page/<n>` after it, matching `pageHref`.
 */
export function pageRouteParams(total: number, perPage: number): Array<{ rest: string | undefined; page: number }> {
  const count = pageCount(total, perPage);
  return Array.from({ length: count }, (_, index) => ({
    rest: index === 0 ? undefined : `page/${index + 1}`,
    page: index + 1,
  }));
}
