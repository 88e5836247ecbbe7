import { type Postings, shardKey, type WordShard } from "./search-index.ts";
import { indexForms, queryWords } from "./tokenize.ts";

/**
 * A query against the site search's index (search-index.ts): every word of the query must match. The last one is
 * matched as the start of a word (the reader is still typing it), the others as whole words or their plural or
 * singular (`donation` finds `donations`). Results rank by how many query words their title holds, then in the
 * index's order. Pure: the word shards come from `loadShard`, which the browser backs with fetch and tests with a map.
 */

/** Loads a shard by key; undefined when the index has no such shard (no word starts that way). */
export type ShardLoader = (key: string) => Promise<WordShard | undefined>;

export interface SearchAnswer {
  /** Matching document ids, best first. */
  ids: number[];
  /** The index's words that matched, to mark them in excerpts (matchesWord). */
  matched: Set<string>;
}

/** The whole words a query word also stands for: plurals and singulars as English forms them. */
export function wordVariants(word: string): string[] {
  const variants = new Set([word]);
  if (/\p{L}$/u.test(word)) {
    variants.add(`${word}s`);
    variants.add(`${word}es`);
    if (word.endsWith("y") && word.length > 2) variants.add(`${word.slice(0, -1)}ies`);
    if (word.endsWith("ies") && word.length > 4) variants.add(`${word.slice(0, -3)}y`);
    if (word.endsWith("es") && word.length > 3) variants.add(word.slice(0, -2));
    if (word.endsWith("s") && word.length > 2) variants.add(word.slice(0, -1));
  }
  return [...variants];
}

/** The index words a query word matches, found in the shards `loadShard` gives. */
async function matchingWords(word: string, prefix: boolean, loadShard: ShardLoader): Promise<Map<string, Postings>> {
  const found = new Map<string, Postings>();
  // A one-character start would match a good part of the index and no one shard holds it: whole words only.
  if (prefix && [...word].length >= 2) {
    const shard = await loadShard(shardKey(word));
    for (const [candidate, postings] of Object.entries(shard ?? {})) {
      if (candidate.startsWith(word)) found.set(candidate, postings);
    }
  }
  // Whole forms too, for a prefix: `donations` typed in full still finds `donation`.
  for (const variant of wordVariants(word)) {
    const postings = (await loadShard(shardKey(variant)))?.[variant];
    if (postings) found.set(variant, postings);
  }
  return found;
}

export async function searchIndex(query: string, loadShard: ShardLoader): Promise<SearchAnswer> {
  const words = [...new Set(queryWords(query))];
  const matched = new Set<string>();
  if (words.length === 0) return { ids: [], matched };
  /** Per document: how many query words its title holds, for those matching every word so far. */
  let titleHits: Map<number, number> | undefined;
  for (const [at, word] of words.entries()) {
    const found = await matchingWords(word, at === words.length - 1, loadShard);
    const inTitle = new Set<number>();
    const anywhere = new Set<number>();
    for (const [candidate, [title, textOnly]] of found) {
      matched.add(candidate);
      for (const id of title) {
        inTitle.add(id);
        anywhere.add(id);
      }
      for (const id of textOnly) anywhere.add(id);
    }
    const next = new Map<number, number>();
    for (const id of titleHits ? titleHits.keys() : anywhere) {
      if (!anywhere.has(id)) continue;
      next.set(id, (titleHits?.get(id) ?? 0) + (inTitle.has(id) ? 1 : 0));
    }
    titleHits = next;
    if (titleHits.size === 0) return { ids: [], matched: new Set() };
  }
  const ids = [...(titleHits as Map<number, number>)]
    .sort(([a, hitsA], [b, hitsB]) => hitsB - hitsA || a - b)
    .map(([id]) => id);
  return { ids, matched };
}

/** Whether a word of a result's text (split on white space, as shown) holds a word the query matched. */
export function matchesWord(shownWord: string, matched: ReadonlySet<string>): boolean {
  return queryWords(shownWord).some((word) => indexForms(word).some((form) => matched.has(form)));
}
