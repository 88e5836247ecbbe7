import { buildExcerpt } from "../lib/views/search-excerpt.ts";

/**
 * The search page's script: runs Pagefind's index (built by src/integrations/pagefind.ts) in the browser and
 * lists the results. Everything shown comes from the index, which holds on-chain text, so results are built as
 * DOM nodes with text content only; no HTML from the index is ever parsed.
 */

/** The parts of Pagefind's browser API this page uses (pagefind.js ships no types). */
interface PagefindFragment {
  url: string;
  content: string;
  locations: number[];
  meta: Record<string, string | undefined>;
}
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: Array<{ id: string; data(): Promise<PagefindFragment> }> } | null>;
}

/** How many results are listed; the rest are counted, so a reader knows to narrow the search. */
const SHOWN = 20;
// A variable, so the bundler leaves this import to the browser: the file exists only after the build. Each wallet's
// site has its own index under its own base; Pagefind takes the result URLs' prefix from where it was loaded.
const PAGEFIND_URL = `${import.meta.env.BASE_URL}pagefind/pagefind.js`;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`search page: #${id} is missing`);
  return found as T;
}

const box = element<HTMLElement>("search-box");
const form = element<HTMLFormElement>("search-form");
const input = element<HTMLInputElement>("search-input");
const status = element<HTMLParagraphElement>("search-status");
const list = element<HTMLOListElement>("search-results");
const fallback = element<HTMLDivElement>("search-fallback");
const needsJs = element<HTMLParagraphElement>("search-needs-js");

let pagefind: Promise<PagefindApi> | undefined;
function loadPagefind(): Promise<PagefindApi> {
  pagefind ??= (import(/* @vite-ignore */ PAGEFIND_URL) as Promise<PagefindApi>).then(async (api) => {
    await api.options({ excerptLength: 30 });
    return api;
  });
  return pagefind;
}

/** Only links within this site: a result URL comes from the index and must never be `javascript:` or foreign. */
function safeHref(url: string): string | null {
  return url.startsWith("/") && !url.startsWith("//") ? url : null;
}

function renderResult(fragment: PagefindFragment): HTMLLIElement {
  const item = document.createElement("li");
  const heading = document.createElement("a");
  const href = safeHref(fragment.url);
  heading.textContent = fragment.meta.title || fragment.url;
  if (href) heading.href = href;
  const excerpt = document.createElement("p");
  for (const part of buildExcerpt(fragment.content, fragment.locations)) {
    if (part.marked) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      excerpt.append(mark);
    } else {
      excerpt.append(document.createTextNode(part.text));
    }
  }
  item.append(heading, excerpt);
  return item;
}

let latest = 0;
async function runSearch(term: string): Promise<void> {
  const ticket = ++latest;
  const query = term.trim();
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  const response = await (await loadPagefind()).search(query);
  if (!response || ticket !== latest) return;
  const fragments = await Promise.all(response.results.slice(0, SHOWN).map((result) => result.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...fragments.map(renderResult));
  const count = response.results.length;
  status.textContent =
    count === 0
      ? `Nothing found for “${query}”.`
      : `${count} ${count === 1 ? "page" : "pages"} found for “${query}”${count > SHOWN ? `, showing the first ${SHOWN}` : ""}.`;
}

function failed(error: unknown): void {
  console.warn("search failed", error);
  status.textContent = "Search could not start in this browser. The pages below list everything it would find.";
  needsJs.hidden = true;
  fallback.hidden = false;
}

let timer: ReturnType<typeof setTimeout> | undefined;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => runSearch(input.value).catch(failed), 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  runSearch(input.value).catch(failed);
});

box.hidden = false;
fallback.hidden = true;
const initial = new URL(location.href).searchParams.get("q") ?? "";
if (initial) {
  input.value = initial;
  runSearch(initial).catch(failed);
}
