import type { LedgerEntry, Snapshot } from "../../schemas/snapshot.ts";
import { compareBigint } from "../compare.ts";
import { shortHash } from "../ledger/ledger-movements.ts";
import { formatCoins, formatInteger, parseU64 } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import { dayOf, isoUtcOf } from "../periods.ts";
import type { DonorTableRow } from "./tables.ts";

/**
 * Each donor's donations, from the ledger. A ledger entry names its donor only when attribution found an
 * `ol_account::transfer` signed by them (`src/lib/ledger/attribution.ts`): category `donation`, counterparty = sender.
 * Other inflows (e.g. match-index recycling) name nobody and belong to no donor.
 */

/** Newest first: version, then sequence (deposits of one version share no sequence), so the order is total. */
function newestFirst(a: LedgerEntry, b: LedgerEntry): number {
  return compareBigint(b.version, a.version) || compareBigint(b.sequence, a.sequence);
}

/**
 * Every attributed donation grouped by donor address, each list newest first. One pass over the ledger: with
 * 10^5 donations and 10^3 donors, filtering the ledger once per donor page would be 10^8 steps.
 */
export function indexDonationsByDonor(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const byDonor = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    if (entry.category !== "donation" || entry.counterparty === null) continue;
    const list = byDonor.get(entry.counterparty);
    if (list) list.push(entry);
    else byDonor.set(entry.counterparty, [entry]);
  }
  for (const list of byDonor.values()) list.sort(newestFirst);
  return byDonor;
}

/** Most donation rows one donor page shows (newest first); the donor's CSV download has all of them. */
export const DONOR_PAGE_ROW_LIMIT = 200;

export interface DonationRow {
  version: string;
  versionDisplay: string;
  /** Deposit event sequence: with the `deposit` stream, the entry's key in `ledger.json`. */
  sequence: string;
  dateIso: string;
  day: string;
  epoch: string;
  epochDisplay: string;
  amountUnits: string;
  amountLibra: string;
  txHash: string;
  /** The hash shortened for the row (`shortHash`); the whole one is its title and in the CSV. */
  txHashShort: string;
}

export function donationRow(entry: LedgerEntry): DonationRow {
  const usec = entry.timestampUsec;
  return {
    version: entry.version.toString(),
    versionDisplay: formatInteger(entry.version),
    sequence: entry.sequence.toString(),
    dateIso: isoUtcOf(usec),
    day: dayOf(usec),
    epoch: entry.epoch.toString(),
    epochDisplay: formatInteger(entry.epoch),
    amountUnits: entry.amount.toString(),
    amountLibra: formatCoins(entry.amount),
    txHash: entry.txHash,
    txHashShort: shortHash(entry.txHash),
  };
}

export interface DonorDetail {
  /** The donor's row of the donors table (receipt figures, share, veto weight): the same values as the table. */
  summary: DonorTableRow;
  /** Donations the ledger attributes to this donor. */
  donationCount: number;
  donationCountDisplay: string;
  /** Sum of those donations (base units), and whether it equals the receipt's cumulative. */
  ledgerTotalUnits: string;
  ledgerTotalLibra: string;
  /**
   * Receipt cumulative minus the ledger's sum (base units): positive when the receipt counts donations the ledger
   * does not list one by one, e.g. made before its first recorded movement. "0" when they agree.
   */
  unlistedUnits: string;
  unlistedLibra: string;
  /** Oldest and newest donation in the ledger, or null when it lists none. */
  first: DonationRow | null;
  last: DonationRow | null;
  /**
   * Veto weight over the wallet's all-time donations (`CumulativeDeposits.value`, the ballots' turnout base), in
   * hundredths of a percent rounded down: the turnout this donor's vote alone would make. Null without a weight.
   */
  vetoTurnoutPct: string | null;
  vetoTurnout: string | null;
  /** The newest `limit` donations; `hiddenCount` older ones are only in the download. */
  rows: DonationRow[];
  hiddenCount: number;
}

/**
 * What one donor's page shows. `donations` is this donor's list from `indexDonationsByDonor` (newest first); the
 * page shows at most `limit` of them so that a donor with 10^4 donations still gets a page of bounded size.
 */
export function donorDetail(
  snapshot: Snapshot,
  summary: DonorTableRow,
  donations: readonly LedgerEntry[],
  limit: number = DONOR_PAGE_ROW_LIMIT,
): DonorDetail {
  let ledgerTotal = 0n;
  for (const entry of donations) ledgerTotal += entry.amount;
  const unlisted = parseU64(summary.cumulativeUnits) - ledgerTotal;
  const newest = donations[0];
  const oldest = donations[donations.length - 1];
  const base = snapshot.wallet.cumulativeDeposits.value;
  const weight = summary.vetoWeightUnits === null ? null : parseU64(summary.vetoWeightUnits);
  const turnout = weight === null || base === 0n ? null : (weight * 10_000n) / base;
  return {
    summary,
    donationCount: donations.length,
    donationCountDisplay: formatInteger(BigInt(donations.length)),
    ledgerTotalUnits: ledgerTotal.toString(),
    ledgerTotalLibra: formatCoins(ledgerTotal),
    unlistedUnits: unlisted.toString(),
    unlistedLibra: formatCoins(unlisted),
    first: oldest ? donationRow(oldest) : null,
    last: newest ? donationRow(newest) : null,
    vetoTurnoutPct: turnout === null ? null : turnout.toString(),
    vetoTurnout: turnout === null ? null : formatHundredthsPercent(turnout),
    rows: donations.slice(0, limit).map(donationRow),
    hiddenCount: Math.max(0, donations.length - limit),
  };
}
