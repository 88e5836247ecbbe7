/**
 * The glossary (`/glossary/`): the site's few technical words, each with an anchor, and the rule that a page links
 * a term to its entry at its first use only. Templates write `<Term id="epoch">epoch</Term>` wherever the word is
 * used; every such link is the same, and `linkFirstUseOnly` (run on each built page) keeps the first one per term
 * and turns the others back into plain text. Deciding on the finished HTML keeps "first" true to the page as read,
 * whatever order Astro renders components in.
 */

export const GLOSSARY_TERMS = [
  { id: "advance", term: "Advance" },
  { id: "authority", term: "Authority" },
  { id: "award", term: "Award" },
  { id: "base-unit", term: "Base unit" },
  { id: "basis-point", term: "Basis point" },
  { id: "donor", term: "Donor" },
  { id: "donor-voice", term: "Donor Voice" },
  { id: "epoch", term: "Epoch" },
  { id: "fee", term: "Administrative fee" },
  { id: "fee-cap", term: "Fee cap" },
  { id: "ledger-version", term: "Ledger version" },
  { id: "proposal", term: "Proposal" },
  { id: "snapshot", term: "Snapshot" },
  { id: "steward", term: "Steward" },
  { id: "transfer", term: "Transfer" },
  { id: "veto", term: "Veto" },
  { id: "wallet", term: "Community wallet" },
] as const;

const IDS: ReadonlySet<string> = new Set(GLOSSARY_TERMS.map((entry) => entry.id));

/** Where a term's entry is; an unknown id fails the build (a typo must not become a broken link). */
export function glossaryHref(id: string): string {
  if (!IDS.has(id)) throw new RangeError(`no glossary entry "${id}" (src/lib/views/glossary.ts)`);
  return `/glossary/#${id}`;
}

// Exactly the markup `Term.astro` writes: the text inside is the template's own words (never contributed text, which
// is escaped, so a `<a class="term"` can only come from the component).
const TERM_LINK = /<a class="term" href="\/glossary\/#([a-z-]+)">([^<]*)<\/a>/g;

/** Keeps the first link to each glossary entry in `html` and turns later ones into their plain text. */
export function linkFirstUseOnly(html: string): string {
  const seen = new Set<string>();
  return html.replace(TERM_LINK, (link, id: string, text: string) => {
    if (seen.has(id)) return text;
    seen.add(id);
    return link;
  });
}
