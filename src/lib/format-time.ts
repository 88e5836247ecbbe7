/**
 * Our own date formatting: always UTC, English month names, no locale data, so output is the same on every
 * machine and in every build (Intl output varies with ICU versions).
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function pad2(value: number): string {
  return value.toString().padStart(2, "0");
}

function dateFromUsec(usec: bigint): Date {
  // Milliseconds since 1970 stay far below 2^53 for any real chain time, so this conversion is exact.
  return new Date(Number(usec / 1000n));
}

/** `1764000000000000n` -> `"24 Nov 2025, 16:00 UTC"`. */
export function formatUtcDateTime(usec: bigint): string {
  const d = dateFromUsec(usec);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}

/** ISO 8601 in UTC to the second, for `<time datetime>` and data files: `"2025-11-24T16:00:00Z"`. */
export function formatIsoUtc(usec: bigint): string {
  return `${dateFromUsec(usec).toISOString().slice(0, 19)}Z`;
}

/** `"2025-12-02T17:32:43Z"` -> `"2 Dec 2025, 17:32 UTC"`, for ISO times produced by `formatIsoUtc`/`isoUtcOf`. */
export function formatIsoForPeople(iso: string): string {
  const match = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):\d{2}Z$/.exec(iso);
  if (!match) throw new RangeError(`not an ISO UTC time: ${JSON.stringify(iso)}`);
  const [, year, month, day, hours, minutes] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}, ${hours}:${minutes} UTC`;
}

/** `"2025-10-05"` -> `"5 Oct 2025"`, for calendar days (`YYYY-MM-DD`, as frontmatter dates are written). */
export function formatDayForPeople(day: string): string {
  const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(day);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || month === undefined) throw new RangeError(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return `${Number(match[3])} ${month} ${match[1]}`;
}
