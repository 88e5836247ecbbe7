import { formatInteger } from "./money.ts";

/** "1 donor", "2 donors", "1,234 donations": a count with its noun, in the site's number format. */
export function countOf(count: number | bigint, one: string, many: string): string {
  const value = BigInt(count);
  return `${formatInteger(value)} ${value === 1n ? one : many}`;
}

/** Longest `<title>` we write: search engines and validators cut or flag longer ones. */
export const MAX_TITLE_LENGTH = 70;

function clip(text: string, length: number): string {
  const chars = Array.from(text);
  return chars.length <= length
    ? text
    : `${chars
        .slice(0, Math.max(0, length - 1))
        .join("")
        .trimEnd()}…`;
}

/**
 * The document title, `"<page> · <program>"`, at most `MAX_TITLE_LENGTH` characters (code points): a long page title
 * (a contributor's report title, say) is shortened with an ellipsis and the program name is kept. The page's own
 * heading always shows the full title.
 */
export function documentTitle(page: string, program: string): string {
  const full = `${page} · ${program}`;
  if (Array.from(full).length <= MAX_TITLE_LENGTH) return full;
  const room = MAX_TITLE_LENGTH - Array.from(` · ${program}`).length;
  if (room < 10) return clip(full, MAX_TITLE_LENGTH);
  return `${clip(page, room)} · ${program}`;
}
