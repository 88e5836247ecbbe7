import type { Snapshot } from "../../schemas/snapshot.ts";
import { type AwardsProgram, awardGroups, byAmountDescending } from "../figures/awards-by-team.ts";
import { quarterBounds } from "../periods.ts";
import { teamSlug } from "../team-slug.ts";
import { GROUP_FIGURE_PREFIXES, snapshotQuarters } from "./report-figures.ts";

/**
 * The text `npm run new-report` writes for a new quarterly report: frontmatter for a draft, then the quarter's
 * facts as sentences to edit (donations and new donors, awards by team and by area, transfers still waiting, fees
 * against the cap, vetoes, what changed since the quarter before), every number in them a `:figure[…]` directive
 * (resolved from the snapshot at every build, so no number is ever pasted in and each links to its rows), and the
 * maintainer's checklist as a plain Markdown list (no HTML: it would not render). Which teams and areas get a line
 * is the only thing read from the snapshot here (`scaffoldFacts`); the figures themselves are left to the build.
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

/** What the scaffold's sentences need to know beyond the quarter: who was paid, and the quarter before. */
export interface ScaffoldFacts {
  /** Teams and program areas paid in the quarter (names as `program.yaml` gives them), largest first. */
  teams: readonly string[];
  areas: readonly string[];
  /** The quarter before, when the snapshot covers it (for "what changed"); null otherwise. */
  previousQuarter: string | null;
}

/** No facts: a scaffold for a quarter the snapshot does not reach yet. */
export const NO_FACTS: ScaffoldFacts = { teams: [], areas: [], previousQuarter: null };

/** The quarter before `quarter` (`2026-Q1` -> `2025-Q4`). */
export function previousQuarterOf(quarter: string): string {
  const { quarter: upper } = reportFileOf(quarter);
  const [year, q] = upper.split("-Q").map(Number) as [number, number];
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** The facts of `quarter` in `snapshot`; `NO_FACTS` when the snapshot does not cover the quarter. */
export function scaffoldFacts(snapshot: Snapshot, program: AwardsProgram, quarter: string): ScaffoldFacts {
  const { quarter: upper } = reportFileOf(quarter);
  const covered = snapshotQuarters(snapshot);
  if (!covered.includes(upper)) return NO_FACTS;
  const groups = awardGroups(snapshot, program, upper);
  const previous = previousQuarterOf(upper);
  return {
    teams: [...groups.byTeam].sort(byAmountDescending).map((group) => group.name),
    areas: [...groups.byArea].sort(byAmountDescending).map((group) => group.name),
    previousQuarter: covered.includes(previous) ? previous : null,
  };
}

/** How `npm run new-report` without a quarter chose one, in a sentence for the person who ran it. */
export interface ChosenQuarter {
  quarter: string;
  reason: string;
}

/**
 * The quarter `npm run new-report` scaffolds when none is named: the first quarter the committed snapshot covers
 * that comes after the newest report (or the snapshot's first quarter when there is no report yet). Undefined when
 * every such quarter has a report: the next one needs a newer snapshot first.
 */
export function nextReportQuarter(reported: readonly string[], covered: readonly string[]): ChosenQuarter | undefined {
  const upper = reported.map((quarter) => reportFileOf(quarter).quarter).sort();
  const newest = upper[upper.length - 1];
  // `YYYY-QN` strings sort as the quarters do.
  const quarter = covered.find((candidate) => newest === undefined || candidate > newest);
  if (quarter === undefined) return undefined;
  const reason =
    newest === undefined
      ? `no report yet, and ${quarter} is the first quarter of the committed snapshot`
      : `the newest report is ${newest}, and ${quarter} is the next quarter the committed snapshot covers`;
  return { quarter, reason };
}

const list = (prefix: string, names: readonly string[]) =>
  names.map((name) => `- ${name}: :figure[${prefix}${teamSlug(name)}]`).join("\n");

/** The report file's text for `quarter`, published (as a draft) on `published` (`YYYY-MM-DD`). */
export function reportScaffold(quarter: string, published: string, facts: ScaffoldFacts = NO_FACTS): string {
  const { quarter: upper } = reportFileOf(quarter);
  const [year, q] = upper.split("-Q") as [string, string];
  const index = Number(q) - 1;
  const months = MONTHS[index] ?? MONTHS[0];
  const label = `${year} Q${q}`;
  const teams =
    facts.teams.length > 0
      ? `By team (largest first):\n\n${list(GROUP_FIGURE_PREFIXES.team, facts.teams)}\n\nBy program area:\n\n${list(GROUP_FIGURE_PREFIXES.area, facts.areas)}`
      : "No team was paid in the quarter at the time of the snapshot (or the snapshot does not reach it yet).";
  const previous = facts.previousQuarter;
  const changed =
    previous === null
      ? "The balance went from :figure[balance.opening] at the start of the quarter to :figure[balance.closing] at its end."
      : `The balance went from :figure[balance.opening] at the start of the quarter to :figure[balance.closing] at its end.
Donations came to :figure[donations.total], against :figure[donations.total]{period=${previous}} the quarter before;
awards to :figure[awards.total], against :figure[awards.total]{period=${previous}}.`;
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
the committed snapshot when the site is built, and links to the records it is made of; the statement under this
text gives the full accounts.

## Donations

Donors gave :figure[donations.total] in :figure[donations.count] donations this quarter. :figure[donors.new] of the
donors gave for the first time.

## Payments to teams

Teams were awarded :figure[awards.total] this quarter.

${teams}

At the time of the snapshot, :figure[transfers.pending.count] transfers falling due this quarter were still waiting
to be paid (:figure[transfers.pending.amount]); over all quarters, :figure[transfers.pending.count]{period=all}
transfers were waiting (:figure[transfers.pending.amount]{period=all}).

## Administrative fee

The steward's fees came to :figure[fees.total], :figure[fees.percentOfAwards] of the awards, against a cap of
:figure[fees.allowance]. Within the cap: :figure[fees.withinCap].

## Vetoes

Donors voted on :figure[vetoes.count] veto ballots closing this quarter: :figure[vetoes.passed] passed (the
transfer was stopped), :figure[vetoes.failed] failed, :figure[vetoes.lapsed] lapsed and :figure[vetoes.open] are
still open. :figure[transfers.vetoed.count] transfers falling due this quarter were stopped.

## What changed

${changed}

## Maintainer checklist (delete this section before publishing)

1. Take a snapshot after the quarter has ended (\`npm run snapshot\`), so the figures cover all of ${label}; the build
   fails while the snapshot does not reach the quarter.
2. Edit each sentence above into the quarter's story: keep the \`:figure[name]\` directives (names in the README),
   never type a number, and delete what does not matter (a team line, an empty vetoes section).
3. Cite a payment as \`:transfer[uid]\` with its uid from the transfers pages: it links the transfer and names
   its amount and team (an unknown uid fails the build).
4. See the page while you write: \`npm run dev\` and open /reports/${upper.toLowerCase()}/ (edits and figure errors
   show on reload).
5. Check the generated statement on the page against the overview's fee table for ${upper}, and read the page
   printed too (the browser's print to PDF).
6. Set \`published\` to the day of publication and \`status\` to \`final\`, then delete this checklist.
`;
}
