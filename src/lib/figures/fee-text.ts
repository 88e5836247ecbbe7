import { formatCoinAmount } from "../money.ts";
import { formatHundredthsPercent } from "../percent.ts";
import type { CapCheck, FeeReport } from "./fees.ts";

/**
 * Sentences about the fee cap for pages and the `check-fees` CLI, with the numbers in them: a breach is always said
 * in words (never by colour alone), and every page and the CLI say it the same way.
 */

/** "4.00 %" for 400 bps. */
export function capPercent(capBps: bigint): string {
  return formatHundredthsPercent(capBps);
}

/**
 * One line about a fee against its base: `"within the 4.00 % cap: fee 3.50 LIBRA ≤ allowance 4.00 LIBRA
 * (4.00 % of 100.00 LIBRA), headroom 0.50 LIBRA"` or `"over the 4.00 % cap (BREACH): fee 20.00 LIBRA > allowance
 * 12.00 LIBRA (4.00 % of 300.00 LIBRA), over by 8.00 LIBRA"`.
 */
export function capSentence(fee: bigint, base: bigint, check: CapCheck, capBps: bigint, symbol: string): string {
  const amounts = `fee ${formatCoinAmount(fee, symbol)} ${check.withinCap ? "≤" : ">"} allowance ${formatCoinAmount(check.allowance, symbol)} (${capPercent(capBps)} of ${formatCoinAmount(base, symbol)})`;
  return check.withinCap
    ? `within the ${capPercent(capBps)} cap: ${amounts}, headroom ${formatCoinAmount(check.headroom, symbol)}`
    : `over the ${capPercent(capBps)} cap (BREACH): ${amounts}, over by ${formatCoinAmount(check.excess, symbol)}`;
}

/** Every breach of the report as one line each (empty when the cap holds everywhere). */
export function breachLines(report: FeeReport, symbol: string): string[] {
  const lines: string[] = [];
  if (report.breaches.lifetime) {
    lines.push(
      `Lifetime: ${capSentence(report.lifetime.fees, report.lifetime.awards, report.lifetime, report.capBps, symbol)}`,
    );
  }
  for (const quarter of report.breaches.quarters) {
    lines.push(`${quarter.quarter}: ${capSentence(quarter.fees, quarter.awards, quarter, report.capBps, symbol)}`);
  }
  for (const award of report.breaches.awards) {
    lines.push(
      `Award ${award.award.transferUid === null ? award.award.id : `#${award.award.id}`}: ${capSentence(award.charged, award.award.amount, award, report.capBps, symbol)}`,
    );
  }
  return lines;
}
