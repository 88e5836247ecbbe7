/**
 * Whether a built page is marked for search, told from its first bytes. BaseLayout marks a page with the attribute
 * `data-pagefind-body` on its `<main>` start tag, which comes after the head and the site header (about 2.4 kB into
 * every page), so the search step need not read the rest of a page to know: the ledger's lists, most of the site's
 * HTML, are never marked. A `<main` in a built page is always that tag: text and attribute values are escaped, and
 * no page has an inline script or style.
 */

/** The attribute that marks a page's `<main>` for Pagefind (BaseLayout's `searchable`). */
export const SEARCH_MARK = "data-pagefind-body";

const MAIN_TAG = Buffer.from("<main");
const TAG_END = ">".charCodeAt(0);
/** The mark as one of a start tag's attributes (with or without a value). */
const MARK_ATTRIBUTE = new RegExp(`\\s${SEARCH_MARK}(?:[\\s=/]|$)`);

/**
 * Whether the `<main …>` start tag in `head` (a page's first bytes) carries the search mark; undefined when `head`
 * ends before that tag is whole (no `<main` yet, or its `>` not yet read).
 */
export function mainTagMarked(head: Buffer): boolean | undefined {
  let from = 0;
  for (;;) {
    const start = head.indexOf(MAIN_TAG, from);
    if (start === -1) return undefined;
    const after = head[start + MAIN_TAG.length];
    if (after === undefined) return undefined;
    // `<main` followed by a space or `>` is the tag; anything else (say `<mainly`) is not.
    if (after !== TAG_END && after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d) {
      from = start + 1;
      continue;
    }
    const end = head.indexOf(TAG_END, start);
    if (end === -1) return undefined;
    const attributes = head.toString("latin1", start + MAIN_TAG.length, end);
    return MARK_ATTRIBUTE.test(attributes);
  }
}
