/**
 * Many short texts kept as one string and the offsets where each ends: text `i` is read out (`at(i)`) when it is
 * wanted. A build holds its 10^5 ledger rows' texts (amounts, balances, versions) for the whole render, and every
 * full collection marks each string the heap holds, one by one; one string and one typed array are two objects
 * (a typed array's contents are not on the JS heap). Reading is a slice: a copy for a short text, a view of the
 * one string for a longer one, both young garbage once the page that read them is written.
 *
 * Latin-1 text only: V8 keeps such a string one byte per character, and so every text read out of it; one wider
 * character would make the whole string, and every page that shows any text of it, two bytes per character
 * (src/components/LedgerTable.astro says what that costs). `packTexts` refuses one.
 */
export interface PackedTexts {
  readonly length: number;
  at(index: number): string;
}

const BEYOND_LATIN_1 = /[\u0100-\uffff]/;

/** The texts, in order, as one string and their ends. Throws on a text with a character beyond Latin-1. */
export function packTexts(texts: readonly string[]): PackedTexts {
  const ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((text, index) => {
    end += text.length;
    ends[index] = end;
  });
  const count = texts.length;
  const joined = texts.join("");
  const wide = BEYOND_LATIN_1.exec(joined);
  if (wide) {
    const at = ends.findIndex((textEnd) => textEnd > wide.index);
    throw new RangeError(`packed text ${at} has a character beyond Latin-1: ${JSON.stringify(texts[at])}`);
  }
  return {
    length: count,
    // Holds the one string and the ends, never `texts` itself.
    at(index) {
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new RangeError(`no packed text ${index} of ${count}`);
      }
      return joined.slice(index === 0 ? 0 : ends[index - 1], ends[index]);
    },
  };
}
