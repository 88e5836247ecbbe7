/**
 * The glossary (`/glossary/`): the site's few technical words, each with an anchor, and the rule that a page links
 * a term to its entry at its first use only. Templates write `<Term id="epoch">epoch</Term>` wherever the word is
 * used; `Term.astro` links the first use on the page and writes later ones as plain words (`claimFirstUse`).
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

const linkedByPage = new WeakMap<object, Set<string>>();

/**
 * True the first time a page asks about term `id`, false after: `Term.astro` links a word only at its first use.
 * `page` is the page render's `Astro.locals` (a new object for every page Astro builds), so the answer is decided as
 * the page renders, with nothing read back from the finished HTML. "First" is the order Astro renders the `<Term>`s
 * in, which on our pages is document order (tests/build/glossary.test.ts checks it on every built page).
 */
export function claimFirstUse(page: object, id: string): boolean {
  let linked = linkedByPage.get(page);
  if (linked === undefined) {
    linked = new Set();
    linkedByPage.set(page, linked);
  }
  if (linked.has(id)) return false;
  linked.add(id);
  return true;
}
