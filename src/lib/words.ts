import { formatInteger } from "./money.ts";

/** "1 donor", "2 donors", "1,234 donations": a count with its noun, in the site's number format. */
export function countOf(count: number | bigint, one: string, many: string): string {
  const value = BigInt(count);
  return `${formatInteger(value)} ${value === 1n ? one : many}`;
}

/** Longest `<title>` we write: search engines and validators cut or flag longer ones. */
export const MAX_TITLE_LENGTH = 70;

/** `text` cut to `length` characters (code points) with room for an ellipsis, and whether it was cut. */
function clip(text: string, length: number): { text: string; clipped: boolean } {
  const chars = Array.from(text);
  return chars.length <= length
    ? { text, clipped: false }
    : {
        text: chars
          .slice(0, Math.max(0, length - 1))
          .join("")
          .trimEnd(),
        clipped: true,
      };
}

/**
 * `documentTitle` in parts: `before`, an ellipsis where `clipped`, then `after`. The layout writes the ellipsis as a
 * character reference, so a ledger page stays Latin-1 (src/components/LedgerTable.astro says why).
 */
export function documentTitleParts(page: string, program: string): { before: string; clipped: boolean; after: string } {
  const full = `${page} · ${program}`;
  if (Array.from(full).length <= MAX_TITLE_LENGTH) return { before: full, clipped: false, after: "" };
  const room = MAX_TITLE_LENGTH - Array.from(` · ${program}`).length;
  if (room < 10) {
    const cut = clip(full, MAX_TITLE_LENGTH);
    return { before: cut.text, clipped: cut.clipped, after: "" };
  }
  const cut = clip(page, room);
  return { before: cut.text, clipped: cut.clipped, after: ` · ${program}` };
}

/**
 * The document title, `"<page> · <program>"`, at most `MAX_TITLE_LENGTH` characters (code points): a long page title
 * (a contributor's report title, say) is shortened with an ellipsis and the program name is kept. The page's own
 * heading always shows the full title.
 */
export function documentTitle(page: string, program: string): string {
  const { before, clipped, after } = documentTitleParts(page, program);
  return `${before}${clipped ? "\u2026" : ""}${after}`;
}
