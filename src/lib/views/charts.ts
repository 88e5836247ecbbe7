import type { BalancePoint } from "../ledger/ledger-figures.ts";

/**
 * What the overview's charts share: their colour tokens and the thinning of a long balance series. The charts
 * are drawn at build time as SVG (`chart-svg.ts`); the table beside each (exact, from bigint) is the record, the
 * chart only draws it.
 *
 * Colours are CSS custom properties, defined in `site.css` for light and dark schemes and applied by classes
 * (`.chart-series-<key>`), so a chart stays readable in either scheme.
 */

/** The colour tokens the charts use; each must be defined in `site.css` for both colour schemes. */
export const CHART_COLOUR_TOKENS = [
  "--chart-balance",
  "--chart-in",
  "--chart-out",
  "--chart-out-fill",
  "--chart-fee",
  "--chart-cap",
  "--chart-cap-fill",
] as const;

/**
 * Fewer points for a long balance chart: up to `maxPoints` the series is drawn as is (every day with movements);
 * beyond that only the first point (the opening) and the last day with movements of each UTC month are kept.
 * Every kept point is still a true end-of-day balance, and the month's last one is the month's closing balance,
 * so the thinned chart agrees with the monthly table; the stepped line just skips the moves within a month.
 * Chart data size stays at about 12 points a year however long the program runs.
 */
export function thinBalanceSeries(series: readonly BalancePoint[], maxPoints: number): BalancePoint[] {
  if (series.length <= maxPoints) return [...series];
  const [first, ...rest] = series;
  if (!first) return [];
  const lastOfMonth = new Map<string, BalancePoint>();
  for (const point of rest) lastOfMonth.set(point.day.replace(/-[0-9]{2}$/, ""), point);
  return [first, ...lastOfMonth.values()];
}
