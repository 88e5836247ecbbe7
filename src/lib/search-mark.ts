/**
 * The attribute BaseLayout puts on a page's `<main>` start tag to mark it for the site search (its `searchable`):
 * the search step indexes that element's text (src/lib/search/page-text.ts). The name is Pagefind's, kept: pages
 * and their tests know it.
 */
export const SEARCH_MARK = "data-pagefind-body";
