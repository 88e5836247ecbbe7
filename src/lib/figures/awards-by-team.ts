import type { Snapshot } from "../../schemas/snapshot.ts";
import { compareText } from "../compare.ts";
import { classifyDisbursement, payeeDirectory } from "../ledger/classify.ts";
import { quarterBounds } from "../periods.ts";
import {
  AWARD,
  DISBURSEMENT,
  FEE,
  type FigureSource,
  ledgerCount,
  ledgerSum,
  periodCondition,
  recordSource,
} from "./figure-source.ts";

/**
 * Awards grouped by who received them: by team and by program area, for one UTC quarter or the whole ledger. An
 * award is a payout or advance to anyone but a steward (the fee rule's `awards.total`), counted when it was paid
 * (its block time). A payee that is no listed team is grouped as "Not a listed team", never dropped. The quarterly
 * statement and the overview's "to whom" tables both read this, so they cannot disagree.
 */

export const UNLISTED_TEAM = "Not a listed team";

export type AwardGroupKind = "team" | "area";

export interface AwardGroup {
  /** The team's or area's name as `program.yaml` gives it, or `UNLISTED_TEAM`. */
  name: string;
  /** Base units awarded. */
  units: bigint;
  /** Disbursements (payouts and advances) in the group. */
  count: bigint;
  /** The ledger records summed (`amount`) and counted (`count`). */
  sources: { amount: FigureSource; count: FigureSource };
}

export interface AwardGroups {
  /** `YYYY-QN` or `all`. */
  period: string;
  byTeam: AwardGroup[];
  byArea: AwardGroup[];
  /** Sum of every group (either grouping: each award is in one team and one area). */
  total: bigint;
  totalSource: FigureSource;
  /** Payouts and advances to a steward in the period (the administrative fee as paid), shown apart from awards. */
  fees: bigint;
  feesSource: FigureSource;
}

export interface AwardsProgram {
  teams: readonly { address: string; name: string; area: string }[];
  stewards: readonly string[];
}

const byName = (a: AwardGroup, b: AwardGroup) => compareText(a.name, b.name);

/** Largest first, then by name: the order in which people ask "who got the most". */
export function byAmountDescending(a: AwardGroup, b: AwardGroup): number {
  if (a.units !== b.units) return a.units > b.units ? -1 : 1;
  return byName(a, b);
}

/**
 * The awards of `period` (`YYYY-QN`, any case, or `all`) grouped by team and by area, each sorted by name.
 * Quarters are bounded by UTC block time, as everywhere on the site.
 */
export function awardGroups(snapshot: Snapshot, program: AwardsProgram, period: string): AwardGroups {
  const quarter = period === "all" ? null : period.toUpperCase();
  const bounds = quarter === null ? null : quarterBounds(quarter);
  // Only stewards matter for the award/fee split; names come from the team list below.
  const directory = payeeDirectory({ stewards: program.stewards, teams: [] });
  const teamByAddress = new Map(program.teams.map((team) => [team.address, team]));
  const transferPayee = new Map(snapshot.transfers.map((transfer) => [transfer.uid, transfer.payee]));
  const teams = new Map<string, { units: bigint; count: bigint }>();
  const areas = new Map<string, { units: bigint; count: bigint }>();
  const add = (groups: typeof teams, name: string, units: bigint) => {
    const group = groups.get(name) ?? { units: 0n, count: 0n };
    group.units += units;
    group.count += 1n;
    groups.set(name, group);
  };
  let total = 0n;
  let fees = 0n;
  for (const entry of snapshot.ledger.entries) {
    if (entry.stream !== "withdraw" || (entry.category !== "payout" && entry.category !== "advance")) continue;
    if (bounds !== null) {
      const usec = entry.timestampUsec;
      if (usec < bounds.startUsec || usec >= bounds.endUsec) continue;
    }
    const payee = entry.counterparty ?? (entry.transferUid === null ? undefined : transferPayee.get(entry.transferUid));
    const units = entry.amount;
    if (payee !== undefined && classifyDisbursement(payee, directory).kind === "fee") {
      fees += units;
      continue;
    }
    const team = payee === undefined ? undefined : teamByAddress.get(payee);
    add(teams, team?.name ?? UNLISTED_TEAM, units);
    add(areas, team?.area ?? UNLISTED_TEAM, units);
    total += units;
  }
  const inPeriod = periodCondition("timestampUsec", quarter ?? "all");
  const groups = (map: typeof teams, kind: AwardGroupKind): AwardGroup[] =>
    [...map]
      .map(([name, group]) => {
        const payee =
          name === UNLISTED_TEAM ? "payee is not a listed team" : `payee's ${kind} is ${JSON.stringify(name)}`;
        const where = [DISBURSEMENT, AWARD, payee, ...inPeriod];
        return {
          name,
          units: group.units,
          count: group.count,
          sources: {
            amount: recordSource(snapshot, "ledger.json", ledgerSum(where)),
            count: recordSource(snapshot, "ledger.json", ledgerCount(where)),
          },
        };
      })
      .sort(byName);
  return {
    period: quarter ?? "all",
    byTeam: groups(teams, "team"),
    byArea: groups(areas, "area"),
    total,
    totalSource: recordSource(snapshot, "ledger.json", ledgerSum([DISBURSEMENT, AWARD, ...inPeriod])),
    fees,
    feesSource: recordSource(snapshot, "ledger.json", ledgerSum([DISBURSEMENT, FEE, ...inPeriod])),
  };
}
