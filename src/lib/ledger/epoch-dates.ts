import type { Snapshot } from "../../schemas/snapshot.ts";
import { compareBigint } from "../compare.ts";
import { formatDayForPeople } from "../format-time.ts";
import { formatInteger } from "../money.ts";
import { dayOf, type EpochStartEstimator, epochStartEstimator, isoUtcOf, USEC_PER_DAY } from "../periods.ts";

/**
 * Epochs said as dates for the public: the date first, the epoch after it ("about 4 Aug 2025, end of epoch 613"),
 * and how long is left counted from the snapshot's own time (there is no build clock).
 *
 * - A boundary the snapshot's `epochs.json` records is dated exactly, without "about".
 * - Any other boundary (one still to come, or one older than the recorded epochs) is estimated from the average
 *   epoch length (`estimateEpochStart` in `periods.ts`) and said with "about".
 * - Days left are (estimated boundary − snapshot time) / 24 h, rounded to the nearest whole day (half a day rounds
 *   up); under half a day is "less than a day". The methodology page states both rules.
 */

/** One estimator per snapshot (snapshots are never mutated once read): every transfer row and timeline asks. */
const estimators = new WeakMap<Snapshot, EpochStartEstimator>();

/** When epoch `deadline` closes: the start of the next epoch, exact or estimated. */
export function deadlineBoundary(snapshot: Snapshot, deadlineEpoch: bigint): { usec: bigint; estimated: boolean } {
  let estimate = estimators.get(snapshot);
  if (!estimate) {
    estimate = epochStartEstimator(snapshot.epochs, snapshot.meta.epoch, snapshot.meta.ledgerTimestampUsec);
    estimators.set(snapshot, estimate);
  }
  return estimate(deadlineEpoch + 1n);
}

/** The boundary that closes an epoch: the start of the next one. */
export interface EpochEnd {
  epoch: bigint;
  usec: bigint;
  /** ISO 8601 UTC, for `<time datetime>`. */
  iso: string;
  /** True when the date is an estimate (the page says "about"). */
  estimated: boolean;
  /** True when the snapshot was read after this boundary (the snapshot is in a later epoch). */
  passed: boolean;
}

/** When epoch `epoch` ends, as of the snapshot. */
export function epochEnd(snapshot: Snapshot, epoch: bigint): EpochEnd {
  const boundary = deadlineBoundary(snapshot, epoch);
  return {
    epoch,
    usec: boundary.usec,
    iso: isoUtcOf(boundary.usec),
    estimated: boundary.estimated,
    passed: epoch < snapshot.meta.epoch,
  };
}

/** The date alone: `"4 Aug 2025"`, or `"about 4 Aug 2025"` for an estimate. */
export function formatEpochEndDate(end: Pick<EpochEnd, "usec" | "estimated">): string {
  const day = formatDayForPeople(dayOf(end.usec));
  return end.estimated ? `about ${day}` : day;
}

/** `"about 4 Aug 2025, end of epoch 613"` (estimate) or `"9 Jul 2025, end of epoch 588"` (recorded). */
export function formatEpochEnd(end: EpochEnd): string {
  return `${formatEpochEndDate(end)}, end of epoch ${formatInteger(end.epoch)}`;
}

/**
 * Whole days from the snapshot's time to the end of `epoch`, rounded to the nearest day (half up); null once the
 * snapshot is past that boundary (nothing is left).
 */
export function daysLeftAtSnapshot(snapshot: Snapshot, epoch: bigint): bigint | null {
  const end = epochEnd(snapshot, epoch);
  if (end.passed) return null;
  const remaining = end.usec - snapshot.meta.ledgerTimestampUsec;
  if (remaining <= 0n) return 0n;
  return (remaining + USEC_PER_DAY / 2n) / USEC_PER_DAY;
}

/** `"about 3 days left as of the snapshot"`, `"about 1 day left …"`, `"less than a day left …"`. */
export function formatDaysLeft(days: bigint): string {
  if (days <= 0n) return "less than a day left as of the snapshot";
  return `about ${formatInteger(days)} ${days === 1n ? "day" : "days"} left as of the snapshot`;
}

/**
 * The ledger version at which epoch `epoch` began (its reconfiguration), for placing events that have no version
 * of their own. Always a lower bound: an epoch `epochs.json` does not record is placed at the latest recorded
 * epoch before it, or at version 0 when none is (older than every record); one that had not begun when the
 * snapshot was read has no version yet (null).
 */
export function epochStartVersion(snapshot: Snapshot, epoch: bigint): bigint | null {
  if (epoch > snapshot.meta.epoch) return null;
  const index = epochIndexOf(snapshot);
  const exact = index.versions.get(epoch);
  if (exact !== undefined) return exact;
  // The latest recorded epoch before `epoch` (binary search), else version 0.
  let low = 0;
  let high = index.ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((index.ascending[middle] as bigint) < epoch) low = middle + 1;
    else high = middle;
  }
  const anchor = low === 0 ? undefined : index.ascending[low - 1];
  return anchor === undefined ? 0n : (index.versions.get(anchor) ?? 0n);
}

interface EpochIndex {
  versions: Map<bigint, bigint>;
  ascending: bigint[];
}

/** Indexed once per snapshot: every timeline of a site with 10^4 transfers asks. */
const epochIndexes = new WeakMap<Snapshot, EpochIndex>();

function epochIndexOf(snapshot: Snapshot): EpochIndex {
  let index = epochIndexes.get(snapshot);
  if (!index) {
    const versions = new Map<bigint, bigint>();
    for (const record of snapshot.epochs) {
      const epoch = record.epoch;
      if (!versions.has(epoch)) versions.set(epoch, record.version);
    }
    index = { versions, ascending: [...versions.keys()].sort(compareBigint) };
    epochIndexes.set(snapshot, index);
  }
  return index;
}
