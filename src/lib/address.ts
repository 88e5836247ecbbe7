/**
 * Account addresses. 0L addresses are 32 bytes; legacy (v5/v6) accounts were migrated by left-padding their
 * 16-byte address with zeros, and the node prints addresses with leading zeros stripped. We compare and store
 * the one canonical form: `0x` + 64 lower-case hex characters.
 */

const ADDRESS_PATTERN = /^(?:0x)?([0-9a-fA-F]{1,64})$/;

/**
 * Forms already normalised, and their canonical form. A snapshot run normalises every address of every event of
 * 10^5 transactions, nearly all of them the same few thousand accounts: the cache saves the pattern match and
 * gives every record the same string. Bounded: emptied when full.
 */
const normalized = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 65_536;

/** Normalises any accepted address form to `0x` + 64 lower-case hex. Throws on anything else. */
export function normalizeAddress(text: string): string {
  const canonical = canonicalAddress(text);
  if (canonical === undefined) throw new RangeError(`not an account address: ${JSON.stringify(text)}`);
  return canonical;
}

/** `normalizeAddress` that gives undefined instead of throwing: a form seen before is not matched again. */
export function canonicalAddress(text: string): string | undefined {
  const known = normalized.get(text);
  if (known !== undefined) return known;
  const match = ADDRESS_PATTERN.exec(text);
  if (!match?.[1]) return undefined;
  const canonical = `0x${match[1].toLowerCase().padStart(64, "0")}`;
  if (normalized.size >= NORMALIZED_CACHE_SIZE) normalized.clear();
  normalized.set(text, canonical);
  return canonical;
}

/** The node's short form: `0x` + hex with leading zeros stripped (`0x1`, `0x19e9…96d2`). */
export function shortAddress(address: string): string {
  const hex = normalizeAddress(address).slice(2).replace(/^0+/, "");
  return `0x${hex === "" ? "0" : hex}`;
}

/**
 * A value shown shortened: `head`, then an ellipsis and `tail`; or, with `tail` null, `head` is the whole value.
 * Markup writes the ellipsis as `&hellip;` between the two (src/components/LedgerTable.astro): the parts come from
 * the value itself, never from a string holding the ellipsis, so they stay one-byte strings (that component says why).
 */
export interface Abbreviation {
  head: string;
  tail: string | null;
}

/** The abbreviation's text, as people read it: `0x19e966…b96d2`. */
export function abbreviationText(abbreviation: Abbreviation): string {
  return abbreviation.tail === null ? abbreviation.head : `${abbreviation.head}\u2026${abbreviation.tail}`;
}

/** `abbreviateAddress` in parts. */
export function addressAbbreviation(address: string): Abbreviation {
  const short = shortAddress(address);
  return short.length <= 14 ? { head: short, tail: null } : { head: short.slice(0, 8), tail: short.slice(-5) };
}

/** Abbreviation for narrow screens: `0x19e966…b96d2`. The full form must stay available (title, copy). */
export function abbreviateAddress(address: string): string {
  return abbreviationText(addressAbbreviation(address));
}
