import { formatCoins, formatInteger } from "../money.ts";
import type { ConsistencyCheck } from "./consistency.ts";

/**
 * The consistency check (`consistency.ts`, the rule) in plain words, for the public: what the figures show, and
 * what a difference can mean, without accusing anyone. The exact arithmetic is in `detail`, one tap away.
 */
export interface ConsistencyStatement {
  /** One line for a table cell: "Adds up" / "Differs by 1,234.50 LIBRA" / "Cannot be checked". */
  short: string;
  /** The sentence the wallet page shows. */
  sentence: string;
  /** The arithmetic, exact; null when there is none. */
  detail: string | null;
}

/** Why a difference can exist, in words that name movements, never people. */
const DIFFERENCE_REASONS =
  "e.g. fees or burns, coins moved outside the payment path, or payments made before its receipts were kept";

export function consistencyStatement(check: ConsistencyCheck, unit: string): ConsistencyStatement {
  if (check.kind === "cannot-tell") {
    return {
      short: "Cannot be checked",
      sentence: "Cannot be checked in this export: it does not record the total the wallet received.",
      detail: `recorded payments = ${formatCoins(check.recorded)} ${unit}`,
    };
  }
  const detail = `received − balance = ${formatCoins(check.paidOut)} ${unit}; recorded payments = ${formatCoins(check.recorded)} ${unit}; difference = ${formatInteger(check.difference)} base units`;
  if (check.kind === "agrees") {
    return check.difference === 0n
      ? {
          short: "Adds up",
          sentence: "Adds up: received − balance equals its recorded payments, to the last base unit.",
          detail,
        }
      : {
          short: "Adds up (rounding)",
          sentence: `Adds up: received − balance equals its recorded payments within ${formatInteger(check.difference)} base ${check.difference === 1n ? "unit" : "units"}, which the rounding of the 2023 conversion from GAS to LIBRA explains (at most one unit per recorded payment, here ${formatInteger(check.allowance)}).`,
          detail,
        };
  }
  const magnitude = check.difference < 0n ? -check.difference : check.difference;
  const amount = `${formatCoins(magnitude)} ${unit}`;
  const explanation =
    check.difference > 0n
      ? `${amount} more left the wallet than its receipts record: movements its receipts do not record, ${DIFFERENCE_REASONS}`
      : `its receipts record ${amount} more than left the wallet by received − balance: the two records were kept in different ways, e.g. deposits its running total does not count, or receipts carried over at another scale`;
  return {
    short: `Differs by ${amount}`,
    sentence: `Differs by ${amount}: ${explanation}. A difference is not by itself a sign that anything was taken.`,
    detail,
  };
}
