import { compareText } from "../compare.ts";
import { forEachIndexTerm } from "./tokenize.ts";

/**
 * The site search's static index, built from documents (a page's URL, title and text) into small JSON files the
 * search page fetches as a query needs them: `index.json` (how many documents, the chunk size, which word shards
 * exist), `words/<shard>.json` (every indexed word starting with the shard's two characters, with the documents it
 * is in) and `docs/<n>.json` (the documents themselves, at most `DOCS_PER_CHUNK` and about `CHUNK_TEXT_CHARS` characters a
 * file). A search for one uid or one name
 * loads `index.json`, one or two word shards and the chunks of the results shown. Pure: the same documents give the
 * same files, byte for byte.
 */

export interface SearchDocument {
  url: string;
  title: string;
  text: string;
}

/** At most this many documents per `docs/<n>.json`: a result shown loads its chunk; results next to each other share it. */
export const DOCS_PER_CHUNK = 100;

/**
 * A chunk ends once its text passes this many characters, before `DOCS_PER_CHUNK`: the few pages read from HTML
 * (the overview, the donors' lists) hold as much text as hundreds of records, and a result among them would
 * otherwise download all of them (250 kB at bench scale 1) to show one excerpt.
 */
export const CHUNK_TEXT_CHARS = 24_000;

/** The format's version, in `index.json`: a page script of another version refuses the index instead of misreading. */
export const SEARCH_INDEX_VERSION = 1;

/** `index.json`. */
export interface SearchIndexMeta {
  version: number;
  documents: number;
  /** The first document id of each `docs/<n>.json`, ascending from 0: chunk n holds ids chunkStarts[n] onwards. */
  chunkStarts: number[];
  /** Every word shard's key (a word's first two characters), sorted: a query fetches only shards that exist. */
  shards: string[];
}

/**
 * A word's documents: those with it in the title, then those with it only in the text; ids in ascending order.
 */
export type Postings = [title: number[], textOnly: number[]];

/** `words/<shard>.json`: each word of the shard and its postings, words sorted. */
export type WordShard = Record<string, Postings>;

/** `docs/<n>.json`: `[url, title, text]` of documents n × DOCS_PER_CHUNK onwards. */
export type DocsChunk = Array<[url: string, title: string, text: string]>;

/** The shard a word is in: its first two characters (code points). A one-character word is its own shard. */
export function shardKey(word: string): string {
  const second = word.charCodeAt(1);
  // Two UTF-16 units are two characters unless either is half of a surrogate pair.
  if (word.length <= 2 || ((second < 0xd800 || second > 0xdfff) && (word.charCodeAt(0) & 0xfc00) !== 0xd800)) {
    return word.slice(0, 2);
  }
  return [...word].slice(0, 2).join("");
}

/** The file of a shard, relative to the index folder: the key's UTF-8 bytes in hex, safe in any file system. */
export function shardFile(key: string): string {
  let hex = "";
  for (const byte of new TextEncoder().encode(key)) hex += byte.toString(16).padStart(2, "0");
  return `words/${hex}.json`;
}

/** The chunk holding document `id` (an index into `chunkStarts`): the last chunk starting at or before it. */
export function chunkOf(id: number, chunkStarts: readonly number[]): number {
  let low = 0;
  let high = chunkStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((chunkStarts[middle] as number) <= id) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The file of chunk `n`, relative to the index folder. */
export function docsFile(n: number): string {
  return `docs/${n}.json`;
}

/** A term's documents while the index is built: ids in order, a title match stored as `-(id + 1)`. */
type BuildPostings = number[];

/** `words/<shard>.json` for `words` (sorted) and their postings, written as text: no object of thousands of keys. */
function shardText(words: readonly string[], postings: ReadonlyMap<string, BuildPostings>): string {
  const entries = words.map((word) => {
    const title: number[] = [];
    const textOnly: number[] = [];
    for (const stored of postings.get(word) as BuildPostings) {
      if (stored < 0) title.push(-stored - 1);
      else textOnly.push(stored);
    }
    return `${JSON.stringify(word)}:[[${title.join(",")}],[${textOnly.join(",")}]]`;
  });
  return `{${entries.join(",")}}`;
}

/**
 * The index's files (path relative to the index folder → JSON text) for `documents`, whose ids are their positions.
 * Map entries in path order.
 */
export function buildSearchIndex(documents: readonly SearchDocument[]): Map<string, string> {
  const postings = new Map<string, BuildPostings>();
  documents.forEach((document, id) => {
    const inTitle = -id - 1;
    // Documents come in id order, so a term already seen in this document is its list's last entry.
    forEachIndexTerm(document.title, (term) => {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [inTitle]);
      else if (list[list.length - 1] !== inTitle) list.push(inTitle);
    });
    forEachIndexTerm(document.text, (term) => {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [id]);
      else {
        const last = list[list.length - 1];
        if (last !== inTitle && last !== id) list.push(id);
      }
    });
  });
  // Sorted by UTF-16 code units, as `compareText` does (the default sort, without a comparison function to call).
  const words = [...postings.keys()].sort();
  const shards = new Map<string, string[]>();
  for (const word of words) {
    const key = shardKey(word);
    const shard = shards.get(key);
    if (shard) shard.push(word);
    else shards.set(key, [word]);
  }
  const files = new Map<string, string>();
  const chunkStarts: number[] = [];
  let chunk: DocsChunk = [];
  let chars = 0;
  documents.forEach((document, id) => {
    if (chunk.length === 0) chunkStarts.push(id);
    chunk.push([document.url, document.title, document.text]);
    chars += document.url.length + document.title.length + document.text.length;
    if (chunk.length === DOCS_PER_CHUNK || chars >= CHUNK_TEXT_CHARS || id === documents.length - 1) {
      files.set(docsFile(chunkStarts.length - 1), JSON.stringify(chunk));
      chunk = [];
      chars = 0;
    }
  });
  const meta: SearchIndexMeta = {
    version: SEARCH_INDEX_VERSION,
    documents: documents.length,
    chunkStarts,
    shards: [...shards.keys()],
  };
  files.set("index.json", JSON.stringify(meta));
  for (const [key, shardWords] of shards) files.set(shardFile(key), shardText(shardWords, postings));
  return new Map([...files].sort(([a], [b]) => compareText(a, b)));
}
