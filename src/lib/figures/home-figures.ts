import type { Snapshot } from "../../schemas/snapshot.ts";
import { formatCoins, formatInteger } from "../money.ts";
import { quarterOf } from "../periods.ts";
import { teamPageHref } from "../team-slug.ts";
import {
  type AwardGroup,
  type AwardsProgram,
  awardGroups,
  byAmountDescending,
  UNLISTED_TEAM,
} from "./awards-by-team.ts";
import type { FigureSource } from "./figure-source.ts";
import { formatCoinsRounded } from "./plain-figures.ts";

/**
 * What the overview's first screen and its "to whom" tables say, worked out from exact figures: the headline
 * amounts rounded for people (plain-figures.ts, rule on /methodology/#rounding) with the exact amount kept beside
 * them, the awards by team and by area for all time and the snapshot's quarter, and what the opening balance is.
 */

/** A headline amount: rounded text for the card, the exact text one tap away, the base units and the source. */
export interface HeadlineAmount {
  units: string;
  /** Rounded to hundredths of a coin, trailing ".00" dropped ("14,550", "1,234.57"). */
  rounded: string;
  /** Every base unit ("1,234.567891"). */
  exact: string;
  /** True when rounding changed the value: then the exact amount is shown next to the rounded one. */
  approximate: boolean;
  source: FigureSource;
}

/** One exact figure as the overview builds it (overview.ts `OverviewFigure`). */
export interface ExactFigure {
  units: string;
  source: FigureSource;
}

export function headlineAmount(figure: ExactFigure): HeadlineAmount {
  const units = BigInt(figure.units);
  if (units < 0n) {
    // Only "available after scheduled" can be negative, and it is not a headline; refuse rather than hide a sign.
    throw new RangeError(`a headline amount cannot be negative: ${figure.units}`);
  }
  const rounded = formatCoinsRounded(units);
  return {
    units: figure.units,
    rounded: rounded.text,
    exact: formatCoins(units),
    approximate: !rounded.exact,
    source: figure.source,
  };
}

/** One row of a "to whom" table: a team or area with its awards over all time and in the snapshot's quarter. */
export interface ToWhomRow {
  name: string;
  /** The team's page (`/teams/<slug>/`); null for an area and for "Not a listed team". */
  href: string | null;
  /** For an area: the listed teams in it, with their pages, so the row leads somewhere. */
  teams: { name: string; href: string }[];
  allTime: AwardGroup;
  /** Null when the group received nothing this quarter. */
  quarter: AwardGroup | null;
}

export interface ToWhom {
  /** The snapshot's UTC quarter (`YYYY-QN`): the quarter its block time falls in. */
  quarter: string;
  byTeam: ToWhomRow[];
  byArea: ToWhomRow[];
  /** All awards, all time and this quarter (base units), with their sources. */
  totals: { allTime: AwardGroupsTotal; quarter: AwardGroupsTotal };
  /** The administrative fee paid to stewards, all time and this quarter: shown apart from the awards. */
  fees: { allTime: AwardGroupsTotal; quarter: AwardGroupsTotal };
}

export interface AwardGroupsTotal {
  units: bigint;
  source: FigureSource;
}

/**
 * Awards by team and by area, all time and in the quarter of the snapshot's block time, largest (all time) first.
 * Every group that ever received an award is listed, with the quarter's figure or null beside it.
 */
export function toWhom(snapshot: Snapshot, program: AwardsProgram): ToWhom {
  const quarter = quarterOf(snapshot.meta.ledgerTimestampUsec);
  const allTime = awardGroups(snapshot, program, "all");
  const current = awardGroups(snapshot, program, quarter);
  const rows = (all: AwardGroup[], inQuarter: AwardGroup[], kind: "team" | "area"): ToWhomRow[] => {
    const quarterByName = new Map(inQuarter.map((group) => [group.name, group]));
    return [...all].sort(byAmountDescending).map((group) => ({
      name: group.name,
      href: kind === "team" && group.name !== UNLISTED_TEAM ? teamPageHref(group.name) : null,
      teams:
        kind === "area" && group.name !== UNLISTED_TEAM
          ? program.teams
              .filter((team) => team.area === group.name)
              .map((team) => ({ name: team.name, href: teamPageHref(team.name) }))
          : [],
      allTime: group,
      quarter: quarterByName.get(group.name) ?? null,
    }));
  };
  return {
    quarter,
    byTeam: rows(allTime.byTeam, current.byTeam, "team"),
    byArea: rows(allTime.byArea, current.byArea, "area"),
    totals: {
      allTime: { units: allTime.total, source: allTime.totalSource },
      quarter: { units: current.total, source: current.totalSource },
    },
    fees: {
      allTime: { units: allTime.fees, source: allTime.feesSource },
      quarter: { units: current.fees, source: current.feesSource },
    },
  };
}

/** `2025-Q4` as people say it: "October to December 2025". */
export function quarterInWords(quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) throw new RangeError(`not a quarter: ${JSON.stringify(quarter)}`);
  const months = ["January to March", "April to June", "July to September", "October to December"];
  return `${months[Number(match[2]) - 1]} ${match[1]}`;
}

/**
 * What the opening balance of the books line is, in words, from `ledger.json`'s opening record: the wallet's coin
 * balance read at the ledger version just before the first movement the ledger lists (the snapshot reader takes it
 * from the CoinStore at that version). It says where the record begins, not where those coins came from: the
 * snapshot does not know.
 */
export function openingBalanceNote(
  opening: Snapshot["ledger"]["opening"],
  coinSymbol: string,
): { sentence: string; version: string } {
  const amount = opening.amount;
  const version = formatInteger(opening.provenance.ledgerVersion);
  const shown = `${formatCoins(amount)} ${coinSymbol}`;
  if (amount === 0n) {
    return {
      sentence: `The opening balance is ${shown}: the wallet held nothing before the first movement listed here, so every coin in it is accounted for below.`,
      version,
    };
  }
  return {
    sentence: `The opening balance of ${shown} is what the wallet already held when this record begins: its balance on the chain at ledger version ${version}, just before the first movement listed here. Where those coins came from is older than this record, so it is not broken down here.`,
    version,
  };
}
