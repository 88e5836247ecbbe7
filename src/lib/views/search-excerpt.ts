/**
 * Search result excerpts as plain data, for a results list built from DOM text nodes.
 *
 * An excerpt as an HTML string would trust the index (which holds on-chain text) the moment it was inserted. Instead
 * the excerpt is built from a result's plain text and the positions of its matched words (`locations`), counted
 * over the same words the search page splits the text into (`WORD_SEPARATORS`: whitespace other than U+FEFF).
 */

/** What separates the words of a result's text, for its excerpt's positions. */
export const WORD_SEPARATORS = /[^\S\uFEFF]+/u;

/** Words longer than this are cut (a 1 MB description can be one "word"). Counted in code points. */
export const MAX_WORD_LENGTH = 60;

/** A run of excerpt text, and whether it is a match (shown marked). */
export interface ExcerptPart {
  text: string;
  marked: boolean;
}

function shorten(word: string): string {
  const chars = [...word];
  return chars.length <= MAX_WORD_LENGTH ? word : `${chars.slice(0, MAX_WORD_LENGTH - 1).join("")}…`;
}

/**
 * About `length` words of `content` around the first match, as runs of plain and marked text. Ellipses show
 * where text was left out. Positions outside the text are ignored, so a stale index cannot throw.
 */
export function buildExcerpt(content: string, locations: readonly number[], length = 30): ExcerptPart[] {
  // Not filtered: text that starts with whitespace has an empty first word, and the search page counts it too.
  const words = content.split(WORD_SEPARATORS);
  if (words.every((word) => word === "")) return [];
  const marked = new Set(locations.filter((at) => Number.isInteger(at) && at >= 0 && at < words.length));
  const first = Math.min(...marked, words.length);
  const anchor = first === words.length ? 0 : first;
  // A quarter of the window before the first match gives it some context on the left.
  const start = Math.max(0, Math.min(anchor - Math.floor(length / 4), words.length - length));
  const end = Math.min(words.length, start + length);
  const parts: ExcerptPart[] = [];
  const push = (text: string, isMarked: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.marked === isMarked) last.text += text;
    else parts.push({ text, marked: isMarked });
  };
  if (start > 0) push("… ", false);
  let shown = 0;
  for (let at = start; at < end; at++) {
    const word = words[at] as string;
    if (word === "") continue;
    if (shown++ > 0) push(" ", false);
    push(shorten(word), marked.has(at));
  }
  if (end < words.length) push(" …", false);
  return parts;
}
