import { matchesWord, searchIndex } from "../lib/search/query.ts";
import {
  chunkOf,
  type DocsChunk,
  docsFile,
  SEARCH_INDEX_VERSION,
  type SearchIndexMeta,
  shardFile,
  type WordShard,
} from "../lib/search/search-index.ts";
import { buildExcerpt, WORD_SEPARATORS } from "../lib/views/search-excerpt.ts";

/**
 * The search page's script: answers queries from the site's own static index (built by the search step,
 * src/integrations/search-index.ts, into `search-index/`), fetching only the word shards and document chunks a
 * query needs. Everything shown comes from the index, which holds on-chain text, so results are built as DOM nodes
 * with text content only; no HTML from the index is ever parsed.
 */

/** How many results are listed; the rest are counted, so a reader knows to narrow the search. */
const SHOWN = 20;
/** Each wallet's site has its own index under its own base, and its result URLs are relative to that base. */
const BASE = import.meta.env.BASE_URL.endsWith("/") ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
const INDEX_URL = `${BASE}search-index/`;

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

/** Each index file is fetched once per page view, however many queries need it. */
const fetched = new Map<string, Promise<unknown>>();
function indexFile<T>(file: string): Promise<T> {
  let loading = fetched.get(file);
  if (!loading) {
    loading = fetch(`${INDEX_URL}${file}`).then((response) => {
      if (!response.ok) throw new Error(`search index: ${file} answered ${response.status}`);
      return response.json();
    });
    fetched.set(file, loading);
  }
  return loading as Promise<T>;
}

let index: Promise<{ shards: Set<string>; chunkStarts: number[]; documents: number }> | undefined;
function loadIndex() {
  index ??= indexFile<SearchIndexMeta>("index.json").then((meta) => {
    // A page cached from another build would misread the shards: say search failed instead.
    if (meta.version !== SEARCH_INDEX_VERSION) throw new Error(`search index: version ${meta.version}`);
    return { shards: new Set(meta.shards), chunkStarts: meta.chunkStarts, documents: meta.documents };
  });
  return index;
}

async function loadShard(key: string): Promise<WordShard | undefined> {
  // Only shards the index has: a missing one means no word starts that way, not a failed request.
  return (await loadIndex()).shards.has(key) ? indexFile<WordShard>(shardFile(key)) : undefined;
}

async function loadDocument(id: number): Promise<{ url: string; title: string; text: string }> {
  const { chunkStarts } = await loadIndex();
  const n = chunkOf(id, chunkStarts);
  const chunk = await indexFile<DocsChunk>(docsFile(n));
  const [url, title, text] = chunk[id - (chunkStarts[n] ?? 0)] ?? ["", "", ""];
  return { url, title, text };
}

/** Only links within this site: a result URL comes from the index and must never be `javascript:` or foreign. */
function safeHref(url: string): string | null {
  return url.startsWith("/") && !url.startsWith("//") ? `${BASE}${url.slice(1)}` : null;
}

function renderResult(result: { url: string; title: string; text: string }, matched: Set<string>): HTMLLIElement {
  const item = document.createElement("li");
  const heading = document.createElement("a");
  const href = safeHref(result.url);
  heading.textContent = result.title || result.url;
  if (href) heading.href = href;
  const excerpt = document.createElement("p");
  const locations: number[] = [];
  result.text.split(WORD_SEPARATORS).forEach((word, at) => {
    if (matchesWord(word, matched)) locations.push(at);
  });
  for (const part of buildExcerpt(result.text, locations)) {
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
  const { ids, matched } = await searchIndex(query, loadShard, (await loadIndex()).documents);
  if (ticket !== latest) return;
  const results = await Promise.all(ids.slice(0, SHOWN).map(loadDocument));
  if (ticket !== latest) return;
  list.replaceChildren(...results.map((result) => renderResult(result, matched)));
  const count = ids.length;
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
