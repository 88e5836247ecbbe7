import { compareBigint } from "./compare.ts";

/**
 * Calendar periods (UTC days, months, quarters) and epoch -> time estimates, in pure bigint arithmetic.
 *
 * Chain times are u64 microseconds. We do the calendar maths ourselves (days <-> civil date, after Howard
 * Hinnant's public-domain `civil_from_days`) instead of going through `Date`, because `Date` only covers
 * ±8.64e15 ms (a u64 µs value can be 2,000 times larger) and because an integer-only path cannot pick up a
 * local time zone or a rounding error. Periods are always UTC: a quarter is the same for every reader.
 */

/**
 * When an epoch began, as `epochs.json` records it (`EpochRecord`, structurally): a primitive names only the fields
 * it reads, so it needs nothing above `src/lib/`'s root.
 */
export interface EpochMark {
  readonly epoch: bigint;
  readonly timestampUsec: bigint;
}

export const USEC_PER_SECOND = 1_000_000n;
export const USEC_PER_DAY = 86_400_000_000n;
/** Epoch length assumed when the snapshot does not record two distinct epochs (the chain targets 24 h). */
export const DEFAULT_EPOCH_USEC = USEC_PER_DAY;

/** Days from 1970-01-01 to the civil date (proleptic Gregorian). `month` 1–12, `day` 1–31. */
function daysFromCivil(year: bigint, month: bigint, day: bigint): bigint {
  const y = month <= 2n ? year - 1n : year;
  const era = (y >= 0n ? y : y - 399n) / 400n;
  const yearOfEra = y - era * 400n;
  const shiftedMonth = month > 2n ? month - 3n : month + 9n;
  const dayOfYear = (153n * shiftedMonth + 2n) / 5n + day - 1n;
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear;
  return era * 146_097n + dayOfEra - 719_468n;
}

/** The civil date of a day count since 1970-01-01 (inverse of `daysFromCivil`). */
function civilFromDays(days: bigint): { year: bigint; month: bigint; day: bigint } {
  const z = days + 719_468n;
  const era = (z >= 0n ? z : z - 146_096n) / 146_097n;
  const dayOfEra = z - era * 146_097n;
  const yearOfEra = (dayOfEra - dayOfEra / 1_460n + dayOfEra / 36_524n - dayOfEra / 146_096n) / 365n;
  const dayOfYear = dayOfEra - (365n * yearOfEra + yearOfEra / 4n - yearOfEra / 100n);
  const shiftedMonth = (5n * dayOfYear + 2n) / 153n;
  const day = dayOfYear - (153n * shiftedMonth + 2n) / 5n + 1n;
  const month = shiftedMonth < 10n ? shiftedMonth + 3n : shiftedMonth - 9n;
  return { year: month <= 2n ? yearOfEra + era * 400n + 1n : yearOfEra + era * 400n, month, day };
}

/** Chain timestamps are u64: a negative time is a bug upstream, and we would rather say so than print year 1969. */
function civilOf(usec: bigint): { year: bigint; month: bigint; day: bigint } {
  if (usec < 0n) throw new RangeError(`timestamp before 1970 (negative µs): ${usec}`);
  return civilFromDays(usec / USEC_PER_DAY);
}

const pad = (value: bigint, width: number) => value.toString().padStart(width, "0");

/** UTC calendar day of a µs timestamp: `"2026-07-01"`. */
export function dayOf(usec: bigint): string {
  const { year, month, day } = civilOf(usec);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** UTC calendar month of a µs timestamp: `"2026-07"`. */
export function monthOf(usec: bigint): string {
  const { year, month } = civilOf(usec);
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** UTC calendar quarter of a µs timestamp: `"2026-Q3"` (Q1 = Jan–Mar). */
export function quarterOf(usec: bigint): string {
  const { year, month } = civilOf(usec);
  return `${pad(year, 4)}-Q${(month - 1n) / 3n + 1n}`;
}

/** ISO 8601 UTC to the second, `"2026-07-01T12:34:56Z"` (same text as `formatIsoUtc`, for any u64 time). */
export function isoUtcOf(usec: bigint): string {
  const secondOfDay = (usec % USEC_PER_DAY) / USEC_PER_SECOND;
  return `${dayOf(usec)}T${pad(secondOfDay / 3600n, 2)}:${pad((secondOfDay / 60n) % 60n, 2)}:${pad(secondOfDay % 60n, 2)}Z`;
}

/** The day before `day` ("YYYY-MM-DD"), in the same format. */
export function previousDay(day: string): string {
  const match = /^([1-9][0-9]{3,5})-([0-9]{2})-([0-9]{2})$/.exec(day);
  if (!match?.[1] || !match[2] || !match[3]) throw new RangeError(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  const days = daysFromCivil(BigInt(match[1]), BigInt(match[2]), BigInt(match[3]));
  return dayOf((days - 1n) * USEC_PER_DAY);
}

// Years from 1970 (µs timestamps are unsigned) up to six digits (u64 µs reaches year 586,524); no leading zeros,
// so every quarter has exactly one spelling and `quarterBounds(quarterOf(t))` always round-trips.
const QUARTER_PATTERN = /^([1-9][0-9]{3,5})-Q([1-4])$/;
const MONTH_PATTERN = /^([1-9][0-9]{3,5})-(0[1-9]|1[0-2])$/;

function boundsOfMonths(year: bigint, firstMonth: bigint, monthCount: bigint, label: string) {
  if (year < 1970n) throw new RangeError(`period before 1970: ${JSON.stringify(label)}`);
  const endMonthIndex = firstMonth - 1n + monthCount;
  const startUsec = daysFromCivil(year, firstMonth, 1n) * USEC_PER_DAY;
  const endUsec = daysFromCivil(year + endMonthIndex / 12n, (endMonthIndex % 12n) + 1n, 1n) * USEC_PER_DAY;
  return { startUsec, endUsec };
}

/**
 * First µs of the quarter and first µs of the next one (end exclusive, so `start ≤ t < end` tests membership
 * and consecutive quarters tile time with no gap or overlap). Throws on anything but `"YYYY-Qn"`, year ≥ 1970.
 */
export function quarterBounds(quarter: string): { startUsec: bigint; endUsec: bigint } {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match?.[1] || !match[2]) throw new RangeError(`not a quarter (YYYY-Qn): ${JSON.stringify(quarter)}`);
  return boundsOfMonths(BigInt(match[1]), (BigInt(match[2]) - 1n) * 3n + 1n, 3n, quarter);
}

/** As `quarterBounds`, for a month `"YYYY-MM"`. */
export function monthBounds(month: string): { startUsec: bigint; endUsec: bigint } {
  const match = MONTH_PATTERN.exec(month);
  if (!match?.[1] || !match[2]) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return boundsOfMonths(BigInt(match[1]), BigInt(match[2]), 1n, month);
}

/**
 * The most periods one list may hold: 10,000 years of months. Lists are built from the committed snapshot's own
 * first and last times; a time no chain can have (2^64 − 1 µs is the year 586,524) must be refused with its span
 * named, not enumerated month by month until the build runs out of memory.
 */
export const MAX_LISTED_MONTHS = 120_000n;

/** Months from the one containing `fromUsec` to the one containing `toUsec`, both counted (0 when from > to). */
function monthSpan(fromUsec: bigint, toUsec: bigint): bigint {
  if (fromUsec > toUsec) return 0n;
  const from = civilOf(fromUsec);
  const to = civilOf(toUsec);
  return (to.year - from.year) * 12n + (to.month - from.month) + 1n;
}

function assertListable(fromUsec: bigint, toUsec: bigint): void {
  const months = monthSpan(fromUsec, toUsec);
  if (months > MAX_LISTED_MONTHS) {
    throw new RangeError(
      `the times ${isoUtcOf(fromUsec)} to ${isoUtcOf(toUsec)} span ${months} months, more than the ${MAX_LISTED_MONTHS} (10,000 years) a list of periods may hold; one of these times is implausible`,
    );
  }
}

/**
 * Every quarter from the one containing `fromUsec` to the one containing `toUsec`, oldest first; [] if from > to.
 * Throws a RangeError naming both times when they span more than `MAX_LISTED_MONTHS`.
 */
export function listQuarters(fromUsec: bigint, toUsec: bigint): string[] {
  if (fromUsec > toUsec) return [];
  assertListable(fromUsec, toUsec);
  const last = quarterOf(toUsec);
  const out = [quarterOf(fromUsec)];
  while (out[out.length - 1] !== last) {
    out.push(quarterOf(quarterBounds(out[out.length - 1] as string).endUsec));
  }
  return out;
}

/**
 * Every month from the one containing `fromUsec` to the one containing `toUsec`, oldest first; [] if from > to.
 * Throws a RangeError naming both times when they span more than `MAX_LISTED_MONTHS`.
 */
export function listMonths(fromUsec: bigint, toUsec: bigint): string[] {
  if (fromUsec > toUsec) return [];
  assertListable(fromUsec, toUsec);
  const last = monthOf(toUsec);
  const out = [monthOf(fromUsec)];
  while (out[out.length - 1] !== last) {
    out.push(monthOf(monthBounds(out[out.length - 1] as string).endUsec));
  }
  return out;
}

/**
 * When epoch `epoch` starts (its first block's time), in µs.
 *
 * Exact (`estimated: false`) when `epochs` records that epoch. Otherwise it is estimated (`estimated: true`):
 * - the step is the average epoch length over the recorded epochs, (newest time − oldest time) / (newest epoch −
 *   oldest epoch), floored to the µs; 24 h when fewer than two distinct epochs are recorded (or the data would
 *   give a non-positive length);
 * - the anchor is the latest recorded epoch at or before `epoch` (so gaps are filled from the nearest earlier
 *   record), or the earliest record when `epoch` precedes them all; with no records at all, the snapshot's own
 *   point (`ledgerEpoch`, `ledgerTimestampUsec`) stands in for the start of `ledgerEpoch`;
 * - a boundary after the snapshot's epoch had not happened when the snapshot was read, so its estimate is never
 *   earlier than the snapshot time plus one average epoch per further epoch (an epoch running long pushes every
 *   later estimate out instead of dating the future in the past);
 * - results are clamped at 0 (backward extrapolation cannot produce a time before 1970).
 */
export function estimateEpochStart(
  epoch: bigint,
  epochs: readonly EpochMark[],
  ledgerEpoch: bigint,
  ledgerTimestampUsec: bigint,
): { usec: bigint; estimated: boolean } {
  return epochStartEstimator(epochs, ledgerEpoch, ledgerTimestampUsec)(epoch);
}

/** `estimateEpochStart` with its epoch records bound, for asking about many epochs of one snapshot. */
export type EpochStartEstimator = (epoch: bigint) => { usec: bigint; estimated: boolean };

/**
 * `estimateEpochStart` for many epochs against the same records: the records are indexed once (O(n log n)), then
 * each question costs a map lookup or a binary search, where a scan per question made a site with 10^4 transfers
 * and 10^3 epochs spend seconds here. Where records repeat an epoch, the first one counts, as in a scan.
 */
export function epochStartEstimator(
  epochs: readonly EpochMark[],
  ledgerEpoch: bigint,
  ledgerTimestampUsec: bigint,
): EpochStartEstimator {
  const known = new Map<bigint, bigint>();
  for (const record of epochs) {
    const epoch = record.epoch;
    if (!known.has(epoch)) known.set(epoch, record.timestampUsec);
  }
  const ascending = [...known.keys()].sort(compareBigint);
  const oldestEpoch = ascending[0];
  const newestEpoch = ascending[ascending.length - 1];
  let step = DEFAULT_EPOCH_USEC;
  if (oldestEpoch !== undefined && newestEpoch !== undefined && newestEpoch > oldestEpoch) {
    const average =
      ((known.get(newestEpoch) as bigint) - (known.get(oldestEpoch) as bigint)) / (newestEpoch - oldestEpoch);
    if (average > 0n) step = average;
  }
  /** The latest recorded epoch before `epoch`, or undefined when none is. */
  const anchorBefore = (epoch: bigint): bigint | undefined => {
    let low = 0;
    let high = ascending.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((ascending[middle] as bigint) < epoch) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? undefined : ascending[low - 1];
  };
  return (epoch) => {
    const exact = known.get(epoch);
    if (exact !== undefined) return { usec: exact, estimated: false };
    const fromEpoch = anchorBefore(epoch) ?? oldestEpoch;
    const from =
      fromEpoch === undefined
        ? { epoch: ledgerEpoch, usec: ledgerTimestampUsec }
        : { epoch: fromEpoch, usec: known.get(fromEpoch) as bigint };
    let usec = from.usec + (epoch - from.epoch) * step;
    if (epoch > ledgerEpoch) {
      const notBefore = ledgerTimestampUsec + (epoch - ledgerEpoch - 1n) * step;
      if (usec < notBefore) usec = notBefore;
    }
    return { usec: usec < 0n ? 0n : usec, estimated: true };
  };
}
