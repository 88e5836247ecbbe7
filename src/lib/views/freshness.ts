/**
 * How old a snapshot is, said in words, for the overview's freshness line. The site is static and has no build
 * clock, so this runs in the reader's browser with the reader's "now"; the page carries a no-JS fallback that
 * states the snapshot time and the 3-day rule instead. Pure: the caller passes both times.
 */

/** A snapshot older than this may be out of date: the program runs one snapshot a day, so 3 days means missed runs. */
export const STALE_AFTER_HOURS = 72;

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

export interface Freshness {
  /** Whole milliseconds from the snapshot time to now (negative when the snapshot is ahead of the reader's clock). */
  ageMs: number;
  /** "less than an hour ago", "5 hours ago", "3 days ago", or "ahead of the clock on your device". */
  ageText: string;
  /** Older than `STALE_AFTER_HOURS` (exactly 72 h is not yet stale). */
  stale: boolean;
  /** The sentence to show when stale, else null. */
  warning: string | null;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * The age of a snapshot read at `snapshotIso` (`"2026-01-01T00:00:00Z"`, as `formatIsoUtc` writes it) seen at
 * `nowMs` (milliseconds since 1970, e.g. `Date.now()`). Up to 48 hours the age is counted in whole hours, then
 * in whole days (both rounded down, so the text never overstates freshness by more than the unit).
 */
export function describeFreshness(snapshotIso: string, nowMs: number): Freshness {
  if (!ISO_UTC.test(snapshotIso)) throw new RangeError(`not an ISO UTC time: ${JSON.stringify(snapshotIso)}`);
  if (!Number.isFinite(nowMs)) throw new RangeError(`not a time: ${nowMs}`);
  const ageMs = nowMs - Date.parse(snapshotIso);
  if (ageMs < 0) {
    return {
      ageMs,
      ageText: "ahead of the clock on your device",
      stale: false,
      warning: null,
    };
  }
  const hours = Math.floor(ageMs / MS_PER_HOUR);
  const ageText =
    hours < 1
      ? "less than an hour ago"
      : hours < 48
        ? `${plural(hours, "hour")} ago`
        : `${plural(Math.floor(ageMs / MS_PER_DAY), "day")} ago`;
  const stale = ageMs > STALE_AFTER_HOURS * MS_PER_HOUR;
  return {
    ageMs,
    ageText,
    stale,
    warning: stale
      ? `These figures may be out of date: the snapshot is ${ageText.replace(/ ago$/, "")} old, and snapshots are meant to be at most 3 days old.`
      : null,
  };
}
