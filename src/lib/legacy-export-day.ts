/**
 * The day and epoch a v5 state export is filed under (from its name `report-YYYY-MM-DD-epoch-N.json`, from
 * `--date`/`--epoch`, or from a receipts summary), checked before anything is written: a name like
 * `report-2022-13-45-epoch-999.json` would otherwise be committed and break the build later without naming the file.
 *
 * The v5 chain ran from late 2021 (the program's wallet was flagged a community wallet on 2021-10-27) until the
 * rebase to v6 at the turn of 2023/2024, so an export's day lies in [LEGACY_FIRST_DAY, LEGACY_LAST_DAY] (a margin on
 * both sides). An epoch lasts at least 24 hours and v5 started after LEGACY_FIRST_DAY, so epoch N cannot be dated
 * fewer than N days after it.
 */

export const LEGACY_FIRST_DAY = "2021-01-01";
export const LEGACY_LAST_DAY = "2024-12-31";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EPOCH = /^(0|[1-9]\d{0,8})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Days since 1970-01-01 of a real calendar day `YYYY-MM-DD`, or null when it is not one (month 13, day 45, 02-30). */
export function dayNumber(day: string): number | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return null;
  // Days from civil (proleptic Gregorian), integer arithmetic only.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * What is wrong with filing an export under `day` and `epoch` (one sentence), or null when both are plausible: a
 * real calendar day within the v5 era, and an epoch number (no sign, no leading zeros) no larger than the days from
 * the era's first day to `day`.
 */
export function legacyExportDayProblem(day: string, epoch: string): string | null {
  const number = dayNumber(day);
  if (number === null) return `${day} is not a calendar day (expected YYYY-MM-DD with a real month and day)`;
  const first = dayNumber(LEGACY_FIRST_DAY) as number;
  if (number < first || number > (dayNumber(LEGACY_LAST_DAY) as number)) {
    return `${day} is outside the v5 era (${LEGACY_FIRST_DAY} to ${LEGACY_LAST_DAY})`;
  }
  if (!EPOCH.test(epoch)) return `epoch ${epoch} is not an epoch number (digits, no leading zeros)`;
  if (Number(epoch) > number - first) {
    return `epoch ${epoch} cannot have been reached by ${day}: an epoch lasts at least a day, and v5 started after ${LEGACY_FIRST_DAY}`;
  }
  return null;
}
