import { forEachPosting, type Postings, prefixShardKey, shardKey, type WordShard } from "./search-index.ts";
import { indexForms, queryWords } from "./tokenize.ts";

/**
 * A query against the site search's index (search-index.ts): every word of the query must match. The last one is
 * matched as the start of a word (the reader is still typing it), the others as whole words or their plural or
 * singular (`donation` finds `donations`). Results rank by how many query words their title holds, then by how many
 * are their title's only word, then by how much they are about the query's words (`relevance`), then in the index's
 * order. Pure: the word shards come from `loadShard`, which the browser backs with fetch and tests with a map.
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
  // A start that words of several shards share (one character, `0x3`) would load them all: whole words only.
  const prefixKey = prefix ? prefixShardKey(word) : undefined;
  if (prefixKey !== undefined) {
    const shard = await loadShard(prefixKey);
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

/**
 * How rare a word is (BM25's inverse document frequency): a word on few of the `documents` pages says more about
 * them than one on most. Never negative, so a common word adds a little, never takes away.
 */
export function rarity(documentsWithWord: number, documents: number): number {
  return Math.log(1 + (documents - documentsWithWord + 0.5) / (documentsWithWord + 0.5));
}

/**
 * A matching document while a query is answered: how many query words its title holds, how many are its title's
 * only word, and its relevance so far.
 */
interface Standing {
  titleHits: number;
  wholeTitles: number;
  relevance: number;
}

/**
 * The documents matching every word of `query`, best first: those whose title holds more of the query's words,
 * then those whose title is one of them alone (the `Donors` page before 2,000 titled `Donor 0x…`), then those more
 * about them (per query word, the best weight of its matching index words × the word's rarity, summed), then in
 * the index's order. `documents` is the index's document count (`index.json`), for rarity.
 */
export async function searchIndex(query: string, loadShard: ShardLoader, documents: number): Promise<SearchAnswer> {
  const words = [...new Set(queryWords(query))];
  const matched = new Set<string>();
  if (words.length === 0) return { ids: [], matched };
  let standings: Map<number, Standing> | undefined;
  for (const [at, word] of words.entries()) {
    const found = await matchingWords(word, at === words.length - 1, loadShard);
    /** This word's best match per document: in the title or not, as its only word or not, the highest weight. */
    const best = new Map<number, Standing>();
    for (const [candidate, postings] of found) {
      matched.add(candidate);
      forEachPosting(postings, (id, title, weight) => {
        const seen = best.get(id);
        const wholeTitles = title === 2 ? 1 : 0;
        if (seen === undefined) best.set(id, { titleHits: title > 0 ? 1 : 0, wholeTitles, relevance: weight });
        else {
          if (title > 0) seen.titleHits = 1;
          if (wholeTitles > seen.wholeTitles) seen.wholeTitles = wholeTitles;
          if (weight > seen.relevance) seen.relevance = weight;
        }
      });
    }
    // The rarity of the word as typed, over every page it finds: `donation` and `donations` are one word to a reader.
    const rare = rarity(best.size, documents);
    const next = new Map<number, Standing>();
    for (const [id, standing] of standings ?? best) {
      const here = best.get(id);
      if (here === undefined) continue;
      const before = standings ? standing : { titleHits: 0, wholeTitles: 0, relevance: 0 };
      next.set(id, {
        titleHits: before.titleHits + here.titleHits,
        wholeTitles: before.wholeTitles + here.wholeTitles,
        relevance: before.relevance + here.relevance * rare,
      });
    }
    standings = next;
    if (standings.size === 0) return { ids: [], matched: new Set() };
  }
  const ids = [...(standings as Map<number, Standing>)]
    .sort(
      ([a, left], [b, right]) =>
        right.titleHits - left.titleHits ||
        right.wholeTitles - left.wholeTitles ||
        right.relevance - left.relevance ||
        a - b,
    )
    .map(([id]) => id);
  return { ids, matched };
}

/** Whether a word of a result's text (split on white space, as shown) holds a word the query matched. */
export function matchesWord(shownWord: string, matched: ReadonlySet<string>): boolean {
  return queryWords(shownWord).some((word) => indexForms(word).some((form) => matched.has(form)));
}
