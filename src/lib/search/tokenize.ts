/**
 * Words as the site search indexes and matches them: lower-case, diacritics folded (`Café` → `cafe`), split on
 * anything that is not a letter or a digit. Readers type the site's numbers and addresses in more than one way, so
 * a number written with separators (`3,951.828018`, an amount as pages show it) is indexed whole, without its
 * thousands separators (`3951.828018`), by its integer part (`3951`, `3,951`) and by its digit groups (`3`, `951`,
 * `828018`); an address (`0x0019e9…`) whole and by its digits after `0x` and any leading zeros (`19e9…`). Pure: the build's index and the browser's query use
 * the same code, so a word is found the way it was indexed.
 */

/** Letters and digits of any script, and a digit group's separators (`,` `.`) when digits stand on both sides. */
const TOKEN = /[\p{L}\p{N}]+(?:[.,](?=\p{Nd})[\p{L}\p{N}]+)*/gu;
const COMBINING_MARKS = /\p{M}+/gu;
/** Most of the site's text: ASCII, folded by lower-casing alone and split by a plainer pattern. */
const ASCII = /^[^\u0080-\uffff]*$/;
const ASCII_TOKEN = /[a-z0-9]+(?:[.,](?=[0-9])[a-z0-9]+)*/g;
const DIGITS_WITH_SEPARATORS = /^\p{Nd}+(?:[.,]\p{Nd}+)+$/u;
const ADDRESS = /^0x[0-9a-f]+$/;
const SEPARATOR = /[.,]/;

/** Lower-cased with diacritics folded: the form every word is compared in. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFD").replace(COMBINING_MARKS, "").toLowerCase().normalize("NFC");
}

/**
 * The words of `text` as a reader would type them, in order: each run of letters and digits once, with a number's
 * separators kept between digits (`3,951.828018` is one word). What the query matches against, and what marks
 * a result's excerpt.
 */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  const folded = foldText(text);
  for (const [word] of folded.matchAll(ASCII.test(folded) ? ASCII_TOKEN : TOKEN)) {
    // A run like `v1.2` or `a.b` is not a number: split it where the separators are.
    if (SEPARATOR.test(word) && !DIGITS_WITH_SEPARATORS.test(word)) words.push(...word.split(/[.,]/));
    else words.push(word);
  }
  return words;
}

/**
 * Every form a word of the text is indexed under (see the module's comment): its whole form first, then the forms a
 * reader may type instead. Unordered as a set; the index sorts.
 */
export function indexForms(word: string): string[] {
  if (SEPARATOR.test(word) && DIGITS_WITH_SEPARATORS.test(word)) {
    const groups = word.split(/[.,]/);
    const [integer] = word.split(".") as [string];
    const forms = [word, word.replaceAll(",", ""), integer, integer.replaceAll(",", ""), ...groups];
    return [...new Set(forms)];
  }
  if (word.startsWith("0x") && word.length > 3 && ADDRESS.test(word)) {
    // Without `0x`, an address is found by its digits after any leading zeros: no reader types those alone.
    const hex = word.slice(2).replace(/^0+(?=.)/, "");
    return [word, hex];
  }
  return [word];
}

/**
 * Calls `visit` with every form every word of `text` is indexed under, in order, a form possibly more than once.
 * A callback rather than a list: the index builder runs it over every document, and the lists were most of its
 * garbage.
 */
export function forEachIndexTerm(text: string, visit: (term: string) => void): void {
  const folded = foldText(text);
  const pattern = ASCII.test(folded) ? ASCII_TOKEN : TOKEN;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(folded); match !== null; match = pattern.exec(folded)) {
    const word = match[0];
    if (word.length <= 2 || !(word.charCodeAt(0) === 0x30 || SEPARATOR.test(word))) visit(word);
    else if (SEPARATOR.test(word) && !DIGITS_WITH_SEPARATORS.test(word)) {
      // A run like `v1.2` or `a.b` is not a number: its parts, as queryWords splits it.
      for (const part of word.split(/[.,]/)) visit(part);
    } else for (const form of indexForms(word)) visit(form);
  }
}

/** Every form every word of `text` is indexed under, each once. */
export function indexTerms(text: string): Set<string> {
  const terms = new Set<string>();
  forEachIndexTerm(text, (term) => terms.add(term));
  return terms;
}
