import { compareText } from "../compare.ts";
import { forEachIndexTerm } from "./tokenize.ts";

/**
 * The site search's static index, built from documents (a page's URL, title and text) into small JSON files the
 * search page fetches as a query needs them: `index.json` (how many documents, the chunk size, which word shards
 * exist), `words/<shard>.json` (every indexed word of the shard, `shardKey`, with the documents it is in and how
 * much each is about it) and `docs/<n>.json` (the documents themselves, at most `DOCS_PER_CHUNK` and about
 * `CHUNK_TEXT_CHARS` characters a file). A search for one uid, name or address loads `index.json`, one or two word
 * shards and the chunks of the results shown. Pure: the same documents give the same files, byte for byte.
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
export const SEARCH_INDEX_VERSION = 3;

/** `index.json`. */
export interface SearchIndexMeta {
  version: number;
  documents: number;
  /** The first document id of each `docs/<n>.json`, ascending from 0: chunk n holds ids chunkStarts[n] onwards. */
  chunkStarts: number[];
  /** Every word shard's key (`shardKey`), sorted: a query fetches only shards that exist. */
  shards: string[];
}

/**
 * A word's documents, one number each, in ascending id order: `(id − previous id) × 48 + title match × 16 +
 * weight`, the first id counted from 0. The title match (`TitleMatch`) says whether the word is in the document's
 * title, and whether it is the title's only word; the weight (1–15) how much of the document is about the word
 * (`postingWeight`). One small number per posting: a word on every transfer page costs about three characters a
 * page, not the six of its id. Read with `forEachPosting`.
 */
export type Postings = number[];

/** `words/<shard>.json`: each word of the shard and its postings, words sorted. */
export type WordShard = Record<string, Postings>;

/** `docs/<n>.json`: `[url, title, text]` of documents n × DOCS_PER_CHUNK onwards. */
export type DocsChunk = Array<[url: string, title: string, text: string]>;

/**
 * Whether a word is in a document's title: 0 not, 1 beside other words, 2 as the title's only word (`Donors` for
 * `donors`, against 2,000 pages titled `Donor 0x…`: a reader typing a section's name is looking for that page).
 */
export type TitleMatch = 0 | 1 | 2;

/** How a posting packs its parts (`Postings`): the weight (0–15), the title match times 16, the id step times 48. */
const WEIGHT_SPAN = 16;
const POSTING_SPAN = 3 * WEIGHT_SPAN;
/** The largest weight: the 4 bits' range, 0 left out so every posting has one. */
export const MAX_WEIGHT = 15;

/** Calls `visit` with each posting's document id, how the word is in its title, and its weight (1–15). */
export function forEachPosting(
  postings: readonly number[],
  visit: (id: number, title: TitleMatch, weight: number) => void,
): void {
  let id = 0;
  for (const packed of postings) {
    const low = packed % POSTING_SPAN;
    id += (packed - low) / POSTING_SPAN;
    const weight = low % WEIGHT_SPAN;
    visit(id, ((low - weight) / WEIGHT_SPAN) as TitleMatch, weight);
  }
}

/**
 * BM25's term-frequency part (k1 = 1.2, b = 0.75), scaled to 1–15: `count` times in a text of `length` terms
 * where the documents of its section average `averageLength`. More often is more, with diminishing returns, and a
 * longer text needs more to say as much. Averaged per section (`documentSection`), not over the whole site: the
 * site is thousands of short record pages (a transfer's page is ~25 words) and a few long ones (the methodology,
 * ~4,000), and against the records' average a long page could never be about anything; against its own section's,
 * fifteen mentions of donations on the methodology page outweigh the one on each donor's page.
 */
export function postingWeight(count: number, length: number, averageLength: number): number {
  const K1 = 1.2;
  const B = 0.75;
  const normalised = averageLength > 0 ? length / averageLength : 1;
  const score = (count * (K1 + 1)) / (count + K1 * (1 - B + B * normalised));
  return Math.min(MAX_WEIGHT, Math.max(1, Math.round((score / (K1 + 1)) * MAX_WEIGHT)));
}

/** A document's section, for its length's average: its URL's first segment (`transfers` of `/transfers/7/`; `` for `/`). */
export function documentSection(url: string): string {
  const end = url.indexOf("/", 1);
  return end === -1 ? url.slice(1) : url.slice(1, end);
}

/** Whether the word looks like an address (`0x…`): those shard by their significant digits. */
function startsWithHexPrefix(word: string): boolean {
  return word.charCodeAt(0) === 0x30 && word.charCodeAt(1) === 0x78;
}

/** The first two characters (code points) of `text`, or all of it when shorter. */
function firstTwo(text: string): string {
  const second = text.charCodeAt(1);
  // Two UTF-16 units are two characters unless either is half of a surrogate pair.
  if (text.length <= 2 || ((second < 0xd800 || second > 0xdfff) && (text.charCodeAt(0) & 0xfc00) !== 0xd800)) {
    return text.slice(0, 2);
  }
  return [...text].slice(0, 2).join("");
}

/**
 * The shard a word is in: its first two characters (code points); a one-character word is its own shard. A word
 * starting `0x` (an address) is in `0x` and the first two characters after its leading zeros: the site's
 * addresses are written with 32 leading zeros or without, and thousands of them in one `0x` shard made every
 * address search download it whole (377 kB at bench scale 1); by two more digits, one address is a 256th of that.
 */
export function shardKey(word: string): string {
  if (!startsWithHexPrefix(word)) return firstTwo(word);
  // `0x0` keeps its one zero.
  const digits = word.slice(2).replace(/^0+(?=.)/, "");
  return `0x${firstTwo(digits)}`;
}

/**
 * The one shard holding every word that starts with `prefix`, or undefined when they may be in several: a prefix
 * of one character, or an address with fewer than two digits after its leading zeros (`0x`, `0x000`, `0x3`).
 */
export function prefixShardKey(prefix: string): string | undefined {
  if (startsWithHexPrefix(prefix)) {
    const digits = prefix.slice(2).replace(/^0+/, "");
    return [...digits.slice(0, 4)].length >= 2 ? `0x${firstTwo(digits)}` : undefined;
  }
  return [...prefix.slice(0, 4)].length >= 2 ? firstTwo(prefix) : undefined;
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

/** Grows as words are met: each word's id is its position in `words`. */
interface Vocabulary {
  ids: Map<string, number>;
  words: string[];
}

function wordId(vocabulary: Vocabulary, word: string): number {
  let id = vocabulary.ids.get(word);
  if (id === undefined) {
    id = vocabulary.words.length;
    vocabulary.ids.set(word, id);
    vocabulary.words.push(word);
  }
  return id;
}

/**
 * Every document's distinct terms, counted: for document d, entries `starts[d]` to `starts[d + 1]` of `terms`
 * (word ids) and `counts` (times in its text, + `IN_TITLE` when its title holds the word too), how many terms its
 * text has (`lengths[d]`) and how many distinct ones its title (`titleTerms[d]`). Word ids rather than a map per
 * document: one lookup per term met.
 */
interface CountedTerms {
  vocabulary: Vocabulary;
  starts: number[];
  terms: number[];
  counts: number[];
  lengths: number[];
  titleTerms: number[];
}

/** Added to a count for a word that is also in the title: counts stay far below it. */
const IN_TITLE = 2 ** 30;

function countTerms(documents: readonly SearchDocument[]): CountedTerms {
  const vocabulary: Vocabulary = { ids: new Map(), words: [] };
  const starts: number[] = [];
  const terms: number[] = [];
  const counts: number[] = [];
  const lengths: number[] = [];
  const titleTerms: number[] = [];
  /** Per word id: the last document it was met in, and its entry in `terms` for that document. */
  const lastDocument: number[] = [];
  const entry: number[] = [];
  documents.forEach((document, d) => {
    starts.push(terms.length);
    forEachIndexTerm(document.title, (term) => {
      const id = wordId(vocabulary, term);
      if (lastDocument[id] === d) return;
      lastDocument[id] = d;
      entry[id] = terms.length;
      terms.push(id);
      counts.push(IN_TITLE);
    });
    titleTerms.push(terms.length - (starts[d] as number));
    let length = 0;
    forEachIndexTerm(document.text, (term) => {
      length++;
      const id = wordId(vocabulary, term);
      if (lastDocument[id] === d) {
        const at = entry[id] as number;
        counts[at] = (counts[at] as number) + 1;
      } else {
        lastDocument[id] = d;
        entry[id] = terms.length;
        terms.push(id);
        counts.push(1);
      }
    });
    lengths.push(length);
  });
  starts.push(terms.length);
  return { vocabulary, starts, terms, counts, lengths, titleTerms };
}

/**
 * The JSON text of the packed postings below `SMALL_POSTINGS`, made once: most postings are a step of 1–2 ids on a
 * common word, and turning each of hundreds of thousands of numbers into text was a fifth of the index's CPU.
 */
const SMALL_POSTINGS = 4096;
let smallPostingTexts: string[] | undefined;
function postingText(packed: number): string {
  smallPostingTexts ??= Array.from({ length: SMALL_POSTINGS }, (_, value) => String(value));
  return packed < SMALL_POSTINGS ? (smallPostingTexts[packed] as string) : String(packed);
}

/** Each document's average length: its section's (`documentSection`), for `postingWeight`. */
function sectionAverages(documents: readonly SearchDocument[], lengths: readonly number[]): Float64Array {
  const totals = new Map<string, { length: number; documents: number }>();
  const sections = documents.map((document, d) => {
    const section = documentSection(document.url);
    const total = totals.get(section);
    if (total) {
      total.length += lengths[d] as number;
      total.documents++;
    } else totals.set(section, { length: lengths[d] as number, documents: 1 });
    return section;
  });
  const averages = new Float64Array(documents.length);
  sections.forEach((section, d) => {
    const total = totals.get(section) as { length: number; documents: number };
    averages[d] = total.length / total.documents;
  });
  return averages;
}

/**
 * Every word's postings as JSON text (`Postings`), by word id. The counted terms are in document order; a counting
 * sort by word (two typed arrays, no list per word) puts each word's postings together, still in document order.
 */
function buildPostings(documents: readonly SearchDocument[], counted: CountedTerms): string[] {
  const { vocabulary, starts, terms, counts, lengths, titleTerms } = counted;
  const averages = sectionAverages(documents, lengths);
  const wordCount = vocabulary.words.length;
  /** Where each word's postings start in `byWord`, then (as they are placed) where its next one goes. */
  const next = new Int32Array(wordCount + 1);
  for (const id of terms) next[id + 1] = (next[id + 1] as number) + 1;
  for (let id = 0; id < wordCount; id++) next[id + 1] = (next[id + 1] as number) + (next[id] as number);
  const from = next.slice(0, wordCount);
  /** For each posting, grouped by word: its position in `terms`; the document is found from it below. */
  const byWord = new Int32Array(terms.length);
  const documentOf = new Int32Array(terms.length);
  for (let d = 0; d < documents.length; d++) {
    for (let at = starts[d] as number; at < (starts[d + 1] as number); at++) {
      const id = terms[at] as number;
      const place = next[id] as number;
      next[id] = place + 1;
      byWord[place] = at;
      documentOf[place] = d;
    }
  }
  const texts: string[] = new Array(wordCount);
  const parts: string[] = [];
  for (let id = 0; id < wordCount; id++) {
    parts.length = 0;
    let previous = 0;
    for (let place = from[id] as number; place < (next[id] as number); place++) {
      const d = documentOf[place] as number;
      const stored = counts[byWord[place] as number] as number;
      const inTitle = stored >= IN_TITLE;
      // A word only in the title counts as said once.
      const count = Math.max(1, inTitle ? stored - IN_TITLE : stored);
      const weight = postingWeight(count, Math.max(lengths[d] as number, count), averages[d] as number);
      const title: TitleMatch = !inTitle ? 0 : titleTerms[d] === 1 ? 2 : 1;
      parts.push(postingText((d - previous) * POSTING_SPAN + title * WEIGHT_SPAN + weight));
      previous = d;
    }
    texts[id] = parts.join(",");
  }
  return texts;
}

/**
 * The index's files (path relative to the index folder → JSON text) for `documents`, whose ids are their positions.
 * Map entries in path order.
 */
export function buildSearchIndex(documents: readonly SearchDocument[]): Map<string, string> {
  const counted = countTerms(documents);
  const postings = buildPostings(documents, counted);
  const { ids } = counted.vocabulary;
  // Sorted by UTF-16 code units, as `compareText` does (the default sort, without a comparison function to call).
  const words = [...counted.vocabulary.words].sort();
  const shards = new Map<string, string[]>();
  for (const word of words) {
    const key = shardKey(word);
    // Quoted as is: a term is letters, digits, `.` and `,` (tokenize.ts), nothing JSON escapes.
    const entry = `"${word}":[${postings[ids.get(word) as number] as string}]`;
    const shard = shards.get(key);
    if (shard) shard.push(entry);
    else shards.set(key, [entry]);
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
    shards: [...shards.keys()].sort(compareText),
  };
  files.set("index.json", JSON.stringify(meta));
  for (const [key, entries] of shards) files.set(shardFile(key), `{${entries.join(",")}}`);
  return new Map([...files].sort(([a], [b]) => compareText(a, b)));
}
