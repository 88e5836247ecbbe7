import { quarterBounds } from "../periods.ts";

/**
 * The text `npm run new-report` writes for a new quarterly report: frontmatter for a draft, the quarter's headline
 * figures as `:figure[…]` directives (resolved from the snapshot at every build, so no number is ever pasted in),
 * section prompts, and the maintainer's checklist as a plain Markdown list (no HTML: it would not render).
 */

const QUARTER = /^([1-9][0-9]{3})-[Qq]([1-4])$/;
const ORDINAL = ["First", "Second", "Third", "Fourth"] as const;
const MONTHS = [
  ["January", "February", "March"],
  ["April", "May", "June"],
  ["July", "August", "September"],
  ["October", "November", "December"],
] as const;

/** `2026-q4` -> `{ quarter: "2026-Q4", file: "2026-q4.md" }`; throws a RangeError on anything but `YYYY-QN`. */
export function reportFileOf(quarter: string): { quarter: string; file: string } {
  const match = QUARTER.exec(quarter);
  if (!match) throw new RangeError(`not a quarter (YYYY-QN, e.g. 2026-Q4): ${JSON.stringify(quarter)}`);
  const upper = `${match[1]}-Q${match[2]}`;
  quarterBounds(upper);
  return { quarter: upper, file: `${upper.toLowerCase()}.md` };
}

/** The report file's text for `quarter`, published (as a draft) on `published` (`YYYY-MM-DD`). */
export function reportScaffold(quarter: string, published: string): string {
  const { quarter: upper } = reportFileOf(quarter);
  const [year, q] = upper.split("-Q") as [string, string];
  const index = Number(q) - 1;
  const months = MONTHS[index] ?? MONTHS[0];
  const label = `${year} Q${q}`;
  return `---
quarter: ${upper}
title: ${ORDINAL[index]} quarter ${year}
summary: How the program worked in ${months[0]}, ${months[1]} and ${months[2]} ${year}.
authors:
  - Program steward
published: ${published}
status: draft
---

This is the program's report for ${label} (${months[0]} to ${months[2]} ${year}). Every figure below is read from
the committed snapshot when the site is built; the generated statement under this text gives the full accounts.

## Headline figures

- Opening balance: :figure[balance.opening]
- Donations: :figure[donations.total] in :figure[donations.count] donations, :figure[donors.new] of the donors new
- Other inflows: :figure[inflows.other]
- Awarded to teams: :figure[awards.total]
- Administrative fees: :figure[fees.total], against a cap of :figure[fees.allowance] (within the cap:
  :figure[fees.withinCap])
- Veto ballots closing in the quarter: :figure[vetoes.count], of which :figure[vetoes.passed] passed
- Closing balance: :figure[balance.closing]

## Donations

Who gave, and how the donor base changed.

## Payments to teams

Which teams were paid, for what. Cite a payment as :transfer[UID] with its uid from the transfers pages.

## Vetoes

Whether donors voted to stop any payment, and what happened to it.

## Administrative fee

How the fee compares with the 4 % cap, and why, if it does not stay within it.

## Maintainer checklist (delete this section before publishing)

1. Take a snapshot after the quarter has ended (\`npm run snapshot\`), so the figures cover all of ${label}; the build
   fails while the snapshot does not reach the quarter.
2. Replace each prompt above with the quarter's story; cite figures as \`:figure[name]\` (names in the README), never
   as typed numbers.
3. Replace \`:transfer[UID]\` with real transfer uids, or delete it: an unknown uid fails the build.
4. Check the generated statement on the page against the overview's fee table for ${upper}.
5. Run \`npm run build\` and read the page, printed too (the browser's print to PDF).
6. Set \`published\` to the day of publication and \`status\` to \`final\`, then delete this checklist.
`;
}
